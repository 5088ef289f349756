"""The standard URL set of a programme app, so every app has the same stable URLs."""

from django.urls import URLPattern, path

from gifu_taisaku.core import generic_views


def record_urlpatterns(
    model,
    *,
    list_view,
    create_view,
    detail_view,
    update_view,
    history_view,
    action_views: dict | None = None,
) -> list[URLPattern]:
    """/, new/, <pk>/, <pk>/edit/, <pk>/history/ and the workflow actions of one model
    (<pk>/submit/ answers GET with the 確認 page and POST by submitting).

    `action_views` replaces a workflow view ({"submit": MySubmitView}) where an app adds
    to a transition, such as intel alerting analysts on submission.
    """
    actions = {
        "submit": generic_views.RecordSubmitView,
        "approve": generic_views.RecordApproveView,
        "return": generic_views.RecordReturnView,
        "reopen": generic_views.RecordReopenView,
        **(action_views or {}),
    }
    return [
        path("", list_view.as_view(), name="list"),
        path("new/", create_view.as_view(), name="create"),
        path("<int:pk>/", detail_view.as_view(), name="detail"),
        path("<int:pk>/edit/", update_view.as_view(), name="update"),
        path("<int:pk>/history/", history_view.as_view(), name="history"),
        *(
            path(f"<int:pk>/{name}/", _action_view(view, model, detail_view), name=name)
            for name, view in actions.items()
        ),
    ]


def _action_view(view, model, detail_view):
    # Submitting shows its 確認 page through the app's own detail view (its fields, read-only).
    if issubclass(view, generic_views.RecordSubmitView):
        return view.as_view(model=model, detail_view=detail_view)
    return view.as_view(model=model)
