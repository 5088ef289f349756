"""職場教養 (推進事項5): training sessions with their attendance, and initiative posts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.models import RecordBase, WorkflowStatus
from gifu_taisaku.core.scoping import ScopedQuerySet, unit_filter
from training.choices import TRAINING_MEASURE_PREFIX, InstructorKind

MAX_DURATION_MINUTES = 600


class TrainingSession(RecordBase):
    """A 職場教養 session of a unit (別表 D01–D03) and the officers who attended it.

    Attendance rows (`Attendance`) are each officer's training record: coverage counts the
    officers of a unit who attended an approved session of each D-measure in a year.
    """

    measure = models.ForeignKey(
        "orgs.Measure", verbose_name=_("推進方策"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("実施日"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("時間（分）"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    topic = models.CharField(_("題目"), max_length=100)
    instructor_kind = models.CharField(
        _("講師の区分"), max_length=12, choices=InstructorKind.choices
    )
    instructor_name = models.CharField(_("講師名"), max_length=60, blank=True)
    language = models.ForeignKey(
        "orgs.Language",
        verbose_name=_("対象言語"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("内容"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出席者"),
        through="Attendance",
        blank=True,
        related_name="attended_training_sessions",
    )

    class Meta:
        verbose_name = _("職場教養")
        verbose_name_plural = _("職場教養")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owning_unit", "date"], name="training_unit_date_idx")]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("training:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.measure_id and not self.measure.code.startswith(TRAINING_MEASURE_PREFIX):
            errors["measure"] = _("職場教養の推進方策（D01〜D03）を選んでください。")
        if self.instructor_kind == InstructorKind.INTERPRETER and not self.language_id:
            errors["language"] = _("通訳人が講師のときは、対象言語を選んでください。")
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """One officer's attendance at one session: a line of the officer's training record."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出席者"),
        on_delete=models.PROTECT,
        related_name="training_attendances",
    )

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="uniq_training_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.user_id}"


class InitiativeQuerySet(ScopedQuerySet):
    """Approved (published) posts are read by every unit; the rest stay in the station's scope.

    第3-1 asks for organisation-wide sharing of each unit's initiatives; drafts and posts
    awaiting approval are still the station's own, and only reading widens — never editing
    or deciding.
    """

    def visible_to(self, user, action: str = "view") -> "InitiativeQuerySet":
        scoped = super().visible_to(user, action)
        if action != "view" or not _may_read_records(user):
            return scoped
        condition = unit_filter(user, action)
        return scoped if condition is None else self.filter(condition | _published())


def _may_read_records(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role_perm(Perm.VIEW_RECORDS))


def _published() -> Q:
    return Q(status=WorkflowStatus.APPROVED)


class InitiativePost(RecordBase):
    """A station's good practice shared with every unit (自所属の取組の情報共有, 第2-5・第3-1).

    Published once approved. It may point at the station's own activity records; readers
    of other stations see which activities, but open only those in their own scope.
    """

    title = models.CharField(_("件名"), max_length=100)
    content = models.TextField(_("取組の内容"))
    people = models.CharField(
        _("実施者・関係者"),
        max_length=200,
        help_text=_("誰が、誰と（関係機関・団体など）取り組んだか"),
    )
    result = models.TextField(_("成果"))
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("関連する活動記録"),
        blank=True,
        related_name="initiative_posts",
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("取組の共有")
        verbose_name_plural = _("取組の共有")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:initiatives:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == WorkflowStatus.APPROVED
