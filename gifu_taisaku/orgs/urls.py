"""/orgs/: 本部管理者's master-data screens, one URL set per `views.MASTERS` entry."""

from django.urls import URLPattern, path

from gifu_taisaku.orgs import views

app_name = "orgs"


def master_urlpatterns(master: views.Master) -> list[URLPattern]:
    """<slug>/, <slug>/new/, <slug>/<pk>/edit/ (and <slug>/<pk>/delete/) named <key>_<action>."""
    pk = f"<{master.pk_converter}:pk>"
    patterns = [
        path(
            f"{master.slug}/",
            views.MasterListView.as_view(master=master),
            name=f"{master.key}_list",
        ),
        path(
            f"{master.slug}/{pk}/edit/",
            views.MasterUpdateView.as_view(master=master),
            name=f"{master.key}_edit",
        ),
    ]
    if master.can_create:
        patterns.append(
            path(
                f"{master.slug}/new/",
                views.MasterCreateView.as_view(master=master),
                name=f"{master.key}_create",
            )
        )
    if master.can_delete:
        patterns.append(
            path(
                f"{master.slug}/{pk}/delete/",
                views.MasterDeleteView.as_view(master=master),
                name=f"{master.key}_delete",
            )
        )
    return patterns


urlpatterns = [
    path("", views.MasterIndexView.as_view(), name="index"),
    path("populations/bulk/", views.PopulationBulkView.as_view(), name="population_bulk"),
    *(pattern for master in views.MASTERS for pattern in master_urlpatterns(master)),
]
