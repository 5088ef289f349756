"""The partner directory and its contacts.

Organisations are shared by every station (who the partners are is not confidential);
contacts are personal data, scoped like records: a contact of another station is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.generic_views import ScopedQuerysetMixin
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.core.services import StaleRecordError
from gifu_taisaku.orgs.models import OrgUnit
from liaison import services
from liaison.filters import ContactFilter, OrganisationFilter
from liaison.forms import ContactForm, OrganisationForm
from liaison.models import Contact, LiaisonRecord, Organisation
from liaison.selectors import (
    contacts_for_list,
    organisation_follow_ups,
    organisation_timeline,
    visible_contacts,
)
from liaison.views import PERSONAL_DATA_LABEL


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


class OrganisationDetailView(RolePermissionRequiredMixin, DetailView):
    """One partner: its details, the user's visible contacts there, and the relationship.

    Liaison records, activities and follow-ups are those the viewer may see, newest first.
    """

    required_perm = Perm.VIEW_RECORDS
    template_name = "liaison/organisation_detail.html"

    def get_queryset(self):
        return organisations_with_stations()

    def get_context_data(self, **kwargs):
        user, organisation = self.request.user, self.object
        contacts = visible_contacts(user).filter(organisation=organisation)
        return super().get_context_data(
            contacts=contacts.prefetch_related("languages").order_by("-is_active", "name"),
            timeline=organisation_timeline(user, organisation),
            follow_ups=organisation_follow_ups(user, organisation),
            can_add=user.has_role_perm(Perm.ADD_RECORDS),
            **kwargs,
        )


class OrganisationFormMixin(RolePermissionRequiredMixin):
    required_perm = Perm.ADD_RECORDS
    form_class = OrganisationForm
    template_name = "liaison/organisation_form.html"

    def form_valid(self, form):
        organisation = form.save(commit=False)
        try:
            services.organisation_save(
                organisation=organisation,
                save_m2m=form.save_m2m,
                expected_version=form.cleaned_data["version"],
            )
        except StaleRecordError:
            return generic_views.stale_record_response(self, form)
        messages.success(self.request, _("保存しました。"))
        return HttpResponseRedirect(organisation.get_absolute_url())


class OrganisationCreateView(OrganisationFormMixin, CreateView):
    pass


class OrganisationUpdateView(OrganisationFormMixin, UpdateView):
    queryset = Organisation.objects.all()


# --- Contacts (personal data, scoped by owning unit) ---------------------------------


class ContactMixin:
    model = Contact


class ContactListView(ContactMixin, generic_views.RecordListView):
    template_name = "liaison/contact_list.html"
    filterset_class = ContactFilter

    def get_base_queryset(self):
        return contacts_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(personal_data_label=PERSONAL_DATA_LABEL, **kwargs)


class ContactDetailView(ContactMixin, ScopedQuerysetMixin, DetailView):
    template_name = "liaison/contact_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "owning_unit", "created_by")

    def get_context_data(self, **kwargs):
        user, contact = self.request.user, self.object
        records = LiaisonRecord.objects.visible_to(user).filter(contacts=contact)
        changeable = Contact.objects.visible_to(user, "change").filter(pk=contact.pk)
        return super().get_context_data(
            records=records.select_related("owning_unit").order_by("-date", "-pk")[:100],
            can_edit=changeable.exists(),
            **kwargs,
        )


class ContactFormMixin(ContactMixin):
    form_class = ContactForm
    template_name = "liaison/contact_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            opts=Contact._meta, list_url=reverse("liaison:contact_list"), **kwargs
        )

    def form_valid(self, form):
        contact = form.save(commit=False)
        try:
            services.contact_save(
                actor=self.request.user,
                contact=contact,
                save_m2m=form.save_m2m,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except StaleRecordError:
            return generic_views.stale_record_response(self, form)
        messages.success(self.request, _("保存しました。"))
        return HttpResponseRedirect(contact.get_absolute_url())


class ContactCreateView(ContactFormMixin, ScopedQuerysetMixin, CreateView):
    """A new contact; `?organisation=<pk>` starts from that organisation's page."""

    scope_action = "add"

    def get_initial(self):
        initial = super().get_initial()
        organisation = self.request.GET.get("organisation", "")
        if organisation.isdigit():
            initial["organisation"] = int(organisation)
        return initial


class ContactUpdateView(ContactFormMixin, ScopedQuerysetMixin, UpdateView):
    scope_action = "change"


class ContactHistoryView(ContactMixin, generic_views.RecordHistoryView):
    template_name = "liaison/contact_history.html"
