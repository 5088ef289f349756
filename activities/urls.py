from django.urls import path

from activities import import_views, views
from activities.exports import ActivityExportView
from activities.models import Activity
from gifu_taisaku.core.attachment_views import attachment_urlpatterns
from gifu_taisaku.core.exports import export_urlpattern
from gifu_taisaku.core.urls_helpers import record_urlpatterns

app_name = "activities"

urlpatterns = [
    *record_urlpatterns(
        Activity,
        list_view=views.ActivityListView,
        create_view=views.ActivityCreateView,
        detail_view=views.ActivityDetailView,
        update_view=views.ActivityUpdateView,
        history_view=views.ActivityHistoryView,
    ),
    export_urlpattern(ActivityExportView),
    *attachment_urlpatterns(Activity),
    path("import/", import_views.ImportUploadView.as_view(), name="import_upload"),
    path("import/template.xlsx", import_views.ImportTemplateView.as_view(), name="import_template"),
    path("import/<int:pk>/", import_views.ImportPreviewView.as_view(), name="import_preview"),
    path("import/<int:pk>/commit/", import_views.ImportCommitView.as_view(), name="import_commit"),
]
