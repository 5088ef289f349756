"""Organisation and reference data: org units, municipalities, jurisdictions, catalogues."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OrgUnitKind(models.TextChoices):
    HQ = "hq", _("本部")
    DEPARTMENT = "department", _("部")
    DIVISION = "division", _("課")
    STATION = "station", _("警察署")
    KOBAN = "koban", _("交番")
    CHUZAISHO = "chuzaisho", _("駐在所")


# Which kinds may sit under which: 本部 → 部 → 課, 警察署 → 交番・駐在所.
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    OrgUnitKind.HQ: {None},
    OrgUnitKind.DEPARTMENT: {OrgUnitKind.HQ},
    OrgUnitKind.DIVISION: {OrgUnitKind.DEPARTMENT},
    OrgUnitKind.STATION: {None},
    OrgUnitKind.KOBAN: {OrgUnitKind.STATION},
    OrgUnitKind.CHUZAISHO: {OrgUnitKind.STATION},
}

HQ_KINDS = {OrgUnitKind.HQ, OrgUnitKind.DEPARTMENT, OrgUnitKind.DIVISION}


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None) -> "OrgUnitQuerySet":
        """Units in force on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(
            Q(active_from__lte=day), Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def stations(self) -> "OrgUnitQuerySet":
        return self.filter(kind=OrgUnitKind.STATION)

    def subtree_of(self, unit: "OrgUnit") -> "OrgUnitQuerySet":
        """`unit` and everything below it (an indexed prefix match on the path)."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    """A unit of the prefectural police: HQ, its departments and divisions, a station, a koban.

    Units are never deleted: they end (`active_to`) so that old records keep their owner.
    `path` materialises the tree ("/gifunaka/gifunaka-ekimae/") so that a station's
    subtree is one indexed prefix filter.
    """

    code = models.SlugField(_("コード"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    short_name = models.CharField(_("略称"), max_length=20, blank=True)
    kind = models.CharField(_("種別"), max_length=12, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位組織"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)
    active_from = models.DateField(_("開始日"), default=datetime.date(2019, 9, 2))
    active_to = models.DateField(_("終了日"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("組織")
        verbose_name_plural = _("組織")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.save()  # one save each, so history records the move

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_hq(self) -> bool:
        return self.kind in HQ_KINDS

    def clean(self) -> None:
        try:
            parent_kind = self.parent.kind if self.parent_id else None
        except OrgUnit.DoesNotExist:
            return  # clean_fields() has already reported the missing parent
        if parent_kind not in ALLOWED_PARENT_KINDS.get(self.kind, set()):
            raise ValidationError({"parent": _("この種別の組織をこの上位組織の下には置けません。")})
        if self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("終了日は開始日以降の日付にしてください。")})

    def station(self) -> "OrgUnit | None":
        """The 警察署 this unit belongs to (itself for a station), or None for HQ units."""
        unit = self
        while unit is not None and unit.kind != OrgUnitKind.STATION:
            unit = unit.parent
        return unit


class MunicipalityKind(models.TextChoices):
    CITY = "city", _("市")
    TOWN = "town", _("町")
    VILLAGE = "village", _("村")


def local_government_check_digit(five_digits: str) -> str:
    """Check digit of a 地方公共団体コード: 11 − (6d1+5d2+4d3+3d4+2d5 mod 11), last digit."""
    weighted = sum(int(d) * w for d, w in zip(five_digits, (6, 5, 4, 3, 2), strict=True))
    return str((11 - weighted % 11) % 10)


def validate_local_government_code(value: str) -> None:
    if len(value) != 6 or not value.isdigit():
        raise ValidationError(_("6桁の地方公共団体コードを入力してください。"))
    if local_government_check_digit(value[:5]) != value[5]:
        raise ValidationError(_("地方公共団体コードの検査数字が正しくありません。"))


class Municipality(models.Model):
    """A municipality of Gifu, keyed by its 6-digit 地方公共団体コード (岐阜市 = 212016)."""

    code = models.CharField(
        _("団体コード"),
        max_length=6,
        primary_key=True,
        validators=[RegexValidator(r"^\d{6}$"), validate_local_government_code],
    )
    name = models.CharField(_("名称"), max_length=20, unique=True)
    kana = models.CharField(_("よみがな"), max_length=40, blank=True)
    kind = models.CharField(_("種別"), max_length=8, choices=MunicipalityKind.choices)
    stations = models.ManyToManyField(
        OrgUnit,
        through="Jurisdiction",
        related_name="municipalities",
        verbose_name=_("管轄警察署"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市町村")
        verbose_name_plural = _("市町村")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Jurisdiction(models.Model):
    """A station covers (all or part of) a municipality; 岐阜市 is split between three."""

    station = models.ForeignKey(
        OrgUnit,
        verbose_name=_("警察署"),
        on_delete=models.CASCADE,
        limit_choices_to={"kind": OrgUnitKind.STATION},
        related_name="jurisdictions",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("市町村"),
        on_delete=models.PROTECT,
        related_name="jurisdictions",
    )
    partial = models.BooleanField(_("一部管轄"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("管轄区域")
        verbose_name_plural = _("管轄区域")
        constraints = [
            models.UniqueConstraint(fields=["station", "municipality"], name="uniq_jurisdiction")
        ]

    def __str__(self) -> str:
        suffix = _("（一部）") if self.partial else ""
        return f"{self.station} — {self.municipality}{suffix}"


class ForeignPopulation(models.Model):
    """Foreign residents of a municipality at a date of a year (在留外国人数), entered by admins.

    Commendation scoring normalises per 1,000 foreign residents of a jurisdiction.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("市町村"),
        on_delete=models.CASCADE,
        related_name="foreign_populations",
    )
    year = models.PositiveSmallIntegerField(_("年"))
    as_of = models.DateField(_("基準日"))
    count = models.PositiveIntegerField(_("在留外国人数"))
    source = models.CharField(_("出典"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("在留外国人数")
        verbose_name_plural = _("在留外国人数")
        ordering = ["-year", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="uniq_population_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.count}"


class PromotionItem(models.IntegerChoices):
    """第2 推進事項 of the directive."""

    POLICE_ACTIVITIES = 1, _("各種警察活動の推進")
    LIAISON = 2, _("関係行政機関等との連携")
    SITUATION_AWARENESS = 3, _("実態把握の推進")
    ENFORCEMENT = 4, _("違法行為に対する厳正な取締り")
    TRAINING = 5, _("職場教養の実施")


class Measure(models.Model):
    """An item of the 別表 catalogue (A01 通訳人を帯同した巡回連絡 …), grouped by 推進事項.

    Codes are the stable keys that reports and scoring refer to; admins may add items
    (the 別表 lists examples) and retire them, never recode them.
    """

    code = models.CharField(
        _("コード"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-D]\d{2}$", _("A01 のように英大文字1字と数字2桁で入力してください。")
            )
        ],
    )
    name = models.CharField(_("名称"), max_length=120)
    promotion_item = models.PositiveSmallIntegerField(_("推進事項"), choices=PromotionItem.choices)
    sort_order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("使用中"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("推進方策（別表）")
        verbose_name_plural = _("推進方策（別表）")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Nationality(models.Model):
    """A country or region (ISO 3166-1 alpha-2) with its Japanese name from CLDR."""

    code = models.CharField(_("国・地域コード"), max_length=2, primary_key=True)
    name = models.CharField(_("国・地域名"), max_length=60)
    sort_order = models.PositiveIntegerField(_("表示順"), default=1000)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("国籍・地域")
        verbose_name_plural = _("国籍・地域")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language (ISO 639-1) with its Japanese name from CLDR."""

    code = models.CharField(_("言語コード"), max_length=3, primary_key=True)
    name = models.CharField(_("言語名"), max_length=60)
    sort_order = models.PositiveIntegerField(_("表示順"), default=1000)
    is_active = models.BooleanField(_("使用中"), default=True)

    class Meta:
        verbose_name = _("言語")
        verbose_name_plural = _("言語")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name
