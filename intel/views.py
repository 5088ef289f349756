"""Intel report screens. Every view starts from IntelReport.objects.visible_to(user, action).

Reading a report's content is an audit event; a 秘 report first asks for the purpose.
"""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from activities.models import Activity
from gifu_taisaku.accounts.reauth import recent_auth_response
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.attachments import attachments_for
from intel import selectors, services
from intel.choices import Secrecy
from intel.filters import IntelReportFilter
from intel.forms import (
    AnalysisForm,
    DisseminationForm,
    IntelReportForm,
    PurposeForm,
    ReasonForm,
    ReportEntityFormSet,
)
from intel.models import IntelReport
from liaison.models import LiaisonRecord

ROUTINE_READ = "閲覧"
SUBMIT_REVIEW = "提出前の確認"  # the read of the 確認 page when submitting (no purpose asked)


class IntelMixin:
    model = IntelReport


class IntelListView(IntelMixin, generic_views.RecordListView):
    template_name = "intel/list.html"
    filterset_class = IntelReportFilter

    def get_base_queryset(self):
        return selectors.reports_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        # The analysts' queue had no link anywhere: its URL had to be typed.
        can_review = self.request.user.has_role_perm(Perm.REVIEW_INTEL)
        return super().get_context_data(can_review=can_review, **kwargs)


class IntelDetailView(IntelMixin, generic_views.RecordDetailView):
    """Shows the report and records the read; a 秘 report asks for the purpose first (POST)."""

    template_name = "intel/detail.html"
    http_method_names = ["get", "post"]

    def get_queryset(self):
        return selectors.report_for_detail(super().get_queryset())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.submit_confirmation:  # core RecordSubmitView's 確認 page: the purpose is known
            secret = self.object.secrecy == Secrecy.SECRET
            return (secret and recent_auth_response(request)) or self._show(SUBMIT_REVIEW)
        if self.object.secrecy == Secrecy.SECRET:
            return recent_auth_response(request) or self._ask_purpose(PurposeForm())
        return self._show(ROUTINE_READ)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        # A 秘 report is read only with a recently entered password (accounts.reauth).
        if self.object.secrecy == Secrecy.SECRET and (response := recent_auth_response(request)):
            return response
        form = PurposeForm(request.POST)
        if not form.is_valid():
            return self._ask_purpose(form)
        return self._show(form.cleaned_data["purpose"])

    def _ask_purpose(self, form):
        context = {"report": self.object, "form": form, "opts": self.model._meta}
        return TemplateResponse(self.request, "intel/purpose.html", context)

    def _show(self, purpose: str):
        services.report_read(actor=self.request.user, report=self.object, purpose=purpose)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        user = self.request.user
        is_analyst = user.has_role_perm(Perm.REVIEW_INTEL) and not self.submit_confirmation
        return super().get_context_data(
            notes=selectors.notes_visible_to(user, self.object, is_analyst=is_analyst),
            is_analyst=is_analyst,
            can_grant=self._in_scope(user, "grant"),
            can_manage=self._in_scope(user, "manage"),
            analysis_form=AnalysisForm(
                initial={
                    "status": self.object.analyst_status,
                    "outcome_activity": self.object.outcome_activity_id,
                }
            ),
            dissemination_form=DisseminationForm(),
            validate_form=ReasonForm(auto_id="validate_%s"),
            purge_form=ReasonForm(auto_id="purge_%s"),
            attachments=attachments_for(self.object),
            **kwargs,
        )


class IntelFormMixin(IntelMixin):
    form_class = IntelReportForm
    keep_drafts = False  # a draft in the browser's storage would hold the report in clear
    template_name = "intel/form.html"
    formset_classes = {"entities": ReportEntityFormSet}

    def get_formsets(self, instance) -> dict:
        data = self.request.POST if self.request.method == "POST" else None
        return {
            "entities": ReportEntityFormSet(
                data, instance=instance, prefix="entities", user=self.request.user
            )
        }


class IntelCreateView(IntelFormMixin, generic_views.RecordCreateView):
    """New report; `?activity=<pk>` or `?liaison=<pk>` starts it from the record on which the
    information was obtained ("情報入手あり"); a source the user may not read is a 404."""

    def source(self, parameter: str, model):
        number = self.request.GET.get(parameter, "")
        if not number.isdigit():
            return None
        return get_object_or_404(model.objects.visible_to(self.request.user), pk=number)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "source_activity": self.source("activity", Activity),
            "source_liaison": self.source("liaison", LiaisonRecord),
        }


class IntelUpdateView(IntelFormMixin, generic_views.RecordUpdateView):
    pass


class IntelHistoryView(IntelMixin, generic_views.RecordHistoryView):
    """Who changed what and when; content fields are never shown (history_hidden_fields)."""


class IntelSubmitView(generic_views.RecordSubmitView):
    def perform(self, record):
        services.report_submit(
            actor=self.request.user, report=record, expected_version=self.expected_version()
        )
