"""Filters of the master-data lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.orgs.models import (
    ForeignPopulation,
    Jurisdiction,
    Language,
    Measure,
    Municipality,
    MunicipalityKind,
    Nationality,
    OrgUnit,
    OrgUnitKind,
    PromotionItem,
)

ALL = _("すべて")


def stations():
    return OrgUnit.objects.stations().order_by("sort_order", "code")


def yes_no_select(yes: str, no: str) -> forms.Select:
    """A BooleanFilter select that reads as a filter (すべて / …のみ), not 不明/はい/いいえ."""
    return forms.Select(choices=[("", ALL), ("true", yes), ("false", no)])


def active_filter() -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(
        label=_("使用中"), widget=yes_no_select(_("使用中のみ"), _("停止中のみ"))
    )


class CodeOrNameFilterSet(django_filters.FilterSet):
    """Adds a free-text box matching the code or the name."""

    q = django_filters.CharFilter(method="search", label=_("コード・名称"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(pk__icontains=value) | Q(name__icontains=value))


class OrgUnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("コード・名称"))
    kind = django_filters.ChoiceFilter(
        choices=OrgUnitKind.choices, label=_("種別"), empty_label=ALL
    )
    in_force = django_filters.BooleanFilter(
        method="filter_in_force",
        label=_("存続"),
        widget=yes_no_select(_("現在の組織のみ"), _("終了した組織のみ")),
    )

    class Meta:
        model = OrgUnit
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(short_name__icontains=value)
        )

    def filter_in_force(self, queryset, name, value):
        in_force = OrgUnit.objects.active_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=in_force) if value else queryset.exclude(pk__in=in_force)


class MunicipalityFilter(CodeOrNameFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=MunicipalityKind.choices, label=_("種別"), empty_label=ALL
    )
    station = django_filters.ModelChoiceFilter(
        field_name="jurisdictions__station",
        queryset=stations(),
        label=_("管轄警察署"),
        empty_label=ALL,
    )

    class Meta:
        model = Municipality
        fields: list[str] = []


class JurisdictionFilter(django_filters.FilterSet):
    station = django_filters.ModelChoiceFilter(
        queryset=stations(), label=_("警察署"), empty_label=ALL
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(), label=_("市町村"), empty_label=ALL
    )

    class Meta:
        model = Jurisdiction
        fields: list[str] = []


class ForeignPopulationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年"))
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(), label=_("市町村"), empty_label=ALL
    )

    class Meta:
        model = ForeignPopulation
        fields: list[str] = []


class MeasureFilter(CodeOrNameFilterSet):
    promotion_item = django_filters.ChoiceFilter(choices=PromotionItem.choices, label=_("推進事項"))
    is_active = active_filter()

    class Meta:
        model = Measure
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class NationalityFilter(CodeOrNameFilterSet):
    is_active = active_filter()

    class Meta:
        model = Nationality
        fields: list[str] = []


class LanguageFilter(CodeOrNameFilterSet):
    is_active = active_filter()

    class Meta:
        model = Language
        fields: list[str] = []
