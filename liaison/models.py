"""The directory of partner organisations (関係機関・団体).

Activities name their partners from here; the liaison issue grows this model into the
full directory (contacts, liaison records) rather than adding a second one.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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


class Organisation(models.Model):
    """An organisation the police work with: a town office, a company, a school, a patrol group."""

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
        return reverse("liaison:organisation_edit", args=[self.pk])
