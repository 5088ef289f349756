from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """推進事項5 職場教養 (filled by its own issue)."""

    name = "training"
    verbose_name = "職場教養"
