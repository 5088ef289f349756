"""各種警察活動: one piece of outreach or enforcement work by a unit (推進事項1 and 4)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.choices import (
    ENFORCEMENT,
    HOME_VISITS,
    JOINT_PATROL,
    MEASURE_FIELDS,
    InterpreterKind,
    OffenceType,
)
from gifu_taisaku.core.models import RecordBase


def count_field(label: str, *, blank: bool = True) -> models.PositiveIntegerField:
    """An optional non-negative figure (None when the measure does not ask for it)."""
    return models.PositiveIntegerField(label, null=blank, blank=blank)


class Activity(RecordBase):
    """An outreach activity (巡回連絡, 110番通報講習, 交通安全教室 …) or enforcement outcome.

    The measure comes from the 別表 (A01–A11, A90, A99). Figures specific to a measure
    (households for A01, the partner group for A07, cases for A90) are kept only for
    that measure; `clean()` empties them for the others so that reports stay honest.
    """

    measure = models.ForeignKey(
        "orgs.Measure", verbose_name=_("推進方策"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("件名"), max_length=100)
    date = models.DateField(_("実施日"), db_index=True)
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    departments = models.JSONField(_("関係部門"), default=list, blank=True)

    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name=_("市町村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_name = models.CharField(_("場所"), max_length=100, blank=True)
    address = models.CharField(_("所在地"), max_length=200, blank=True)

    participants_total = models.PositiveIntegerField(_("参加者数"), default=0)
    participants_foreign = models.PositiveIntegerField(_("うち外国人"), default=0)
    participants_children = models.PositiveIntegerField(_("うち外国人児童等"), default=0)
    nationalities = models.ManyToManyField(
        "orgs.Nationality",
        verbose_name=_("参加者の国籍・地域"),
        blank=True,
        through="AudienceNationality",
        related_name="+",
    )
    languages = models.ManyToManyField(
        "orgs.Language",
        verbose_name=_("参加者の言語"),
        blank=True,
        through="AudienceLanguage",
        related_name="+",
    )

    interpreter_used = models.BooleanField(_("通訳人の帯同"), default=False)
    interpreter_kind = models.CharField(
        _("通訳の種別"), max_length=12, choices=InterpreterKind.choices, blank=True
    )
    interpreter_languages = models.ManyToManyField(
        "orgs.Language", verbose_name=_("通訳言語"), blank=True, related_name="+"
    )
    partners = models.ManyToManyField(
        "liaison.Organisation",
        verbose_name=_("連携した関係機関・団体"),
        blank=True,
        related_name="activities",
    )

    households_visited = count_field(_("訪問世帯数"))
    foreign_households = count_field(_("うち外国人世帯数"))
    liaison_cards = count_field(_("巡回連絡カード回収数"))
    patrol_group = models.ForeignKey(
        "liaison.Organisation",
        verbose_name=_("合同パトロールの団体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_patrols",
    )
    patrol_participants = count_field(_("団体側の参加人数"))
    offence_type = models.CharField(
        _("罪種"), max_length=20, choices=OffenceType.choices, blank=True
    )
    cases_built = count_field(_("事件化件数"))
    persons_arrested = count_field(_("検挙人員"))
    legal_basis = models.CharField(_("適用法令"), max_length=200, blank=True)

    summary = models.TextField(_("実施概要"))
    outcome = models.TextField(_("成果"), blank=True)
    follow_up = models.TextField(_("今後の対応"), blank=True)
    follow_up_due = models.DateField(_("対応期限"), null=True, blank=True)

    intel_obtained = models.BooleanField(_("情報入手あり"), default=False)
    intel_note = models.TextField(_("入手情報の概要"), blank=True)

    # Information about communities belongs to intel's need-to-know custody, not history.
    history_hidden_fields = ("intel_note",)

    class Meta:
        verbose_name = _("各種警察活動")
        verbose_name_plural = _("各種警察活動")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["owning_unit", "date"], name="activity_unit_date_idx"),
            # A station's list counts and totals its ~100,000 activities at scale 1 (issue 9):
            # with the figures in the index, that is an index-only scan instead of reading
            # tens of thousands of scattered table pages.
            models.Index(
                fields=[
                    "owning_unit",
                    "-date",
                    "-id",
                    "participants_total",
                    "participants_foreign",
                    "participants_children",
                ],
                name="activity_unit_totals_idx",
            ),
            # The dashboard, the annual report and commendation scoring aggregate a year of
            # approved activities of every unit (~100,000 rows scattered over the whole table
            # at scale 1): with every grouped or summed column in the index, each aggregate
            # is an index-only scan of one date range (issue 9).
            models.Index(
                fields=[
                    "date",
                    "status",
                    "owning_unit",
                    "measure",
                    "id",
                    "participants_total",
                    "participants_foreign",
                    "participants_children",
                    "interpreter_used",
                    "cases_built",
                    "persons_arrested",
                ],
                name="activity_date_figures_idx",
            ),
            # The HQ list's usual conditions (a measure, a status, a period); with a keyword
            # it is intersected with the 2-gram index of migration 0002 (issue 9).
            models.Index(
                fields=["measure", "status", "date"], name="activity_measure_stat_date_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def for_children(self) -> bool:
        """Whether foreign children (外国人児童等) were among the audience."""
        return self.participants_children > 0

    def clean(self) -> None:
        errors = {}
        self._clear_other_measures_fields()
        errors |= self._participant_errors()
        errors |= self._measure_errors()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
        if self.interpreter_used and not self.interpreter_kind:
            errors["interpreter_kind"] = _("通訳の種別を選んでください。")
        if self.intel_obtained and not self.intel_note.strip():
            errors["intel_note"] = _("入手した情報の概要を入力してください。")
        if errors:
            raise ValidationError(errors)

    def _measure_code(self) -> str:
        return self.measure.code if self.measure_id else ""

    def _clear_other_measures_fields(self) -> None:
        code = self._measure_code()
        for measure, fields in MEASURE_FIELDS.items():
            if measure != code:
                for name in fields:
                    blank = "" if name in ("offence_type", "legal_basis") else None
                    setattr(self, name, blank)

    def _participant_errors(self) -> dict:
        if self.participants_foreign > self.participants_total:
            return {"participants_foreign": _("外国人の人数が参加者数を超えています。")}
        if self.participants_children > self.participants_foreign:
            return {"participants_children": _("外国人児童等の人数が外国人の人数を超えています。")}
        return {}

    def _measure_errors(self) -> dict:
        code, errors = self._measure_code(), {}
        if code == HOME_VISITS:
            if self.households_visited is None:
                errors["households_visited"] = _("訪問世帯数を入力してください。")
            elif (self.foreign_households or 0) > self.households_visited:
                errors["foreign_households"] = _("外国人世帯数が訪問世帯数を超えています。")
            if not self.interpreter_used:
                errors["interpreter_used"] = _("巡回連絡（A01）は通訳人を帯同した活動です。")
        elif code == JOINT_PATROL and self.patrol_group_id is None:
            errors["patrol_group"] = _("合同パトロールの団体を選んでください。")
        elif code == ENFORCEMENT:
            if not self.offence_type:
                errors["offence_type"] = _("罪種を選んでください。")
            if self.cases_built is None and self.persons_arrested is None:
                errors["cases_built"] = _("事件化件数または検挙人員を入力してください。")
        return errors


class AudienceNationality(models.Model):
    """A nationality among the audience, with the number of people when known."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="audience_nationalities"
    )
    nationality = models.ForeignKey(
        "orgs.Nationality", verbose_name=_("国籍・地域"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("人数"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "nationality"], name="uniq_audience_nat")
        ]

    def __str__(self) -> str:
        return f"{self.nationality_id} {self.count or ''}".strip()


class AudienceLanguage(models.Model):
    """A language of the audience, with the number of speakers when known."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="audience_languages"
    )
    language = models.ForeignKey(
        "orgs.Language", verbose_name=_("言語"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("人数"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="uniq_audience_lang")
        ]

    def __str__(self) -> str:
        return f"{self.language_id} {self.count or ''}".strip()
