"""Score screens: the years, a year's ranking, a station's explanation, freeze, diff, xlsx.

Station staff see their own station's line and explanation; HQ (report readers and
commendation managers) sees every station. Only managers freeze a year.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from commendations.diff import differences
from commendations.exports import ranking_xlsx
from commendations.models import Scheme
from commendations.scoring import compute_year
from commendations.selectors import evidence_for, sees_all_stations, year_view
from commendations.services import freeze_year
from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.models import AuditAction
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.orgs.models import OrgUnit
from training.selectors import unit_members

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScoreAccessMixin(RolePermissionRequiredMixin):
    """Record readers (station staff and HQ); 監査担当 has no business here."""

    required_perm = Perm.VIEW_RECORDS

    def get_scheme(self) -> Scheme:
        return get_object_or_404(
            Scheme.objects.prefetch_related("metrics"), year=self.kwargs["year"]
        )


class HQOnlyMixin:
    """Every station's figures: HQ only (403 for station staff)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not sees_all_stations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScoreIndexView(ScoreAccessMixin, TemplateView):
    template_name = "commendations/score_index.html"

    def get_context_data(self, **kwargs):
        schemes = Scheme.objects.select_related("snapshot").order_by("-year")
        return super().get_context_data(schemes=schemes, **kwargs)


class RankingView(ScoreAccessMixin, TemplateView):
    template_name = "commendations/ranking.html"

    def get_context_data(self, **kwargs):
        scheme = self.get_scheme()
        user = self.request.user
        return super().get_context_data(
            scheme=scheme,
            view=year_view(user, scheme),
            metrics=list(scheme.metrics.all()),
            sees_all=sees_all_stations(user),
            can_manage=user.has_role_perm(Perm.MANAGE_COMMENDATIONS),
            **kwargs,
        )


class StationScoreView(ScoreAccessMixin, TemplateView):
    """metric → value → the records behind it, as far as the viewer may open them."""

    template_name = "commendations/station_score.html"

    def get_context_data(self, **kwargs):
        scheme, user = self.get_scheme(), self.request.user
        station = get_object_or_404(OrgUnit.objects.stations(), pk=self.kwargs["station_pk"])
        view = year_view(user, scheme)
        score = view.station(station.pk)
        if score is None:
            raise Http404
        can_manage = user.has_role_perm(Perm.MANAGE_COMMENDATIONS)
        return super().get_context_data(
            scheme=scheme,
            view=view,
            station=station,
            score=score,
            evidence=[evidence_for(user, scheme, station, m) for m in score.metrics],
            hide_intel=not view.show_intel,
            can_manage=can_manage,
            # 賞誉・賞揚 of one officer is drafted from here: the station's officers to choose.
            officers=unit_members(station) if can_manage else [],
            **kwargs,
        )


class FreezeView(RolePermissionRequiredMixin, View):
    """POST: decide the year's result (本部管理者)."""

    required_perm = Perm.MANAGE_COMMENDATIONS
    http_method_names = ["post"]

    def post(self, request, year):
        scheme = get_object_or_404(Scheme, year=year)
        try:
            freeze_year(actor=request.user, scheme=scheme)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("評価結果を確定しました。"))
        return HttpResponseRedirect(reverse("commendations:ranking", args=[year]))


class DiffView(ScoreAccessMixin, HQOnlyMixin, TemplateView):
    """The frozen result against a recomputation now: what later edits would change."""

    template_name = "commendations/diff.html"

    def get_context_data(self, **kwargs):
        scheme = self.get_scheme()
        view = year_view(self.request.user, scheme)
        changes = None
        if view.snapshot is not None:
            changes = differences(view.result, compute_year(scheme))
        return super().get_context_data(scheme=scheme, view=view, changes=changes, **kwargs)


class RankingExportView(ScoreAccessMixin, HQOnlyMixin, View):
    """The year's ranking as xlsx (an audited export)."""

    def get(self, request, year):
        scheme = self.get_scheme()
        view = year_view(request.user, scheme)
        content = ranking_xlsx(scheme, view.rows)
        record_event(
            action=AuditAction.EXPORT,
            actor=request.user,
            detail={"kind": "commendation_ranking", "format": "xlsx", "year": year},
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"hyosho-hyoka-{year}.xlsx"
        )
        response["Cache-Control"] = "no-store"
        return response
