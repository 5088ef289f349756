"""Filters of the intel list. They narrow what the user may read; they never widen it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.filtering import yes_no_filter
from gifu_taisaku.core.forms import date_input
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Measure, OrgUnit
from intel.choices import AnalystStatus, Secrecy
from intel.models import IntelReport


class IntelReportFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="information_date",
        lookup_expr="gte",
        label=_("情報の日付（から）"),
        widget=date_input(),
    )
    date_to = django_filters.DateFilter(
        field_name="information_date",
        lookup_expr="lte",
        label=_("情報の日付（まで）"),
        widget=date_input(),
    )
    measure = django_filters.ModelChoiceFilter(
        label=_("区分"), queryset=Measure.objects.filter(code__startswith="C")
    )
    owning_unit = django_filters.ModelChoiceFilter(
        label=_("担当所属"), method="in_unit", queryset=OrgUnit.objects.order_by("path")
    )
    secrecy = django_filters.ChoiceFilter(label=_("保秘区分"), choices=Secrecy.choices)
    warning_sign = yes_no_filter(_("予兆"))
    status = django_filters.ChoiceFilter(label=_("状態"), choices=WorkflowStatus.choices)
    analyst_status = django_filters.ChoiceFilter(label=_("分析状況"), choices=AnalystStatus.choices)
    q = django_filters.CharFilter(label=_("キーワード（件名・概要）"), method="search")

    class Meta:
        model = IntelReport
        fields: list[str] = []

    def in_unit(self, queryset, name, unit):
        return queryset.filter(owning_unit__path__startswith=unit.path)

    def search(self, queryset, name, value: str):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset
