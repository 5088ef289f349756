from django.urls import path

from gifu_taisaku.core.attachment_views import attachment_urlpatterns
from gifu_taisaku.core.exports import export_urlpattern
from gifu_taisaku.core.urls_helpers import record_urlpatterns
from liaison import directory_views, views
from liaison.exports import ContactExportView, LiaisonExportView
from liaison.models import LiaisonRecord

app_name = "liaison"

urlpatterns = [
    *record_urlpatterns(
        LiaisonRecord,
        list_view=views.LiaisonListView,
        create_view=views.LiaisonCreateView,
        detail_view=views.LiaisonDetailView,
        update_view=views.LiaisonUpdateView,
        history_view=views.LiaisonHistoryView,
    ),
    export_urlpattern(LiaisonExportView),
    *attachment_urlpatterns(LiaisonRecord),
    path("followups/", views.FollowUpListView.as_view(), name="follow_up_list"),
    path(
        "followups/<int:pk>/status/",
        views.FollowUpStatusView.as_view(),
        name="follow_up_status",
    ),
    # The partner directory, shared by every station.
    path(
        "organisations/",
        directory_views.OrganisationListView.as_view(),
        name="organisation_list",
    ),
    path(
        "organisations/new/",
        directory_views.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(
        "organisations/<int:pk>/",
        directory_views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        directory_views.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    # Contacts: personal data, scoped to the owning station and HQ.
    path("contacts/", directory_views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", directory_views.ContactCreateView.as_view(), name="contact_create"),
    export_urlpattern(ContactExportView, prefix="contacts/", name="contact_export"),
    path("contacts/<int:pk>/", directory_views.ContactDetailView.as_view(), name="contact_detail"),
    path(
        "contacts/<int:pk>/edit/",
        directory_views.ContactUpdateView.as_view(),
        name="contact_edit",
    ),
    path(
        "contacts/<int:pk>/history/",
        directory_views.ContactHistoryView.as_view(),
        name="contact_history",
    ),
]
