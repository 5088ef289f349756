"""/commendations/: recommendations (the stable record URLs), schemes and scores."""

from django.urls import path

from commendations import scheme_views, score_views, views
from commendations.models import Recommendation
from gifu_taisaku.core.urls_helpers import record_urlpatterns

app_name = "commendations"

urlpatterns = [
    *record_urlpatterns(
        Recommendation,
        list_view=views.RecommendationListView,
        create_view=views.RecommendationCreateView,
        detail_view=views.RecommendationDetailView,
        update_view=views.RecommendationUpdateView,
        history_view=views.RecommendationHistoryView,
        action_views=views.ACTION_VIEWS,
    ),
    path("<int:pk>/pdf/", views.RecommendationPdfView.as_view(), name="pdf"),
    path("schemes/", scheme_views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/new/", scheme_views.SchemeFormView.as_view(), name="scheme_create"),
    path("schemes/copy/", scheme_views.SchemeCopyView.as_view(), name="scheme_copy"),
    path("schemes/<int:pk>/edit/", scheme_views.SchemeFormView.as_view(), name="scheme_edit"),
    path("scores/", score_views.ScoreIndexView.as_view(), name="score_index"),
    path("scores/<int:year>/", score_views.RankingView.as_view(), name="ranking"),
    path("scores/<int:year>/freeze/", score_views.FreezeView.as_view(), name="freeze"),
    path("scores/<int:year>/diff/", score_views.DiffView.as_view(), name="diff"),
    path(
        "scores/<int:year>/export.xlsx",
        score_views.RankingExportView.as_view(),
        name="ranking_export",
    ),
    path(
        "scores/<int:year>/stations/<int:station_pk>/",
        score_views.StationScoreView.as_view(),
        name="station_score",
    ),
]
