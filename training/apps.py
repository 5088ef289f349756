from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """推進事項5 職場教養: training sessions with attendance, coverage, initiative sharing."""

    name = "training"
    verbose_name = "職場教養"
