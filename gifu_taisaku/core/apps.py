from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gifu_taisaku.core"
    label = "core"
    verbose_name = "共通基盤"
