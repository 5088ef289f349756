from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gifu_taisaku.core"
    label = "core"
    verbose_name = "共通基盤"

    def ready(self):
        from gifu_taisaku.core import checks  # noqa: F401  (registers the system checks)
