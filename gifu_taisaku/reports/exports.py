"""The annual report (年間実施状況報告) as an Excel workbook and an A4 PDF.

Both are made from the same `ReportFigures` as the page: a cover, a sheet (or section) per
推進事項 with measure × month and station × measure tables, and — in the workbook — the
approved records themselves. Each file made is an audit event (AuditAction.EXPORT, kind
"annual_report"), whoever runs it: the request, or the background task for its requester.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.exports import render_pdf
from gifu_taisaku.core.models import AuditAction
from gifu_taisaku.core.wareki import wareki_date
from gifu_taisaku.reports import sheets
from gifu_taisaku.reports.charts import coverage_totals, report_charts
from gifu_taisaku.reports.periods import Basis, Period, Scope
from gifu_taisaku.reports.selectors import ReportFigures, report_figures

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
REPORT_KIND = "annual_report"
# The boxes of the cover's 決裁欄 (approvals are recorded, not stamped; the boxes are for
# the paper copy that is filed).
APPROVAL_ROLES = ("所属長", "次長", "課長補佐", "係長", "担当")


def annual_title(period: Period) -> str:
    """「令和7年 在留外国人等総合対策 実施状況」 (or 令和7年度 for a fiscal year)."""
    return _("%(period)s 在留外国人等総合対策 実施状況") % {"period": period.label}


@dataclass(frozen=True)
class ReportMeta:
    """What the cover says about the file: title, conditions, who made it and when."""

    title: str
    period: Period
    scope: Scope
    generated_by: str
    generated_at: datetime.datetime

    @property
    def period_text(self) -> str:
        return f"{self.period.label}（{self.period.span_label}）"

    @property
    def generated_at_text(self) -> str:
        local = timezone.localtime(self.generated_at)
        return f"{wareki_date(local.date())} {local:%H:%M}"

    @property
    def conditions(self) -> str:
        return _("対象期間：%(period)s　対象：%(scope)s　承認済みの記録のみ集計") % {
            "period": self.period_text,
            "scope": self.scope.label,
        }


def report_meta(user, period: Period, scope: Scope) -> ReportMeta:
    name = f"{user.full_name or user.username}（{user.username}）"
    return ReportMeta(annual_title(period), period, scope, name, timezone.now())


def filename(period: Period, scope: Scope, fmt: str) -> str:
    """jisshi-jokyo-2025[-fy][-ogaki].xlsx (ASCII: safe everywhere)."""
    fiscal = "-fy" if period.basis == Basis.FISCAL else ""
    unit = f"-{scope.unit.code}" if scope.unit else ""
    return f"jisshi-jokyo-{period.year or period.start.year}{fiscal}{unit}.{fmt}"


# --- files ------------------------------------------------------------------------------


def build_workbook(user, figures: ReportFigures, meta: ReportMeta) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = meta.title
    workbook.properties.creator = meta.generated_by
    sheets.cover(workbook, figures, meta)
    sheets.activities(workbook, figures, meta)
    sheets.liaison(workbook, figures, meta)
    if figures.show_intel:
        sheets.intel(workbook, figures, meta)
    sheets.enforcement(workbook, figures, meta)
    sheets.training(workbook, figures, meta)
    sheets.raw_data(workbook, user, figures, meta)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_html(figures: ReportFigures, meta: ReportMeta) -> str:
    return render_to_string(
        "pdf/annual_report.html",
        {
            "meta": meta,
            "figures": figures,
            "charts": {chart.key: chart for chart in report_charts(figures)},
            "coverage_totals": coverage_totals(figures),
            "headlines": [(label, n, b, n - b) for label, n, b in figures.headlines()],
            "approval_roles": APPROVAL_ROLES,
        },
    )


def build_pdf(figures: ReportFigures, meta: ReportMeta) -> bytes:
    return render_pdf(pdf_html(figures, meta))


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes


def generate_annual(
    *,
    user,
    period: Period,
    scope: Scope,
    fmt: str,
    background: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ReportFile:
    """The annual report of `period` × `scope` as `user` may see it, in `fmt` (audited)."""
    progress = progress or (lambda percent: None)
    figures = report_figures(user, period, scope)
    progress(40)
    meta = report_meta(user, period, scope)
    content = build_workbook(user, figures, meta) if fmt == "xlsx" else build_pdf(figures, meta)
    progress(90)
    record_event(
        action=AuditAction.EXPORT,
        actor=user,
        detail={
            "kind": REPORT_KIND,
            "format": fmt,
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "basis": period.basis,
            "scope": scope.unit.code if scope.unit else "prefecture",
            "intel_counts": figures.show_intel,
            "background": background,
        },
    )
    return ReportFile(filename(period, scope, fmt), CONTENT_TYPES[fmt], content)
