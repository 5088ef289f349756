"""Home page, health check, audit-trail screen and error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView, TemplateView

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import selectors
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.filters import AuditEventFilter
from gifu_taisaku.core.models import AuditEvent
from gifu_taisaku.core.notifications import mark_read, unread_for
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin


class HomeView(TemplateView):
    """The user's unit, its latest records and what waits for this user."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            latest_records=selectors.latest_records(user),
            awaiting_approval=selectors.awaiting_approval(user),
            returned_records=selectors.returned_to_me(user),
            can_approve=user.has_role_perm(Perm.APPROVE_RECORDS),
            notifications=unread_for(user),
            **kwargs,
        )


@require_POST
def notification_read(request, pk: int):
    """Mark one of the user's own notices as read (another user's id simply does nothing)."""
    mark_read(request.user, pk)
    return redirect("core:home")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


class AuditEventListView(RolePermissionRequiredMixin, ListView):
    """監査担当's search over the audit trail."""

    required_perm = Perm.VIEW_AUDIT
    template_name = "core/audit_list.html"
    paginate_by = 100

    def get_queryset(self):
        self.filterset, events = apply_filters(
            AuditEventFilter, self.request, AuditEvent.objects.all()
        )
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)
