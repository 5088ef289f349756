from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gifu_taisaku.orgs"
    label = "orgs"
    verbose_name = "組織・参照データ"
