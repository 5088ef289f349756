from django.apps import AppConfig


class IntelConfig(AppConfig):
    """推進事項3 実態把握 (filled by its own issue)."""

    name = "intel"
    verbose_name = "実態把握"
