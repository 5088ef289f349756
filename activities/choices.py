"""Choice lists of activity records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.TextChoices):
    """Departments taking part: the directive asks for cross-department work."""

    CHIIKI = "chiiki", _("地域")
    SEIAN = "seian", _("生活安全")
    KEIJI = "keiji", _("刑事")
    KOTSU = "kotsu", _("交通")
    KEIBI = "keibi", _("警備")
    KEIMU = "keimu", _("警務")


class InterpreterKind(models.TextChoices):
    INTERNAL = "internal", _("部内通訳")
    EXTERNAL = "external", _("部外通訳")
    VOLUNTEER = "volunteer", _("ボランティア")
    TOOL = "tool", _("翻訳ツール")


class OffenceType(models.TextChoices):
    """Offence of an enforcement outcome (A90 違法行為の取締り)."""

    ILLEGAL_EMPLOYMENT = "illegal_employment", _("不法就労助長")
    SHAM_MARRIAGE = "sham_marriage", _("偽装結婚")
    UNDERGROUND_BANK = "underground_bank", _("地下銀行")
    DOCUMENT_FORGERY = "document_forgery", _("旅券等偽造")
    DRUGS = "drugs", _("薬物")
    THEFT = "theft", _("窃盗")
    OTHER = "other", _("その他")


# Measure codes with their own figures on the form.
HOME_VISITS = "A01"  # 通訳人を帯同した巡回連絡
JOINT_PATROL = "A07"  # 自主防犯団体との合同パトロール
ENFORCEMENT = "A90"  # 違法行為の取締り（事件化・検挙）

MEASURE_FIELDS: dict[str, tuple[str, ...]] = {
    HOME_VISITS: ("households_visited", "foreign_households", "liaison_cards"),
    JOINT_PATROL: ("patrol_group", "patrol_participants"),
    ENFORCEMENT: ("offence_type", "cases_built", "persons_arrested", "legal_basis"),
}
