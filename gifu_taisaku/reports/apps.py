from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboard and annual report (実施状況): reads the programme apps through their selectors."""

    name = "gifu_taisaku.reports"
    label = "reports"
    verbose_name = _("実施状況の集計")
