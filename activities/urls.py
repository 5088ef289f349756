from django.urls import path  # noqa: F401  (export, import and attachment URLs are added here)

from activities import views
from activities.models import Activity
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
]
