"""Writes of the reports app: asking for a background report, making it, clearing old files."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gifu_taisaku.reports.exports import annual_title, generate_annual
from gifu_taisaku.reports.models import GeneratedReport, GenerationStatus, ReportKind
from gifu_taisaku.reports.periods import Basis, Period, Scope
from gifu_taisaku.reports.selectors import report_units

logger = logging.getLogger(__name__)


def request_report(*, user, period: Period, scope: Scope, fmt: str) -> GeneratedReport:
    """Queue the annual report of `period` × `scope` in `fmt` for `user` (made by the worker)."""
    from gifu_taisaku.reports.tasks import generate_report

    purge_expired_reports()
    report = GeneratedReport.objects.create(
        requested_by=user,
        kind=ReportKind.ANNUAL,
        fmt=fmt,
        params={**period.as_params(), **scope.as_params()},
        title=annual_title(period),
        expires_at=timezone.now() + datetime.timedelta(days=settings.REPORTS_FILE_DAYS),
    )
    # The row must be committed before a worker can pick the task up.
    transaction.on_commit(lambda: _enqueue(generate_report, report))
    return report


def _enqueue(task, report: GeneratedReport) -> None:
    result = task.enqueue(str(report.pk))
    GeneratedReport.objects.filter(pk=report.pk).update(task_id=str(result.id)[:64])


def options_from_params(user, params: dict) -> tuple[Period, Scope]:
    """The period and scope a report was asked for; the unit must still be in the user's scope."""
    if params.get("basis") == Basis.RANGE:
        start = datetime.date.fromisoformat(params["start"])
        period = Period(start, datetime.date.fromisoformat(params["end"]), Basis.RANGE)
    else:
        period = Period.of_year(int(params["year"]), params["basis"])
    unit = None
    if params.get("unit"):
        units, _prefecture_wide = report_units(user)
        unit = units.get(pk=params["unit"])
    return period, Scope(unit)


def set_progress(report_id, percent: int, status: str = GenerationStatus.RUNNING) -> None:
    # Bookkeeping of a file being made, not a programme record: update() is fine here.
    GeneratedReport.objects.filter(pk=report_id).update(status=status, progress=percent)


def run_generation(report_id: str) -> GeneratedReport:
    """Make the file of a queued report as its requester may see it, and keep it."""
    report = GeneratedReport.objects.select_related("requested_by").get(pk=report_id)
    set_progress(report.pk, 5)
    try:
        period, scope = options_from_params(report.requested_by, report.params)
        made = generate_annual(
            user=report.requested_by,
            period=period,
            scope=scope,
            fmt=report.fmt,
            background=True,
            progress=lambda percent: set_progress(report.pk, percent),
        )
    except Exception:
        logger.exception("report %s could not be generated", report.pk)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=GenerationStatus.FAILED, finished_at=timezone.now()
        )
        raise
    report.file.save(made.filename, ContentFile(made.content), save=False)
    report.filename, report.status, report.progress = made.filename, GenerationStatus.DONE, 100
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    return report


def purge_expired_reports() -> int:
    """Delete the files and rows of reports past their keeping time."""
    expired = list(GeneratedReport.objects.filter(expires_at__lte=timezone.now()))
    for report in expired:
        if report.file:
            report.file.delete(save=False)
        report.delete()
    return len(expired)
