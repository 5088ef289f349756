"""Filters of the directory, the contacts and the liaison list (kept in the query string)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core.forms import date_input
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.orgs.models import Measure, Municipality, OrgUnit
from liaison.choices import LIAISON_MEASURE_PREFIX, FollowUpStatus, LiaisonKind
from liaison.models import Contact, FollowUp, LiaisonRecord, Organisation, OrganisationKind

YES_NO = [("1", _("あり")), ("0", _("なし"))]
PENDING, OVERDUE = "pending", "overdue"
FOLLOW_UP_STATES = [(PENDING, _("未完了の対応あり")), (OVERDUE, _("期限切れの対応あり"))]


def pending_follow_ups():
    """The unfinished follow-ups of the record of the outer query."""
    return FollowUp.objects.filter(record=OuterRef("pk")).exclude(status=FollowUpStatus.DONE)


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


class LiaisonRecordFilter(django_filters.FilterSet):
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
        label=_("推進方策"),
        queryset=Measure.objects.filter(code__startswith=LIAISON_MEASURE_PREFIX),
    )
    kind = django_filters.ChoiceFilter(label=_("連携の種別"), choices=LiaisonKind.choices)
    organisation = django_filters.ModelChoiceFilter(
        label=_("関係機関・団体"), method="with_organisation", queryset=Organisation.objects.all()
    )
    organisation_kind = django_filters.ChoiceFilter(
        label=_("相手方の種別"), method="with_organisation_kind", choices=OrganisationKind.choices
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("相手方の所在市町村"),
        method="with_municipality",
        queryset=Municipality.objects.all(),
    )
    follow_up = django_filters.ChoiceFilter(
        label=_("今後の対応"), choices=FOLLOW_UP_STATES, method="with_follow_up"
    )
    intel_obtained = django_filters.TypedChoiceFilter(
        label=_("情報入手"), choices=YES_NO, coerce=lambda value: value == "1"
    )
    status = django_filters.ChoiceFilter(label=_("状態"), choices=WorkflowStatus.choices)
    q = django_filters.CharFilter(label=_("キーワード（件名・概要）"), method="search")
    sort = django_filters.OrderingFilter(
        label=_("並べ替え"),
        fields=(
            ("date", "date"),
            ("title", "title"),
            ("owning_unit__path", "owning_unit"),
            ("measure__code", "measure"),
            ("kind", "kind"),
            ("status", "status"),
        ),
        field_labels={
            "date": _("実施日"),
            "title": _("件名"),
            "owning_unit": _("担当所属"),
            "measure": _("推進方策"),
            "kind": _("連携の種別"),
            "status": _("状態"),
        },
    )

    class Meta:
        model = LiaisonRecord
        fields: list[str] = []

    def in_unit(self, queryset, name, unit):
        """A station includes its kobans."""
        return queryset.filter(owning_unit__path__startswith=unit.path)

    # Many-to-many conditions go through Exists, so that a record is listed once.
    def with_organisation(self, queryset, name, organisation):
        through = LiaisonRecord.organisations.through.objects
        return queryset.filter(
            Exists(through.filter(liaisonrecord=OuterRef("pk"), organisation=organisation))
        )

    def with_organisation_kind(self, queryset, name, kind):
        through = LiaisonRecord.organisations.through.objects
        return queryset.filter(
            Exists(through.filter(liaisonrecord=OuterRef("pk"), organisation__kind=kind))
        )

    def with_municipality(self, queryset, name, municipality):
        through = LiaisonRecord.organisations.through.objects
        return queryset.filter(
            Exists(
                through.filter(
                    liaisonrecord=OuterRef("pk"), organisation__municipality=municipality
                )
            )
        )

    def with_follow_up(self, queryset, name, value):
        pending = pending_follow_ups()
        if value == OVERDUE:
            pending = pending.filter(due_date__lt=timezone.localdate())
        return queryset.filter(Exists(pending))

    def search(self, queryset, name, value: str):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("氏名・役職・団体名"), method="search")
    organisation_kind = django_filters.ChoiceFilter(
        label=_("団体の種別"), field_name="organisation__kind", choices=OrganisationKind.choices
    )
    is_active = django_filters.TypedChoiceFilter(
        label=_("現任"),
        choices=[("1", _("現任のみ")), ("0", _("異動・退職した人のみ"))],
        coerce=lambda value: value == "1",
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def search(self, queryset, name, value: str):
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(title__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return queryset


class FollowUpFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("対応状況"), choices=FollowUpStatus.choices)
    pending = django_filters.ChoiceFilter(
        label=_("期限"), choices=FOLLOW_UP_STATES, method="pending_only"
    )
    due_to = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("期限（まで）"), widget=date_input()
    )

    class Meta:
        model = FollowUp
        fields: list[str] = []

    def pending_only(self, queryset, name, value):
        queryset = queryset.exclude(status=FollowUpStatus.DONE)
        if value == OVERDUE:
            queryset = queryset.filter(due_date__lt=timezone.localdate())
        return queryset
