"""Filters of the activity list (kept in the query string, so a list can be bookmarked)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from gifu_taisaku.core.filtering import yes_no_filter
from gifu_taisaku.core.forms import date_input
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.text_search import contains_words
from gifu_taisaku.orgs.models import Language, Measure, Municipality, Nationality, OrgUnit


class ActivityFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("実施日（から）"), widget=date_input()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("実施日（まで）"), widget=date_input()
    )
    owning_unit = django_filters.ModelChoiceFilter(
        label=_("担当所属"), method="in_unit", queryset=OrgUnit.objects.order_by("path")
    )
    measure = django_filters.ModelChoiceFilter(
        label=_("推進方策"), queryset=Measure.objects.filter(code__startswith="A")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("市町村"), queryset=Municipality.objects.all()
    )
    language = django_filters.ModelChoiceFilter(
        label=_("言語"), method="with_language", queryset=Language.objects.filter(is_active=True)
    )
    nationality = django_filters.ModelChoiceFilter(
        field_name="nationalities",
        label=_("国籍・地域"),
        queryset=Nationality.objects.filter(is_active=True),
    )
    children = yes_no_filter(_("外国人児童等"), method="with_children")
    interpreter_used = yes_no_filter(_("通訳人の帯同"))
    status = django_filters.ChoiceFilter(label=_("状態"), choices=WorkflowStatus.choices)
    q = django_filters.CharFilter(label=_("キーワード（件名・概要）"), method="search")
    sort = django_filters.OrderingFilter(
        label=_("並べ替え"),
        fields=(
            ("date", "date"),
            ("title", "title"),
            ("owning_unit__path", "owning_unit"),
            ("measure__code", "measure"),
            ("participants_total", "participants_total"),
            ("participants_foreign", "participants_foreign"),
            ("status", "status"),
        ),
        # Sorting is chosen with the column headers; the field only carries it along.
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def in_unit(self, queryset, name, unit):
        """A station includes its kobans."""
        return queryset.filter(owning_unit__path__startswith=unit.path)

    def with_language(self, queryset, name, language):
        """Spoken by the audience or interpreted into."""
        return queryset.filter(Q(languages=language) | Q(interpreter_languages=language)).distinct()

    def with_children(self, queryset, name, value: bool):
        return (
            queryset.filter(participants_children__gt=0)
            if value
            else queryset.filter(participants_children=0)
        )

    def search(self, queryset, name, value: str):
        """Every word in the title or the summary (2-gram index on PostgreSQL, issue 9)."""
        return contains_words(queryset, ("title", "summary"), value)
