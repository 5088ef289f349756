from django.apps import AppConfig


class IntelConfig(AppConfig):
    """推進事項3 実態把握: need-to-know reports under strict confidentiality (保秘)."""

    name = "intel"
    verbose_name = "実態把握"
