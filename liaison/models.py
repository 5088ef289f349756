"""推進事項2 関係行政機関等との連携: the partner directory, its contacts, and liaison records.

The directory (`Organisation`) is shared by every station: who the partners are is not
confidential. Their people (`Contact`) are personal data, kept by the station that deals
with them. A `LiaisonRecord` is one meeting, drill, event or exchange with partners.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gifu_taisaku.core.models import RecordBase, Versioned
from gifu_taisaku.core.scoping import ScopedQuerySet
from liaison.choices import Direction, FollowUpStatus, LiaisonKind


class OrganisationKind(models.TextChoices):
    MUNICIPAL = "municipal", _("市町村担当部署")
    IMMIGRATION = "immigration", _("出入国在留管理局")
    LABOUR = "labour", _("労働局・ハローワーク")
    INTERNATIONAL = "international", _("国際交流協会")
    SCHOOL = "school", _("学校")
    COMPANY = "company", _("企業")
    COMMERCIAL = "commercial", _("繁華街・商業施設")
    NEIGHBOURHOOD = "neighbourhood", _("自治会")
    CRIME_PREVENTION = "crime_prevention", _("自主防犯団体")
    INTERPRETERS = "interpreters", _("通訳人派遣団体")
    OTHER = "other", _("その他")


phone_validator = RegexValidator(
    r"^[0-9()\- ]*$", _("電話番号は半角の数字とハイフンで入力してください（例：058-000-0000）。")
)


class Organisation(Versioned):
    """An organisation the police work with: a town office, a company, a school, a patrol group.

    Shared by every station. Its page gathers the liaison records, activities and
    follow-ups that involve it, so that a newly posted officer can read the relationship.
    """

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("種別"), max_length=20, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "orgs.Municipality",
        verbose_name=_("所在市町村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("所在地"), max_length=200, blank=True)
    phone = models.CharField(
        _("代表電話番号"), max_length=20, blank=True, validators=[phone_validator]
    )
    stations = models.ManyToManyField(
        "orgs.OrgUnit",
        verbose_name=_("担当警察署"),
        blank=True,
        related_name="partner_organisations",
        limit_choices_to={"kind": "station"},
    )
    notes = models.TextField(_("備考"), blank=True)
    is_active = models.BooleanField(_("使用中"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("関係機関・団体")
        verbose_name_plural = _("関係機関・団体")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="uniq_organisation_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison:organisation_detail", args=[self.pk])


class Contact(Versioned):
    """A representative or person in charge (代表者・担当者) at an organisation.

    Personal data: owned by a station (`owning_unit`), visible only inside that station
    and to HQ (`Contact.objects.visible_to(user)`, the same scoping as records), kept with
    history, and left out of exports unless the exporting user asks (an audited choice).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("関係機関・団体"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    owning_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("担当所属"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("氏名"), max_length=60)
    title = models.CharField(_("役職"), max_length=60, blank=True)
    phone = models.CharField(_("電話番号"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("メールアドレス"), blank=True)
    languages = models.ManyToManyField(
        "orgs.Language", verbose_name=_("対応できる言語"), blank=True, related_name="+"
    )
    notes = models.TextField(_("備考"), blank=True)
    is_active = models.BooleanField(
        _("現任"), default=True, help_text=_("異動・退職したらチェックを外します。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("担当者")
        verbose_name_plural = _("担当者")
        ordering = ["organisation__name", "name", "pk"]
        indexes = [
            models.Index(fields=["owning_unit", "organisation"], name="contact_unit_org_idx")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison:contact_detail", args=[self.pk])


class LiaisonRecord(RecordBase):
    """One meeting, joint drill, event or exchange with partner organisations (B01–B03).

    Names the organisations and their contacts, our participants, what information went
    which way (`InformationItem`) and what is to be done next (`FollowUp`).
    """

    measure = models.ForeignKey(
        "orgs.Measure", verbose_name=_("推進方策"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("連携の種別"), max_length=16, choices=LiaisonKind.choices)
    title = models.CharField(_("件名"), max_length=100)
    date = models.DateField(_("実施日"), db_index=True)
    place_name = models.CharField(_("場所"), max_length=100, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("関係機関・団体"), related_name="liaison_records"
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("先方の担当者"), blank=True, related_name="liaison_records"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("当方の出席者"), blank=True, related_name="+"
    )
    summary = models.TextField(_("概要"))

    intel_obtained = models.BooleanField(_("情報入手あり"), default=False)
    intel_note = models.TextField(_("入手情報の概要"), blank=True)

    # Information about communities belongs to intel's need-to-know custody, not history.
    history_hidden_fields = ("intel_note",)

    class Meta:
        verbose_name = _("関係機関との連携")
        verbose_name_plural = _("関係機関との連携")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["owning_unit", "date"], name="liaison_unit_date_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("liaison:detail", args=[self.pk])

    def clean(self) -> None:
        if self.intel_obtained and not self.intel_note.strip():
            raise ValidationError({"intel_note": _("入手した情報の概要を入力してください。")})


class InformationItem(models.Model):
    """A piece of information received from or provided to a partner at the liaison."""

    record = models.ForeignKey(LiaisonRecord, on_delete=models.CASCADE, related_name="information")
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("相手方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.CharField(_("情報の内容"), max_length=300)

    class Meta:
        verbose_name = _("受領・提供した情報")
        verbose_name_plural = _("受領・提供した情報")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}：{self.content}"


class FollowUp(models.Model):
    """Something to be done after the liaison, by a due date; its status moves on afterwards.

    The status is kept up to date even after the record is approved (the follow-up is
    work still going on, not part of the approved account), with history.
    """

    record = models.ForeignKey(LiaisonRecord, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("対応事項"), max_length=200)
    due_date = models.DateField(_("期限"))
    status = models.CharField(
        _("対応状況"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completed_on = models.DateField(_("完了日"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("今後の対応")
        verbose_name_plural = _("今後の対応")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="followup_status_due_idx")]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status != FollowUpStatus.DONE and self.due_date < timezone.localdate()

    def clean(self) -> None:
        if self.status == FollowUpStatus.DONE and self.completed_on is None:
            self.completed_on = timezone.localdate()
        elif self.status != FollowUpStatus.DONE:
            self.completed_on = None
