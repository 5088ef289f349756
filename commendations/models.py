"""第4 表彰又は賞揚: the yearly scoring scheme, its frozen results, and recommendations (上申).

A `Scheme` lists the metrics of one year with their weights, normalisation and caps; the
scores themselves are computed from approved records (commendations.scoring) and are not
stored until 本部管理者 freezes the year as a `Snapshot`. A `Recommendation` is the 上申
document for a station or an officer, a programme record with the usual workflow.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commendations.choices import (
    INDIVIDUAL_KINDS,
    RECOMMENDATION_STATUS_LABELS,
    Normalisation,
    RecommendationKind,
    YearBasis,
)
from commendations.metrics import METRIC_CHOICES, METRICS
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.models import RecordBase
from gifu_taisaku.core.scoping import ScopedQuerySet
from gifu_taisaku.reports.periods import Period


class Scheme(models.Model):
    """The scoring scheme (評価基準) of one year: which metrics count, and how much.

    Edited by 本部管理者; copied from the previous year and changed. Once the year's
    result is frozen (a `Snapshot` exists) the scheme is used and can no longer change.
    """

    year = models.PositiveSmallIntegerField(_("年"), unique=True)
    basis = models.CharField(
        _("集計期間"), max_length=10, choices=YearBasis.choices, default=YearBasis.CALENDAR
    )
    title = models.CharField(_("名称"), max_length=100, blank=True)
    notes = models.TextField(_("備考"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("複写元"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("表彰の評価基準")
        verbose_name_plural = _("表彰の評価基準")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title or _("%(period)s 表彰の評価基準") % {"period": self.period.label}

    def get_absolute_url(self) -> str:
        return reverse("commendations:scheme_edit", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period.of_year(self.year, self.basis)

    @property
    def is_frozen(self) -> bool:
        """A scheme whose result was frozen is used: changing it would rewrite history."""
        return Snapshot.objects.filter(scheme_id=self.pk).exists()


class SchemeMetric(models.Model):
    """One metric of a scheme: what is counted, its weight, normalisation and cap.

    points = weight × min(normalised value, cap). `measure_code` narrows an activity count
    to one 別表 item (A07 合同パトロール …).
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="metrics")
    metric = models.CharField(_("評価項目"), max_length=32, choices=METRIC_CHOICES)
    measure_code = models.CharField(
        _("推進方策（別表）"),
        max_length=4,
        blank=True,
        help_text=_("各種警察活動の件数を1つの推進方策に絞るとき（例：A07）"),
    )
    weight = models.DecimalField(
        _("配点（倍率）"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    normalisation = models.CharField(
        _("正規化"), max_length=20, choices=Normalisation.choices, default=Normalisation.NONE
    )
    cap = models.DecimalField(
        _("上限"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("正規化した値の上限（空欄は上限なし）"),
    )
    sort_order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("評価項目")
        verbose_name_plural = _("評価項目")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "metric", "measure_code"], name="uniq_scheme_metric"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def definition(self):
        """How the metric is counted (commendations.metrics); None until one is chosen
        (a form row whose choice was refused is still cleaned and shown again)."""
        return METRICS.get(self.metric)

    @property
    def label(self) -> str:
        if self.definition is None:
            return str(_("評価項目（未選択）"))
        base = str(self.definition.label)
        return f"{base}（{self.measure_code}）" if self.measure_code else base

    def clean(self) -> None:
        if self.measure_code and self.definition and not self.definition.uses_measure:
            raise ValidationError({"measure_code": _("この評価項目は推進方策で絞り込めません。")})


class Snapshot(models.Model):
    """The frozen result of a year (確定): the scheme and every figure as they were decided.

    `data` is commendations.scoring.YearResult.to_json(); later edits to records change
    a recomputation, never this.
    """

    scheme = models.OneToOneField(
        Scheme, verbose_name=_("評価基準"), on_delete=models.PROTECT, related_name="snapshot"
    )
    data = models.JSONField(_("確定した結果"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確定者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("確定日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("確定した評価結果")
        verbose_name_plural = _("確定した評価結果")

    def __str__(self) -> str:
        return _("%(scheme)s（確定）") % {"scheme": self.scheme}


class RecommendationQuerySet(ScopedQuerySet):
    """Recommendations are HQ's: whoever manages commendations reads and decides them all."""

    def visible_to(self, user, action: str = "view") -> "RecommendationQuerySet":
        allowed = user.is_authenticated and user.is_active
        if allowed and user.has_role_perm(Perm.MANAGE_COMMENDATIONS):
            return self.all()
        return self.none()


class Recommendation(RecordBase):
    """A 上申 (recommendation) of a station (賞状) or an officer (賞詞・賞誉・賞揚) for a year.

    Workflow 起案 (draft) → 審査 (submitted) → 決定 (approved) / 差戻し (returned). The
    station's score breakdown is copied into `score_summary` when drafted, so the 上申書
    shows the figures the recommendation was made on.
    """

    kind = models.CharField(_("種別"), max_length=16, choices=RecommendationKind.choices)
    year = models.PositiveSmallIntegerField(_("対象年"))
    station = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("警察署"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=Q(kind="station"),
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被上申者（職員）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("件名"), max_length=100)
    achievements = models.TextField(_("功績概要"))
    score_summary = models.JSONField(_("評価の内訳"), default=dict, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("表彰の上申")
        verbose_name_plural = _("表彰の上申")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commendations:detail", args=[self.pk])

    def get_status_display(self) -> str:
        return str(RECOMMENDATION_STATUS_LABELS.get(self.status, self.status))

    @property
    def is_individual(self) -> bool:
        return self.kind in INDIVIDUAL_KINDS

    def clean(self) -> None:
        if self.is_individual and self.nominee_id is None:
            raise ValidationError({"nominee": _("個人の表彰では、被上申者を選んでください。")})
        if not self.is_individual:
            self.nominee = None
