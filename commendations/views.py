"""Recommendation (上申) screens: the generic record views, opened to commendation managers.

Recommendations belong to HQ: every view requires Perm.MANAGE_COMMENDATIONS instead of the
station record permissions, and starts from `Recommendation.objects.visible_to(user)`.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from commendations import services
from commendations.choices import RecommendationKind
from commendations.exports import recommendation_pdf, workflow_steps
from commendations.forms import RecommendationForm
from commendations.models import Recommendation, Scheme
from commendations.selectors import (
    achievements_text,
    notable_activities,
    officer_achievements,
    year_view,
)
from gifu_taisaku.accounts.models import User
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core import generic_views
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.core.scoping import scope_root
from gifu_taisaku.orgs.models import OrgUnit


class CommendationAccessMixin:
    """Managers of commendations only (403 otherwise), in place of the record permissions."""

    model = Recommendation

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_role_perm(Perm.MANAGE_COMMENDATIONS):
            raise PermissionDenied
        # Skip ScopedQuerysetMixin.dispatch: it asks for the station record permissions.
        return super(generic_views.ScopedQuerysetMixin, self).dispatch(request, *args, **kwargs)


class RecommendationListView(CommendationAccessMixin, generic_views.RecordListView):
    template_name = "commendations/list.html"
    columns = (
        (_("件名"), "title"),
        (_("種別"), "get_kind_display"),
        (_("対象年"), "year"),
        (_("警察署"), "station.name"),
        (_("状態"), "get_status_display"),
    )

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("station")


class RecommendationDetailView(CommendationAccessMixin, generic_views.RecordDetailView):
    template_name = "commendations/detail.html"
    # The words of a 上申 file: 起案 → 審査 → 決定.
    workflow_words = generic_views.WorkflowWords(
        submit=_("審査に回す"),
        submit_help=_(
            "起案が終わったら審査に回します。次の画面で内容を確認してから回します。"
            "審査中は編集できません。"
        ),
        confirm_title=_("審査に回す内容の確認"),
        confirm_lead=_("次の内容で審査に回します。"),
        confirm_help=_(
            "審査に回すと、決定または差戻しまで編集できません。内容を確かめてから"
            "「この内容で審査に回す」を押してください。直すときは「修正する」を押してください。"
        ),
        confirm_button=_("この内容で審査に回す"),
        approve=_("決定"),
        reopen=_("決定の取消し"),
        reopen_help=_("決定した上申を訂正するときは、理由を書いて起案者に戻します。"),
        reopen_confirm=_("決定を取り消して起案者に戻します。よろしいですか？"),
    )

    def get_queryset(self):
        return super().get_queryset().select_related("station", "nominee", "created_by")

    def get_context_data(self, **kwargs):
        record = self.object
        fields = [
            (_("種別"), record.get_kind_display()),
            (_("対象年"), record.year),
            (_("警察署"), record.station.name),
            (_("被上申者"), record.nominee or "—"),
        ]
        return super().get_context_data(
            detail_fields=fields,
            steps=workflow_steps(record),
            summary=record.score_summary,
            **kwargs,
        )


class RecommendationFormMixin(CommendationAccessMixin):
    form_class = RecommendationForm
    template_name = "commendations/form.html"

    def save_record(self, form):
        services.prepare_recommendation(actor=self.request.user, record=form.instance)
        return super().save_record(form)


class RecommendationCreateView(RecommendationFormMixin, generic_views.RecordCreateView):
    """Drafted from the ranking or a station's score page: ?year=2025&station=<pk>."""

    def get_initial(self):
        initial = super().get_initial()
        params = self.request.GET
        scheme = Scheme.objects.filter(year=params.get("year") or 0).first()
        nominee = User.objects.filter(pk=params.get("nominee") or 0, is_active=True).first()
        if scheme is not None and nominee is not None:
            return {**initial, **self._drafted_for_officer(scheme, nominee)}
        station = OrgUnit.objects.stations().filter(pk=params.get("station") or 0).first()
        if station is None or scheme is None:
            return initial
        return {**initial, **self._drafted(scheme, station, params.get("kind", "certificate"))}

    def _drafted_for_officer(self, scheme, nominee) -> dict:
        """?year=2025&nominee=<user pk>: a 賞誉 for the officer, at their station."""
        membership = nominee.primary_membership
        station = scope_root(membership.unit) if membership else None
        return {
            "year": scheme.year,
            "station": station.pk if station else None,
            "nominee": nominee.pk,
            "kind": RecommendationKind.PRAISE,
            "title": f"{scheme.period.label} 在留外国人等総合対策 功労 {nominee}",
            "achievements": officer_achievements(self.request.user, scheme, nominee),
        }

    def _drafted(self, scheme, station, kind) -> dict:
        view = year_view(self.request.user, scheme)
        notable = notable_activities(self.request.user, scheme, station)
        label = scheme.period.label
        return {
            "year": scheme.year,
            "station": station.pk,
            "kind": kind,
            "title": f"{label} 在留外国人等総合対策 功労 {station.name}",
            "achievements": achievements_text(view.station(station.pk), label, notable),
        }


class RecommendationUpdateView(RecommendationFormMixin, generic_views.RecordUpdateView):
    pass


class RecommendationHistoryView(CommendationAccessMixin, generic_views.RecordHistoryView):
    pass


class SubmitView(CommendationAccessMixin, generic_views.RecordSubmitView):
    success_message = _("審査に回しました。")


class ApproveView(CommendationAccessMixin, generic_views.RecordApproveView):
    success_message = _("決定しました。")


class ReturnView(CommendationAccessMixin, generic_views.RecordReturnView):
    pass


class ReopenView(CommendationAccessMixin, generic_views.RecordReopenView):
    success_message = _("決定を取り消し、起案者に戻しました。")


ACTION_VIEWS = {
    "submit": SubmitView,
    "approve": ApproveView,
    "return": ReturnView,
    "reopen": ReopenView,
}


class RecommendationPdfView(RolePermissionRequiredMixin, View):
    """The 上申書 as an A4 PDF (an audited export)."""

    required_perm = Perm.MANAGE_COMMENDATIONS

    def get(self, request, pk):
        record = get_object_or_404(
            Recommendation.objects.visible_to(request.user).select_related(
                "station", "nominee", "created_by", "owning_unit"
            ),
            pk=pk,
        )
        content = recommendation_pdf(record, request.user)
        record_event(
            action=AuditAction.EXPORT,
            actor=request.user,
            target=record,
            detail={"kind": "commendation_recommendation", "format": "pdf"},
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"joshin-{record.year}-{record.pk}.pdf"
        )
        response["Cache-Control"] = "no-store"
        return response
