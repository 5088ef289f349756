"""Liaison record screens (the generic scoped record views, configured) and follow-ups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, View

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.attachment_views import MethodFirstMixin
from gifu_taisaku.core.attachments import attachments_for
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from liaison import services
from liaison.choices import FollowUpStatus
from liaison.filters import FollowUpFilter, LiaisonRecordFilter
from liaison.forms import FollowUpFormSet, FollowUpStatusForm, InformationFormSet, LiaisonRecordForm
from liaison.models import FollowUp, LiaisonRecord
from liaison.selectors import (
    follow_ups_for_list,
    liaison_detail_queryset,
    liaison_records_for_list,
    liaison_totals,
)

FORMSETS = {"information": InformationFormSet, "followups": FollowUpFormSet}
PERSONAL_DATA_LABEL = gettext_lazy("担当者の氏名等（個人情報）を含める")


class LiaisonMixin:
    model = LiaisonRecord


class LiaisonListView(LiaisonMixin, generic_views.RecordListView):
    template_name = "liaison/list.html"
    filterset_class = LiaisonRecordFilter

    def get_base_queryset(self):
        return liaison_records_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            totals=liaison_totals(self.object_list),
            personal_data_label=PERSONAL_DATA_LABEL,
            **kwargs,
        )


class LiaisonDetailView(LiaisonMixin, generic_views.RecordDetailView):
    template_name = "liaison/detail.html"

    def get_queryset(self):
        return liaison_detail_queryset(super().get_queryset(), self.request.user)

    def get_context_data(self, **kwargs):
        record = self.object
        information = list(record.information.all())
        return super().get_context_data(
            attachments=attachments_for(record),
            information=information,
            can_update_follow_ups=self._in_scope(self.request.user, "change"),
            can_add=self.request.user.has_role_perm(Perm.ADD_RECORDS),
            follow_up_statuses=FollowUpStatus.choices,
            **kwargs,
        )


class LiaisonCreateView(LiaisonMixin, generic_views.RecordCreateView):
    """New record; `?organisation=<pk>` (from an organisation's page) preselects the partner."""

    form_class = LiaisonRecordForm
    template_name = "liaison/form.html"
    formset_classes = FORMSETS

    def get_initial(self):
        initial = super().get_initial()
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit():
            initial["organisations"] = [int(organisation)]
        return initial


class LiaisonUpdateView(LiaisonMixin, generic_views.RecordUpdateView):
    form_class = LiaisonRecordForm
    template_name = "liaison/form.html"
    formset_classes = FORMSETS


class LiaisonHistoryView(LiaisonMixin, generic_views.RecordHistoryView):
    pass


class FollowUpListView(RolePermissionRequiredMixin, ListView):
    """The follow-ups of the records in the user's scope: pending first, by due date."""

    required_perm = Perm.VIEW_RECORDS
    template_name = "liaison/follow_up_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset, follow_ups = apply_filters(
            FollowUpFilter, self.request, follow_ups_for_list(self.request.user)
        )
        return follow_ups

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class FollowUpStatusView(MethodFirstMixin, RolePermissionRequiredMixin, View):
    """POST a follow-up's new status; the record must be in the user's "change" scope."""

    http_method_names = ["post"]
    required_perm = Perm.CHANGE_RECORDS

    def post(self, request, *args, **kwargs):
        records = LiaisonRecord.objects.visible_to(request.user, "change")
        follow_up = get_object_or_404(
            FollowUp.objects.filter(record__in=records.values("pk")), pk=kwargs["pk"]
        )
        form = FollowUpStatusForm(request.POST, instance=follow_up)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["status"])
            services.follow_up_set_status(
                actor=request.user, follow_up=follow_up, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("「%(name)s」を「%(status)s」にしました。")
                % {"name": follow_up.description, "status": follow_up.get_status_display()},
            )
        return HttpResponseRedirect(follow_up.record.get_absolute_url() + "#follow-ups")
