"""Filters of the session list and the initiative list (kept in the query string)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import date_input
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Language, Measure, OrgUnit
from training.choices import TRAINING_MEASURE_PREFIX, InstructorKind
from training.models import InitiativePost, TrainingSession


def in_unit(queryset, name, unit):
    """A station includes its kobans."""
    return queryset.filter(owning_unit__path__startswith=unit.path)


def search_words(*fields: str):
    """A filter method keeping the rows that contain every word in one of `fields`."""

    def search(queryset, name, value: str):
        for word in value.split():
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return search


class TrainingSessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("実施日（から）"), widget=date_input()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("実施日（まで）"), widget=date_input()
    )
    owning_unit = django_filters.ModelChoiceFilter(
        label=_("担当所属"), method=in_unit, queryset=OrgUnit.objects.order_by("path")
    )
    measure = django_filters.ModelChoiceFilter(
        label=_("推進方策"),
        queryset=Measure.objects.filter(code__startswith=TRAINING_MEASURE_PREFIX),
    )
    instructor_kind = django_filters.ChoiceFilter(
        label=_("講師の区分"), choices=InstructorKind.choices
    )
    language = django_filters.ModelChoiceFilter(
        label=_("対象言語"), queryset=Language.objects.filter(is_active=True)
    )
    status = django_filters.ChoiceFilter(label=_("状態"), choices=WorkflowStatus.choices)
    q = django_filters.CharFilter(
        label=_("キーワード（題目・内容・講師名）"),
        method=search_words("topic", "summary", "instructor_name"),
    )
    sort = django_filters.OrderingFilter(
        label=_("並べ替え"),
        fields=(
            ("date", "date"),
            ("topic", "topic"),
            ("measure__code", "measure"),
            ("owning_unit__path", "owning_unit"),
            ("duration_minutes", "duration"),
            ("attendee_count", "attendees"),
            ("status", "status"),
        ),
        field_labels={
            "date": _("実施日"),
            "topic": _("題目"),
            "measure": _("推進方策"),
            "owning_unit": _("担当所属"),
            "duration": _("時間"),
            "attendees": _("出席者数"),
            "status": _("状態"),
        },
    )

    class Meta:
        model = TrainingSession
        fields: list[str] = []


class InitiativePostFilter(django_filters.FilterSet):
    owning_unit = django_filters.ModelChoiceFilter(
        label=_("担当所属"), method=in_unit, queryset=OrgUnit.objects.order_by("path")
    )
    status = django_filters.ChoiceFilter(label=_("状態"), choices=WorkflowStatus.choices)
    q = django_filters.CharFilter(
        label=_("キーワード（件名・内容・成果）"),
        method=search_words("title", "content", "people", "result"),
    )

    class Meta:
        model = InitiativePost
        fields: list[str] = []
