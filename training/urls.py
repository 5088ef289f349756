"""/training/: sessions (the stable list), coverage, an officer's own record, and
/training/initiatives/ (namespace training:initiatives) for the shared initiative posts."""

from django.urls import include, path

from gifu_taisaku.core.attachment_views import attachment_urlpatterns
from gifu_taisaku.core.exports import export_urlpattern
from gifu_taisaku.core.urls_helpers import record_urlpatterns
from training import initiative_views, views
from training.exports import TrainingSessionExportView
from training.models import InitiativePost, TrainingSession

app_name = "training"

initiative_patterns = [
    *record_urlpatterns(
        InitiativePost,
        list_view=initiative_views.InitiativeListView,
        create_view=initiative_views.InitiativeCreateView,
        detail_view=initiative_views.InitiativeDetailView,
        update_view=initiative_views.InitiativeUpdateView,
        history_view=initiative_views.InitiativeHistoryView,
    ),
    *attachment_urlpatterns(InitiativePost),
]

urlpatterns = [
    *record_urlpatterns(
        TrainingSession,
        list_view=views.SessionListView,
        create_view=views.SessionCreateView,
        detail_view=views.SessionDetailView,
        update_view=views.SessionUpdateView,
        history_view=views.SessionHistoryView,
    ),
    export_urlpattern(TrainingSessionExportView),
    *attachment_urlpatterns(TrainingSession),
    path("attendees/", views.AttendeePickerView.as_view(), name="attendee_options"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("mine/", views.MyTrainingView.as_view(), name="mine"),
    path("initiatives/", include((initiative_patterns, "initiatives"))),
]
