"""URL configuration. Each programme app mounts at /<app>/ (see docs/architecture.md)."""

from django.urls import include, path

from gifu_taisaku.core.views import healthz

urlpatterns = [
    path("", include("gifu_taisaku.core.urls")),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("gifu_taisaku.accounts.urls")),
    path("orgs/", include("gifu_taisaku.orgs.urls")),
    path("activities/", include("activities.urls")),
    path("liaison/", include("liaison.urls")),
    path("training/", include("training.urls")),
    path("intel/", include("intel.urls")),
    path("reports/", include("gifu_taisaku.reports.urls")),
    path("commendations/", include("commendations.urls")),
]
# Django's admin is deliberately not mounted: every master-data screen is in the app,
# behind the same role checks and audit as the rest.
