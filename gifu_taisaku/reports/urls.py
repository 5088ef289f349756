"""/reports/: the dashboard, the annual report (page, xlsx, PDF) and background files."""

from django.urls import path

from gifu_taisaku.reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("annual/", views.AnnualIndexView.as_view(), name="annual_index"),
    path("annual/<int:year>/", views.AnnualReportView.as_view(), name="annual"),
    path(
        "annual/<int:year>/export.<str:fmt>",
        views.AnnualExportView.as_view(),
        name="annual_export",
    ),
    path("files/<uuid:pk>/status/", views.GeneratedReportStatusView.as_view(), name="file_status"),
    path(
        "files/<uuid:pk>/download/",
        views.GeneratedReportDownloadView.as_view(),
        name="file_download",
    ),
]
