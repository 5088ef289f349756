from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gifu_taisaku.accounts"
    label = "accounts"
    verbose_name = "利用者"

    def ready(self) -> None:
        from gifu_taisaku.accounts import signals  # noqa: F401  (login audit receivers)
