"""Need-to-know grants: who else may read one report, why, and until when."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from gifu_taisaku.accounts.reauth import recent_auth_response
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.forms import add_service_errors
from intel import services
from intel.forms import GrantForm
from intel.models import IntelReport, IntelUnitGrant, IntelUserGrant

GRANT_MODELS = {"user": IntelUserGrant, "unit": IntelUnitGrant}


class GrantableReportMixin:
    """The report must be one the user reads by position (not through a grant): else 404."""

    @cached_property
    def report(self) -> IntelReport:
        if not self.request.user.has_role_perm(Perm.VIEW_RECORDS):
            raise PermissionDenied
        grantable = IntelReport.objects.visible_to(self.request.user, "grant")
        return get_object_or_404(grantable, pk=self.kwargs["pk"])


class GrantListView(GrantableReportMixin, FormView):
    template_name = "intel/grants.html"
    form_class = GrantForm

    def dispatch(self, request, *args, **kwargs):
        self.report  # noqa: B018  (403/404 before anything, the password prompt included)
        return recent_auth_response(request) or super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            user_grants=self.report.user_grants.select_related("user", "granted_by"),
            unit_grants=self.report.unit_grants.select_related("group", "granted_by"),
            now=timezone.now(),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.grant_access(
                actor=self.request.user,
                report=self.report,
                user=data["user"],
                unit=data["unit"],
                reason=data["reason"],
                expires_at=form.expires_at,
            )
        except ValidationError as error:
            # The service names its own fields (expires_at): add_error(None, …) would raise.
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("閲覧権限を付与しました。"))
        return HttpResponseRedirect(reverse("intel:grants", args=[self.report.pk]))


class GrantRevokeView(GrantableReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.report  # noqa: B018  (403/404 before the password prompt)
        if response := recent_auth_response(request):
            return response
        model = GRANT_MODELS.get(kwargs["kind"])
        if model is None:
            raise Http404
        grant = get_object_or_404(model, pk=kwargs["grant_pk"], content_object=self.report)
        services.revoke_grant(actor=request.user, grant=grant)
        messages.success(request, _("閲覧権限を取り消しました。"))
        return HttpResponseRedirect(reverse("intel:grants", args=[self.report.pk]))
