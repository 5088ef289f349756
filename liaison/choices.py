"""Choice lists of liaison records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LiaisonKind(models.TextChoices):
    """What kind of contact with the partner it was."""

    MEETING = "meeting", _("会議")
    JOINT_DRILL = "joint_drill", _("合同訓練")
    EVENT = "event", _("イベント")
    INFO_EXCHANGE = "info_exchange", _("情報交換")
    AGREEMENT = "agreement", _("協定・申合せ")
    REQUEST = "request", _("要請")


class Direction(models.TextChoices):
    """Which way a piece of information went."""

    RECEIVED = "received", _("先方から受領")
    PROVIDED = "provided", _("当方から提供")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("未着手")
    IN_PROGRESS = "in_progress", _("対応中")
    DONE = "done", _("完了")


# The 別表 items of 推進事項2 (B01 市町村担当部署との連携 …) start with this letter.
LIAISON_MEASURE_PREFIX = "B"
