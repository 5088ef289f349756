"""Activity screens: the generic scoped record views, configured."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from activities.choices import Department
from activities.filters import ActivityFilter
from activities.forms import ActivityForm, AudienceLanguageFormSet, AudienceNationalityFormSet
from activities.models import Activity
from activities.selectors import activities_for_list, activity_detail_queryset, activity_totals
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.attachments import attachments_for

AUDIENCE_FORMSETS = {
    "languages": AudienceLanguageFormSet,
    "nationalities": AudienceNationalityFormSet,
}


class ActivityMixin:
    model = Activity


class ActivityListView(ActivityMixin, generic_views.RecordListView):
    template_name = "activities/list.html"
    filterset_class = ActivityFilter

    def get_base_queryset(self):
        return activities_for_list(self.request.user)

    @cached_property
    def totals(self) -> dict[str, int]:
        return activity_totals(self.object_list)

    def get_row_count(self) -> int:
        """The totals row counts the same rows: one aggregate instead of two (issue 9)."""
        return self.totals["count"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.totals
        context["query_string"] = self.request.GET.urlencode()
        return context


class ActivityDetailView(ActivityMixin, generic_views.RecordDetailView):
    template_name = "activities/detail.html"

    def get_queryset(self):
        return activity_detail_queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        labels = dict(Department.choices)
        return super().get_context_data(
            department_labels=[labels.get(code, code) for code in self.object.departments],
            attachments=attachments_for(self.object),
            can_add=self.request.user.has_role_perm(Perm.ADD_RECORDS),
            **kwargs,
        )


class ActivityCreateView(ActivityMixin, generic_views.RecordCreateView):
    """New activity; `?copy=<pk>` starts from a visible activity (recurring classes)."""

    form_class = ActivityForm
    template_name = "activities/form.html"
    formset_classes = AUDIENCE_FORMSETS

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        source = self.request.GET.get("copy", "")
        if source.isdigit():
            visible = Activity.objects.visible_to(self.request.user)
            kwargs["copy_from"] = get_object_or_404(visible, pk=source)
        return kwargs


class ActivityUpdateView(ActivityMixin, generic_views.RecordUpdateView):
    form_class = ActivityForm
    template_name = "activities/form.html"
    formset_classes = AUDIENCE_FORMSETS


class ActivityHistoryView(ActivityMixin, generic_views.RecordHistoryView):
    pass
