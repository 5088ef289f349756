from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    """第4 表彰又は賞揚 (filled by its own issue)."""

    name = "commendations"
    verbose_name = "表彰"
