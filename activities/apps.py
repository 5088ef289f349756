from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    """推進事項1・4 各種警察活動 (filled by its own issue)."""

    name = "activities"
    verbose_name = "各種警察活動"
