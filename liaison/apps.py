from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    """推進事項2 関係行政機関等との連携: the directory of partner organisations, so far."""

    name = "liaison"
    verbose_name = "関係機関との連携"
