"""Choice lists of intel (実態把握) records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Secrecy(models.TextChoices):
    """保秘区分: decides who may read a report (see intel.scoping)."""

    INTERNAL = "internal", _("部内限り")
    CAUTION = "caution", _("取扱注意")
    SECRET = "secret", _("秘")


class SourceGrade(models.TextChoices):
    """Reliability of the source (UK 3x5x2 style)."""

    RELIABLE = "1", _("1 信頼できる")
    UNTESTED = "2", _("2 未検証")
    UNRELIABLE = "3", _("3 信頼できない")


class InformationGrade(models.TextChoices):
    """Assessment of the information itself."""

    A = "A", _("A 確認済み（直接見聞）")
    B = "B", _("B 情報源は直接知り得たが未確認")
    C = "C", _("C 伝聞")
    D = "D", _("D 真偽不明")
    E = "E", _("E 虚偽の疑い")


class Handling(models.TextChoices):
    """Handling code: whether the information may be passed on."""

    PERMITTED = "P", _("P 共有可")
    CONDITIONAL = "C", _("C 条件付き")


class AnalystStatus(models.TextChoices):
    """Where a submitted report stands in the HQ analysts' queue."""

    NEW = "new", _("新着")
    IN_REVIEW = "in_review", _("確認中")
    CONFIRMED = "confirmed", _("確認済")
    FURTHER_INQUIRY = "further_inquiry", _("要追加調査")
    CASE_BUILT = "case_built", _("事件化")
    REJECTED = "rejected", _("不採用")


class EntityKind(models.TextChoices):
    PLACE = "place", _("場所")
    ORGANISATION = "organisation", _("団体・企業")
    NETWORK = "network", _("コミュニティ・ネットワーク")
    PERSON = "person", _("人物")


class PlaceKind(models.TextChoices):
    AREA = "area", _("地域")
    COMPANY = "company", _("企業")
    SCHOOL = "school", _("学校")
    NIGHTLIFE = "nightlife", _("繁華街・盛り場")
    SHOP = "shop", _("店舗・飲食店")
    YARD = "yard", _("ヤード")
    OTHER = "other", _("その他")


# Categories under which a person may be recorded (with a written justification).
PERSON_CATEGORIES = frozenset({"C06", "C08"})
DEFAULT_REVIEW_DAYS = 365
RETENTION_YEARS = 5  # 28 CFR Part 23: at most five years from the last validation
