"""Choice lists and fixed codes of the training app (職場教養)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.roles import Role

# 別表 D (職場教養の実施): the measures a training session may be recorded under.
TRAINING_MEASURE_PREFIX = "D"
# The roles of a station's own staff: they are the officers who attend training and whom
# coverage counts. HQ roles (analyst, admin, auditor) are not station officers.
STATION_STAFF_ROLES = (Role.OFFICER, Role.APPROVER)


class InstructorKind(models.TextChoices):
    """Who taught the session."""

    INTERNAL = "internal", _("部内講師")
    EXTERNAL = "external", _("部外講師")
    INTERPRETER = "interpreter", _("通訳人")


class YearBasis(models.TextChoices):
    """Whether a year of coverage is the calendar year (暦年) or the fiscal year (年度)."""

    CALENDAR = "calendar", _("暦年（1月〜12月）")
    FISCAL = "fiscal", _("年度（4月〜翌年3月）")
