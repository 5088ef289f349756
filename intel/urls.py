from django.urls import path

from gifu_taisaku.core.attachment_views import attachment_urlpatterns
from gifu_taisaku.core.exports import export_urlpattern
from gifu_taisaku.core.urls_helpers import record_urlpatterns
from intel import analysis_views, grant_views, views
from intel.exports import IntelExportView
from intel.models import IntelReport

app_name = "intel"

urlpatterns = [
    *record_urlpatterns(
        IntelReport,
        list_view=views.IntelListView,
        create_view=views.IntelCreateView,
        detail_view=views.IntelDetailView,
        update_view=views.IntelUpdateView,
        history_view=views.IntelHistoryView,
        action_views={"submit": views.IntelSubmitView},
    ),
    export_urlpattern(IntelExportView),
    *attachment_urlpatterns(IntelReport),
    path("<int:pk>/grants/", grant_views.GrantListView.as_view(), name="grants"),
    path(
        "<int:pk>/grants/<str:kind>/<int:grant_pk>/revoke/",
        grant_views.GrantRevokeView.as_view(),
        name="grant_revoke",
    ),
    path("<int:pk>/analysis/", analysis_views.AnalysisView.as_view(), name="analysis"),
    path(
        "<int:pk>/disseminations/", analysis_views.DisseminationView.as_view(), name="dissemination"
    ),
    path("<int:pk>/validate/", analysis_views.ValidateView.as_view(), name="validate"),
    path("<int:pk>/purge/", analysis_views.PurgeView.as_view(), name="purge"),
    path("queue/", analysis_views.AnalystQueueView.as_view(), name="queue"),
    path("review/", analysis_views.ReviewQueueView.as_view(), name="review_queue"),
    path("entities/<int:pk>/", analysis_views.EntityDetailView.as_view(), name="entity_detail"),
]
