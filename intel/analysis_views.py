"""HQ analysts' queue and notes, dissemination log, review and purge, and entity pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from intel import selectors, services
from intel.forms import AnalysisForm, DisseminationForm, ReasonForm
from intel.models import Entity, IntelReport
from intel.purge import report_purge


class AnalystQueueView(RolePermissionRequiredMixin, ListView):
    required_perm = Perm.REVIEW_INTEL
    template_name = "intel/queue.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.analyst_queue(self.request.user)


class ReportActionView(FormView):
    """POST a form about one report within `scope_action`; 404 outside it, then back to it."""

    http_method_names = ["post"]
    scope_action = "review"
    required_perm = Perm.REVIEW_INTEL
    success_message = ""

    @cached_property
    def report(self) -> IntelReport:
        if not self.request.user.has_role_perm(self.required_perm):
            raise PermissionDenied
        scoped = IntelReport.objects.visible_to(self.request.user, self.scope_action)
        return get_object_or_404(scoped, pk=self.kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self.report  # noqa: B018  (permission and scope before the form is read)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            return self.form_invalid_with(error)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        return self.form_invalid_with(ValidationError(list(form.errors.values())))

    def form_invalid_with(self, error: ValidationError):
        for message in error.messages:
            messages.error(self.request, message)
        return HttpResponseRedirect(self.report.get_absolute_url())

    def get_success_url(self) -> str:
        return self.report.get_absolute_url()


class AnalysisView(ReportActionView):
    form_class = AnalysisForm
    success_message = _("分析状況を更新しました。")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, data):
        services.analysis_update(
            actor=self.request.user,
            report=self.report,
            status=data["status"],
            note=data["note"],
            shareable=data["shareable"],
            outcome_activity=data["outcome_activity"],
        )


class DisseminationView(ReportActionView):
    form_class = DisseminationForm
    success_message = _("部外への情報提供を記録しました。")

    def perform(self, data):
        services.dissemination_record(actor=self.request.user, report=self.report, **data)


class ReviewQueueView(RolePermissionRequiredMixin, ListView):
    """Reports whose review date has passed: validate, update or purge them."""

    required_perm = Perm.VIEW_RECORDS
    template_name = "intel/review_queue.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.review_queue(self.request.user)


class ReviewerMixin:
    """Review and purge: the owning station's approvers, or HQ for what HQ may read."""

    scope_action = "manage"
    required_perm = Perm.VIEW_RECORDS


class ValidateView(ReviewerMixin, ReportActionView):
    form_class = ReasonForm
    success_message = _("見直しを確認しました。保存期限を延長しました。")

    def perform(self, data):
        services.report_validate(actor=self.request.user, report=self.report, reason=data["reason"])


class PurgeView(ReviewerMixin, ReportActionView):
    form_class = ReasonForm
    success_message = _("報告を消去しました。")

    def perform(self, data):
        report_purge(actor=self.request.user, report=self.report, reason=data["reason"])

    def get_success_url(self) -> str:
        return reverse("intel:review_queue")


class EntityDetailView(RolePermissionRequiredMixin, DetailView):
    """Every readable report that mentions an entity, and what appears together with it.

    An entity no readable report mentions is a 404: its very name is content.
    """

    required_perm = Perm.VIEW_RECORDS
    template_name = "intel/entity_detail.html"
    context_object_name = "entity"
    queryset = Entity.objects.select_related("municipality", "nationality")

    def get_object(self, queryset=None):
        entity = super().get_object(queryset)
        self.reports = list(selectors.entity_reports(self.request.user, entity))
        if not self.reports:
            raise Http404
        return entity

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=self.reports,
            related=selectors.co_mentioned_entities(self.request.user, self.object),
            **kwargs,
        )
