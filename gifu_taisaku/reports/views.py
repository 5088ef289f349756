"""Dashboard, annual report page and files, and the background files' status and download."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, RedirectView, TemplateView, View

from gifu_taisaku.accounts.roles import Perm
from gifu_taisaku.core.permissions import RolePermissionRequiredMixin
from gifu_taisaku.reports import services
from gifu_taisaku.reports.charts import coverage_totals, report_charts
from gifu_taisaku.reports.exports import CONTENT_TYPES, annual_title, generate_annual
from gifu_taisaku.reports.forms import (
    FIRST_YEAR,
    AnnualReportForm,
    DashboardForm,
    default_dashboard_query,
)
from gifu_taisaku.reports.models import GeneratedReport
from gifu_taisaku.reports.periods import Basis
from gifu_taisaku.reports.selectors import approved_row_count, report_figures


def figures_context(user, period, scope) -> dict:
    """What the dashboard and the annual page show: figures, charts and their tables."""
    figures = report_figures(user, period, scope)
    charts = report_charts(figures)
    return {
        "figures": figures,
        "charts": {chart.key: chart for chart in charts},
        "chart_list": charts,
        "coverage_totals": coverage_totals(figures),
        "headlines": [
            (label, now, before, now - before) for label, now, before in figures.headlines()
        ],
    }


class DashboardView(TemplateView):
    """HQ chooses the prefecture or a station; station staff see their own station."""

    template_name = "reports/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_role_perm(Perm.VIEW_REPORTS) or user.has_role_perm(Perm.VIEW_RECORDS)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET or default_dashboard_query(user)
        form = DashboardForm(query, user=user)
        context = super().get_context_data(form=form, **kwargs)
        if form.is_valid():
            context |= figures_context(user, form.period(), form.scope())
            context["annual_url"] = self.annual_url(form)
        return context

    def annual_url(self, form) -> str | None:
        """The annual report of the same year and scope, for those who may make it."""
        period, scope = form.period(), form.scope()
        if not self.request.user.has_role_perm(Perm.VIEW_REPORTS) or period.year is None:
            return None
        query = urlencode({"basis": period.basis, **scope.as_params()})
        return f"{reverse('reports:annual', args=[period.year])}?{query}"


class AnnualIndexView(RolePermissionRequiredMixin, RedirectView):
    """/reports/annual/ → this year's report (or ?year=2024 with its options)."""

    required_perm = Perm.VIEW_REPORTS

    def get_redirect_url(self, *args, **kwargs):
        query = self.request.GET.copy()
        year = query.pop("year", [""])[-1]
        year = int(year) if year.isdigit() else timezone.localdate().year
        url = reverse("reports:annual", args=[year])
        return f"{url}?{query.urlencode()}" if query else url


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404


class AnnualFormMixin(RolePermissionRequiredMixin):
    required_perm = Perm.VIEW_REPORTS

    def annual_form(self, data) -> AnnualReportForm:
        check_year(self.kwargs["year"])
        data = data if "basis" in data else {"basis": Basis.CALENDAR, **data.dict()}
        return AnnualReportForm(data, user=self.request.user, year=self.kwargs["year"])


class AnnualReportView(AnnualFormMixin, TemplateView):
    """The annual report on screen, its Excel and PDF buttons, and the user's files."""

    template_name = "reports/annual.html"

    def get_context_data(self, **kwargs):
        form = self.annual_form(self.request.GET)
        context = super().get_context_data(form=form, **kwargs)
        if form.is_valid():
            period = form.period()
            context |= figures_context(self.request.user, period, form.scope())
            context["title"] = annual_title(period)
        context["jobs"] = GeneratedReport.objects.filter(
            requested_by=self.request.user, expires_at__gt=timezone.now()
        )[:10]
        return context


class AnnualExportView(AnnualFormMixin, View):
    """POST: the workbook or the PDF now, or — for a large scope — made in the background."""

    http_method_names = ["post"]

    def post(self, request, year: int, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        form = self.annual_form(request.POST)
        page = reverse("reports:annual", args=[year])
        if not form.is_valid():
            messages.error(request, _("出力の条件が正しくありません。"))
            return HttpResponseRedirect(page)
        period, scope = form.period(), form.scope()
        back = f"{page}?{urlencode({'basis': period.basis, **scope.as_params()})}"
        if approved_row_count(request.user, period, scope) > settings.REPORTS_IMMEDIATE_MAX_ROWS:
            services.request_report(user=request.user, period=period, scope=scope, fmt=fmt)
            messages.info(request, _("対象の記録が多いため、ファイルを順次作成します。"))
            return HttpResponseRedirect(back)
        made = generate_annual(user=request.user, period=period, scope=scope, fmt=fmt)
        response = HttpResponse(made.content, content_type=made.content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=made.filename
        )
        response["Cache-Control"] = "no-store"
        return response


class OwnReportMixin(RolePermissionRequiredMixin):
    """A generated file exists only for the user who asked for it: 404 for anyone else."""

    required_perm = Perm.VIEW_REPORTS
    context_object_name = "job"

    def get_queryset(self):
        return GeneratedReport.objects.filter(requested_by=self.request.user)


class GeneratedReportStatusView(OwnReportMixin, DetailView):
    """The progress partial that the annual page polls (htmx) until the file is ready."""

    template_name = "reports/annual.html#job"


class GeneratedReportDownloadView(OwnReportMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        if not report.is_downloadable:
            raise Http404
        response = FileResponse(
            report.file.open("rb"),
            as_attachment=True,
            filename=report.filename,
            content_type=CONTENT_TYPES[report.fmt],
        )
        response["Cache-Control"] = "no-store"
        return response
