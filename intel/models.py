"""実態把握 (推進事項3): need-to-know reports about communities, places and networks.

Who may read a report is decided in intel.scoping, never here or in a view. Nothing
in a report's `__str__` is content: audit events and notifications name reports by number.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from gifu_taisaku.core.models import RecordBase
from intel.choices import (
    DEFAULT_REVIEW_DAYS,
    PERSON_CATEGORIES,
    RETENTION_YEARS,
    AnalystStatus,
    EntityKind,
    Handling,
    InformationGrade,
    PlaceKind,
    Secrecy,
    SourceGrade,
)
from intel.scoping import IntelQuerySet


def default_review_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)


def default_retention_limit() -> datetime.date:
    return retention_limit_from(timezone.localdate())


def retention_limit_from(day: datetime.date) -> datetime.date:
    """Five years after `day` (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year + RETENTION_YEARS)
    except ValueError:
        return day.replace(year=day.year + RETENTION_YEARS, day=28)


class IntelReport(RecordBase):
    """A situation-awareness report (実態把握) about a community, a place or a network.

    Readers are limited by `secrecy` (see intel.scoping); content fields are listed in
    `history_hidden_fields` so the history page shows who changed what, not the text.
    """

    measure = models.ForeignKey(
        "orgs.Measure", verbose_name=_("区分"), on_delete=models.PROTECT, related_name="+"
    )
    information_date = models.DateField(_("情報の日付"))
    title = models.CharField(_("件名"), max_length=100)
    summary = models.TextField(_("概要"))
    details = models.TextField(_("詳細"), blank=True)
    source_grade = models.CharField(_("情報源の評価"), max_length=1, choices=SourceGrade.choices)
    information_grade = models.CharField(
        _("情報の評価"), max_length=1, choices=InformationGrade.choices
    )
    handling = models.CharField(
        _("取扱区分"), max_length=1, choices=Handling.choices, default=Handling.PERMITTED
    )
    handling_condition = models.CharField(_("取扱条件"), max_length=200, blank=True)
    secrecy = models.CharField(
        _("保秘区分"),
        max_length=10,
        choices=Secrecy.choices,
        default=Secrecy.INTERNAL,
        db_index=True,
    )
    warning_sign = models.BooleanField(_("予兆"), default=False, db_index=True)
    source_activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("端緒となった活動"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_liaison = models.ForeignKey(
        "liaison.LiaisonRecord",
        verbose_name=_("端緒となった連携"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("事件化の結果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    analyst_status = models.CharField(
        _("分析状況"),
        max_length=16,
        choices=AnalystStatus.choices,
        default=AnalystStatus.NEW,
        db_index=True,
    )
    review_date = models.DateField(_("見直し期日"), default=default_review_date, db_index=True)
    last_validated_at = models.DateField(_("最終確認日"), default=timezone.localdate)
    last_validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最終確認者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validation_reason = models.CharField(_("確認の理由"), max_length=200, blank=True)
    retention_until = models.DateField(
        _("保存期限"), default=default_retention_limit, db_index=True
    )

    history_hidden_fields = ("title", "summary", "details", "handling_condition")
    audit_reads = True  # every read of content, attachments included, is an audit event

    objects = IntelQuerySet.as_manager()

    class Meta:
        verbose_name = _("実態把握")
        verbose_name_plural = _("実態把握")
        ordering = ["-information_date", "-pk"]
        # The list's order: an analyst sees nearly every report, so the first page is read
        # from this index's end instead of sorting all reports (issue 9).
        indexes = [
            models.Index(fields=["-information_date", "-id"], name="intel_report_list_idx"),
            # The list's "全 N 件" for an analyst counts ~95 % of all reports: with the columns
            # of the scope's test (secrecy, author, id for the grants) in one narrow index,
            # that count is an index-only scan instead of reading the whole table (issue 9).
            models.Index(fields=["secrecy", "created_by", "id"], name="intel_report_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"実態把握 第{self.pk}号" if self.pk else "実態把握（新規）"

    def get_absolute_url(self) -> str:
        return reverse("intel:detail", args=[self.pk])

    def clean(self) -> None:
        if self.measure_id and not self.measure.code.startswith("C"):
            raise ValidationError({"measure": _("実態把握の区分（C01〜C08）を選んでください。")})
        if self.handling == Handling.CONDITIONAL and not self.handling_condition.strip():
            raise ValidationError({"handling_condition": _("共有の条件を入力してください。")})

    @property
    def allows_persons(self) -> bool:
        return bool(self.measure_id) and self.measure.code in PERSON_CATEGORIES


class Entity(models.Model):
    """A place, organisation, network or person that reports mention; shared across reports."""

    kind = models.CharField(_("種別"), max_length=16, choices=EntityKind.choices)
    name = models.CharField(_("名称・氏名"), max_length=120)
    place_kind = models.CharField(
        _("場所の種類"), max_length=12, choices=PlaceKind.choices, blank=True
    )
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name=_("市町村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    nationality = models.ForeignKey(
        "orgs.Nationality",
        verbose_name=_("国籍・地域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("関係対象")
        verbose_name_plural = _("関係対象")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("intel:entity_detail", args=[self.pk])


class ReportEntity(models.Model):
    """A report mentions an entity; a person needs the suspected criminal involvement in writing."""

    report = models.ForeignKey(IntelReport, on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(
        Entity, verbose_name=_("関係対象"), on_delete=models.PROTECT, related_name="report_links"
    )
    role = models.CharField(_("関わり"), max_length=100, blank=True)
    justification = models.TextField(_("犯罪への関与が疑われる理由"), blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "entity"], name="uniq_report_entity")
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.entity}"

    def clean(self) -> None:
        try:
            entity = self.entity  # may be a new, unsaved entity described on the same form
        except Entity.DoesNotExist:
            return
        if entity.kind != EntityKind.PERSON:
            return
        if not self.report.allows_persons:
            raise ValidationError(
                {
                    "entity": _(
                        "人物は区分C06（犯罪インフラ事犯）またはC08の報告にだけ記録できます。"
                    )
                }
            )
        if not self.justification.strip():
            raise ValidationError(
                {"justification": _("人物を記録するには、犯罪への関与が疑われる理由が必要です。")}
            )


class AnalystNote(models.Model):
    """An HQ analyst's note on a report; the author's station sees it only when shareable."""

    report = models.ForeignKey(IntelReport, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("分析メモ"))
    shareable = models.BooleanField(_("作成所属に共有する"), default=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.report} のメモ"


class Dissemination(models.Model):
    """Information from a report shared outside the police: who received what, why, when."""

    report = models.ForeignKey(IntelReport, on_delete=models.CASCADE, related_name="disseminations")
    recipient = models.CharField(_("提供先機関"), max_length=120)
    content = models.TextField(_("提供した内容"))
    purpose = models.TextField(_("提供の理由"))
    shared_on = models.DateField(_("提供日"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提供者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shared_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} → {self.recipient}"


class GrantFields(models.Model):
    """Why, by whom and until when a need-to-know grant holds."""

    reason = models.CharField(_("付与の理由"), max_length=300)
    expires_at = models.DateTimeField(_("有効期限"), db_index=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("付与者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("付与日時"), auto_now_add=True)

    class Meta:
        abstract = True


class IntelUserGrant(GrantFields, UserObjectPermissionBase):
    """A guardian object permission for one user on one report, with reason and expiry."""

    content_object = models.ForeignKey(
        IntelReport, on_delete=models.CASCADE, related_name="user_grants"
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("閲覧権限（個人）")

    def __str__(self) -> str:
        return f"{self.content_object_id} → {self.user_id}"


class IntelUnitGrant(GrantFields, GroupObjectPermissionBase):
    """A guardian object permission for a unit's group (its members) on one report."""

    content_object = models.ForeignKey(
        IntelReport, on_delete=models.CASCADE, related_name="unit_grants"
    )

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("閲覧権限（所属）")

    def __str__(self) -> str:
        return f"{self.content_object_id} → group {self.group_id}"


class PurgedReport(models.Model):
    """The tombstone of a purged report: no content, only that it existed and who purged it."""

    report_id = models.PositiveBigIntegerField(_("報告番号"), unique=True)
    category_code = models.CharField(_("区分"), max_length=4)
    owning_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("作成日"))
    last_validated_on = models.DateField(_("最終確認日"))
    retention_until = models.DateField(_("保存期限"))
    purged_at = models.DateTimeField(_("消去日時"), auto_now_add=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("消去の理由"), max_length=200)

    class Meta:
        verbose_name = _("消去記録")
        ordering = ["-purged_at"]

    def __str__(self) -> str:
        return f"実態把握 第{self.report_id}号（消去済み）"
