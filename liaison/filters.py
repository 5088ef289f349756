"""Filters of the partner-organisation directory."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.orgs.models import Municipality, OrgUnit
from liaison.models import Organisation, OrganisationKind


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称・所在地"), method="search")
    kind = django_filters.ChoiceFilter(label=_("種別"), choices=OrganisationKind.choices)
    municipality = django_filters.ModelChoiceFilter(
        label=_("所在市町村"), queryset=Municipality.objects.all()
    )
    station = django_filters.ModelChoiceFilter(
        label=_("担当警察署"), field_name="stations", queryset=OrgUnit.objects.stations()
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))
