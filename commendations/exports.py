"""Files of commendations: the year's ranking as xlsx and the 上申書 as an A4 PDF.

Both use the project's machinery: core.exports.write_xlsx (every user string kept as text)
and core.exports.render_pdf (Noto CJK, our static files only), with the annual report's
決裁欄 (reports.exports.APPROVAL_ROLES) and 和暦 dates (core.wareki).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from commendations.choices import RECOMMENDATION_STATUS_LABELS
from gifu_taisaku.core.exports import Column, Kind, render_pdf, write_xlsx
from gifu_taisaku.core.wareki import wareki_date
from gifu_taisaku.reports.exports import APPROVAL_ROLES


def _decimal_text(value) -> str:
    return "" if value is None else f"{value:f}"


def _signed(value) -> str:
    return "" if value is None else (f"+{value:f}" if value > 0 else f"{value:f}")


def ranking_columns(scheme) -> list[Column]:
    """順位, 警察署, 署員数, 管内在留外国人数, each metric's raw value and points, 合計, 前年比."""
    columns = [
        Column(_("順位"), "rank", Kind.INT),
        Column(_("警察署"), "name"),
        Column(_("署員数"), "officers", Kind.INT),
        Column(_("管内在留外国人数"), "foreign_residents", Kind.INT),
    ]
    for index, metric in enumerate(scheme.metrics.all()):
        columns += [
            Column(f"{metric.label}（実数）", _metric_reader(index, "raw")),
            Column(f"{metric.label}（点）", _metric_reader(index, "points")),
        ]
    columns += [
        Column(_("合計点"), lambda s: _decimal_text(s.total)),
        Column(_("前年比"), lambda s: _signed(s.change)),
    ]
    return columns


def _metric_reader(index: int, attribute: str):
    return lambda station: _decimal_text(getattr(station.metrics[index], attribute))


def ranking_xlsx(scheme, rows) -> bytes:
    title = _("%(period)s 表彰評価") % {"period": scheme.period.label}
    return write_xlsx(ranking_columns(scheme), rows, title=title)


def workflow_steps(record) -> list[dict]:
    """起案 → 審査 → 決定 / 差戻し: each change of status with who, when and the comment."""
    rows = record.history.select_related("history_user").order_by("history_date", "history_id")
    steps, previous = [], None
    for row in rows:
        if row.status != previous:
            comment = row.decision_comment if row.status in ("approved", "returned") else ""
            steps.append(
                {
                    "label": RECOMMENDATION_STATUS_LABELS.get(row.status, row.status),
                    "user": row.history_user,
                    "date": row.history_date,
                    "comment": comment,
                }
            )
        previous = row.status
    return steps


def recommendation_html(record, user) -> str:
    now = timezone.localtime()
    return render_to_string(
        "pdf/commendation_recommendation.html",
        {
            "record": record,
            "summary": record.score_summary,
            "steps": workflow_steps(record),
            "approval_roles": APPROVAL_ROLES,
            "created_on": wareki_date(timezone.localtime(record.created_at).date()),
            "printed_at": f"{wareki_date(now.date())} {now:%H:%M}",
            "printed_by": user.full_name or user.username,
        },
    )


def recommendation_pdf(record, user) -> bytes:
    """The 上申書: A4, 決裁欄, 功績概要, and the score breakdown as its attached table."""
    return render_pdf(recommendation_html(record, user))
