"""Training screens: sessions (the generic record views, configured), the attendee picker,
a unit's coverage and an officer's own record. Initiative posts: training.initiative_views."""

from django.views.generic import ListView, TemplateView

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.attachments import attachments_for
from gifu_taisaku.core.models import WorkflowStatus
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.core.scoping import scope_root, unit_filter
from gifu_taisaku.orgs.models import OrgUnit
from training.choices import YearBasis
from training.coverage import Period, coverage_gaps, officer_records, unit_coverage
from training.filters import TrainingSessionFilter
from training.forms import AttendeePickerForm, CoverageForm, TrainingSessionForm
from training.models import TrainingSession
from training.selectors import (
    session_detail_queryset,
    session_totals,
    sessions_attended_by,
    sessions_for_list,
    training_measures,
)

GAP_MEASURE = "D02"  # 通訳人等を交えた職務質問訓練: the gap an approver is asked to close first


class SessionMixin:
    model = TrainingSession


class SessionListView(SessionMixin, generic_views.RecordListView):
    template_name = "training/list.html"
    filterset_class = TrainingSessionFilter

    def get_base_queryset(self):
        return sessions_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(totals=session_totals(self.object_list), **kwargs)


class SessionDetailView(SessionMixin, generic_views.RecordDetailView):
    template_name = "training/detail.html"

    def get_queryset(self):
        return session_detail_queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachments=attachments_for(self.object), **kwargs)


class SessionCreateView(SessionMixin, generic_views.RecordCreateView):
    form_class = TrainingSessionForm
    template_name = "training/form.html"


class SessionUpdateView(SessionMixin, generic_views.RecordUpdateView):
    form_class = TrainingSessionForm
    template_name = "training/form.html"


class SessionHistoryView(SessionMixin, generic_views.RecordHistoryView):
    pass


class AttendeePickerView(RolePermissionRequiredMixin, TemplateView):
    """The attendee ticks narrowed by a search (htmx, from the session form).

    Offers only what the form itself offers: the user's own station's officers.
    """

    required_perm = Perm.ADD_RECORDS
    template_name = "training/form.html#attendee_options"

    def get_context_data(self, **kwargs):
        selected = [int(pk) for pk in self.request.GET.getlist("attendees") if pk.isdigit()]
        form = AttendeePickerForm(
            user=self.request.user, query=self.request.GET.get("member_q", ""), selected=selected
        )
        return super().get_context_data(field=form["attendees"], **kwargs)


def default_unit(user) -> OrgUnit | None:
    """The station of the user's own unit (None for HQ staff: they choose)."""
    membership = user.primary_membership
    unit = scope_root(membership.unit) if membership else None
    return None if unit is None or unit.is_hq else unit


class CoverageView(RolePermissionRequiredMixin, TemplateView):
    """A unit's training coverage for a year; its approvers also see who is missing what."""

    required_perm = Perm.VIEW_RECORDS
    template_name = "training/coverage.html"

    def get_context_data(self, **kwargs):
        form = CoverageForm(self.coverage_query(), user=self.request.user)
        context = super().get_context_data(form=form, **kwargs)
        if not form.is_valid():
            return context
        unit, period = form.cleaned_data["unit"], form.period()
        coverage = unit_coverage(unit, period)
        context |= {"unit": unit, "period": period, "coverage": coverage}
        if self.may_see_names(unit):
            measures = [row.measure for row in coverage.measures]
            context["officer_rows"] = officer_records(unit, measures, period)
            context["gap_measure"] = coverage.of(GAP_MEASURE)
            context["gaps"] = list(coverage_gaps(unit, period, GAP_MEASURE))
        return context

    def coverage_query(self):
        """The query string, or the user's station in the current calendar year."""
        if self.request.GET:
            return self.request.GET
        unit = default_unit(self.request.user)
        if unit is None:
            return None
        period = Period.current(YearBasis.CALENDAR)
        return {"unit": unit.pk, "year": period.year, "basis": period.basis}

    def may_see_names(self, unit: OrgUnit) -> bool:
        """Names of officers who lack training: for the unit's approvers only."""
        condition = unit_filter(self.request.user, "approve", field="")
        if condition is None:
            return True
        return OrgUnit.objects.filter(condition, pk=unit.pk).exists()


class MyTrainingView(RolePermissionRequiredMixin, ListView):
    """The signed-in officer's own training record: every session they attended."""

    required_perm = Perm.VIEW_RECORDS
    template_name = "training/mine.html"
    paginate_by = 50

    def get_queryset(self):
        return sessions_attended_by(self.request.user)

    def get_context_data(self, **kwargs):
        period = Period.current(YearBasis.CALENDAR)
        attended = self.get_queryset().filter(
            status=WorkflowStatus.APPROVED, date__range=(period.start, period.end)
        )
        codes = set(attended.values_list("measure__code", flat=True))
        this_year = [(measure, measure.code in codes) for measure in training_measures()]
        return super().get_context_data(period=period, this_year=this_year, **kwargs)
