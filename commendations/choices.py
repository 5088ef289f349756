"""Choice lists of commendations (表彰又は賞揚)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class YearBasis(models.TextChoices):
    """Which year a scheme scores: 暦年 (the directive's 年間) or 年度."""

    CALENDAR = "calendar", _("暦年（1月〜12月）")
    FISCAL = "fiscal", _("年度（4月〜翌年3月）")


class Normalisation(models.TextChoices):
    """How a metric's raw value is made comparable between large and small stations."""

    NONE = "none", _("なし（実数）")
    PER_100_OFFICERS = "per_100_officers", _("署員100人当たり")
    PER_1000_FOREIGN = "per_1000_foreign", _("管内在留外国人1,000人当たり")


class RecommendationKind(models.TextChoices):
    """賞状 goes to a station; 賞詞・賞誉・賞揚 to an individual officer."""

    CERTIFICATE = "certificate", _("賞状（警察署）")
    COMMENDATION = "commendation", _("賞詞（個人）")
    PRAISE = "praise", _("賞誉（個人）")
    ACCOLADE = "accolade", _("賞揚（個人）")


INDIVIDUAL_KINDS = frozenset(
    {RecommendationKind.COMMENDATION, RecommendationKind.PRAISE, RecommendationKind.ACCOLADE}
)

# The workflow of a recommendation, in the words of 上申: 起案 → 審査 → 決定 / 差戻し.
RECOMMENDATION_STATUS_LABELS = {
    "draft": _("起案"),
    "submitted": _("審査中"),
    "approved": _("決定"),
    "returned": _("差戻し"),
}
