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
    """/, new/, <pk>/, <pk>/edit/, <pk>/history/ and the workflow actions of one model.

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
            path(f"<int:pk>/{name}/", view.as_view(model=model), name=name)
            for name, view in actions.items()
        ),
    ]
