"""Initiative posts (自所属の取組の情報共有): the generic record views, configured.

Their queryset (InitiativePost.objects.visible_to) lets every unit read published posts,
so these views need nothing of their own for the sharing itself.
"""

from django.utils.translation import gettext_lazy as _

from gifu_taisaku.core import generic_views
from gifu_taisaku.core.attachments import attachments_for
from training.filters import InitiativePostFilter
from training.forms import InitiativePostForm
from training.models import InitiativePost
from training.selectors import initiative_detail_queryset, initiatives_for_list, linked_activities


class InitiativeMixin:
    model = InitiativePost


class InitiativeListView(InitiativeMixin, generic_views.RecordListView):
    template_name = "training/initiative_list.html"
    filterset_class = InitiativePostFilter
    columns = (
        (_("件名"), "title"),
        (_("担当所属"), "owning_unit.label"),
        (_("実施者・関係者"), "people"),
        (_("承認日時"), "decided_at"),
        (_("状態"), "status"),
    )

    def get_base_queryset(self):
        return initiatives_for_list(self.request.user)


class InitiativeDetailView(InitiativeMixin, generic_views.RecordDetailView):
    template_name = "training/initiative_detail.html"

    def get_queryset(self):
        return initiative_detail_queryset(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            attachments=attachments_for(self.object),
            activities=linked_activities(self.object, self.request.user),
            **kwargs,
        )


class InitiativeCreateView(InitiativeMixin, generic_views.RecordCreateView):
    form_class = InitiativePostForm


class InitiativeUpdateView(InitiativeMixin, generic_views.RecordUpdateView):
    form_class = InitiativePostForm


class InitiativeHistoryView(InitiativeMixin, generic_views.RecordHistoryView):
    pass
