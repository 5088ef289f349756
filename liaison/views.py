"""The partner-organisation directory: officers find and register the organisations they work with.

The directory is shared by every station (organisations are not confidential); contacts
and liaison records, which are, come with the liaison issue.
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, ListView, UpdateView

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.orgs.models import OrgUnit
from liaison import services
from liaison.filters import OrganisationFilter
from liaison.forms import OrganisationForm
from liaison.models import Organisation


def organisations_with_stations():
    stations = OrgUnit.objects.order_by("sort_order", "code")
    return Organisation.objects.select_related("municipality").prefetch_related(
        Prefetch("stations", queryset=stations)
    )


class OrganisationListView(RolePermissionRequiredMixin, ListView):
    required_perm = Perm.VIEW_RECORDS
    template_name = "liaison/organisation_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset, organisations = apply_filters(
            OrganisationFilter, self.request, organisations_with_stations()
        )
        return organisations.distinct().order_by("kind", "name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            can_add=self.request.user.has_role_perm(Perm.ADD_RECORDS),
            **kwargs,
        )


class OrganisationFormMixin(RolePermissionRequiredMixin):
    required_perm = Perm.ADD_RECORDS
    form_class = OrganisationForm
    template_name = "liaison/organisation_form.html"

    def form_valid(self, form):
        organisation = form.save(commit=False)
        services.organisation_save(organisation=organisation, save_m2m=form.save_m2m)
        messages.success(self.request, _("保存しました。"))
        return HttpResponseRedirect(reverse("liaison:organisation_list"))


class OrganisationCreateView(OrganisationFormMixin, CreateView):
    pass


class OrganisationUpdateView(OrganisationFormMixin, UpdateView):
    queryset = Organisation.objects.all()
