"""The sheets of the annual workbook: a cover, one sheet per 推進事項, and the raw data.

Tables are made from the same `ReportFigures` as the page and the PDF. Labels come from
the 別表 catalogue and the unit tree; every one is written as text (workbook.SheetWriter).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gifu_taisaku.core.exports import Column, Kind, Related, append_record_sheet
from gifu_taisaku.orgs.models import PromotionItem
from gifu_taisaku.reports.charts import coverage_totals
from gifu_taisaku.reports.selectors import AreaFigures, ReportFigures, approved_rows
from gifu_taisaku.reports.tables import Crosstab
from gifu_taisaku.reports.workbook import (
    PERCENT_FORMAT,
    SheetWriter,
    label_width,
    prepare_for_print,
)

NUMBER_WIDTH = 9


def _rows(table: Crosstab) -> list[tuple[str, list[int]]]:
    """(label, numbers) per row of a measure table: "A01 通訳人を帯同した巡回連絡"."""
    return [(f"{row.label.text} {row.label.title}", row.values) for row in table.table_rows()]


def _station_rows(table: Crosstab) -> list[tuple[str, list[int]]]:
    return [(row.label.title or row.label.text, row.values) for row in table.table_rows()]


def _sheet(workbook, name: str, area: AreaFigures | None, meta, extra_labels=()) -> SheetWriter:
    labels = list(extra_labels)
    if area is not None:
        labels += [f"{m.code} {m.name}" for m in area.measures] + [s.name for s in area.stations]
    columns = 16 if area is None else max(len(area.months), len(area.measures)) + 2
    writer = SheetWriter.create(
        workbook,
        name,
        header=meta.title,
        widths=[label_width(labels), *[NUMBER_WIDTH] * columns],
        freeze="B3",
    )
    writer.title(f"{name}　{meta.period.label}", meta.conditions)
    return writer


def _measure_tables(writer: SheetWriter, area: AreaFigures, what: str) -> None:
    """Measure × month and station × measure counts of one area."""
    by_month = area.measure_by_month()
    writer.caption(_("推進方策別・月別 %(what)s") % {"what": what})
    writer.table([_("推進方策"), *(c.text for c in by_month.columns)], _rows(by_month))
    by_station = area.station_by_measure()
    writer.caption(_("警察署別・推進方策別 %(what)s") % {"what": what})
    writer.table([_("所属"), *(c.text for c in by_station.columns)], _station_rows(by_station))


def _per_measure(area: AreaFigures, metrics: list[str]) -> list[tuple[str, list[int]]]:
    tables = [area.measure_by_month(metric).table_rows() for metric in metrics]
    return [
        (f"{rows[0].label.text} {rows[0].label.title}", [row.total for row in rows])
        for rows in zip(*tables, strict=True)
    ]


def cover(workbook, figures: ReportFigures, meta) -> None:
    writer = SheetWriter.create(workbook, _("表紙"), header=meta.title, widths=[28, 16, 16, 16])
    writer.title(meta.title, meta.conditions)
    writer.blank()
    for label, value in (
        (_("対象期間"), meta.period_text),
        (_("対象"), meta.scope.label),
        (_("集計の対象"), _("承認済みの記録のみ")),
        (
            _("期間内の未承認の記録"),
            _("%(n)s件（集計に含めていません）") % {"n": figures.unapproved},
        ),
        (_("作成者"), meta.generated_by),
        (_("作成日時"), meta.generated_at_text),
    ):
        writer.append([label, value])
    writer.caption(_("主な数値（前年同期との比較）"))
    writer.table(
        [_("区分"), figures.period.label, figures.period.previous().label, _("増減")],
        [(label, [now, before, now - before]) for label, now, before in figures.headlines()],
        row_totals=False,
        column_totals=False,
    )


def activities(workbook, figures: ReportFigures, meta) -> None:
    area = figures.areas["activities"]
    writer = _sheet(workbook, f"1 {PromotionItem.POLICE_ACTIVITIES.label}", area, meta)
    _measure_tables(writer, area, _("実施件数"))
    writer.caption(_("推進方策別 参加者等"))
    metrics = ["count", "participants", "foreign", "children", "child_events", "interpreter"]
    headers = [_("推進方策"), _("件数"), _("参加者数"), _("うち外国人"), _("うち外国人児童等")]
    headers += [_("児童等が参加した活動"), _("通訳人帯同")]
    writer.table(headers, _per_measure(area, metrics), row_totals=False)
    writer.caption(_("通訳言語別 通訳人を帯同した活動の件数（1件に複数の言語があり得ます）"))
    writer.table(
        [_("言語"), _("件数")],
        [(name, [n]) for name, n in figures.languages],
        row_totals=False,
        column_totals=False,
    )


def liaison(workbook, figures: ReportFigures, meta) -> None:
    area = figures.areas["liaison"]
    writer = _sheet(workbook, f"2 {PromotionItem.LIAISON.label}", area, meta)
    _measure_tables(writer, area, _("件数"))
    writer.caption(_("連携の種別ごとの件数"))
    writer.table(
        [_("種別"), _("件数")],
        [(str(label), [n]) for label, n in figures.liaison_kinds],
        row_totals=False,
    )


def intel(workbook, figures: ReportFigures, meta) -> None:
    area = figures.areas["intel"]
    writer = _sheet(workbook, f"3 {PromotionItem.SITUATION_AWARENESS.label}", area, meta)
    writer.append([_("作成者が閲覧できる報告の件数のみ（内容は含みません）。")])
    _measure_tables(writer, area, _("報告件数"))
    writer.caption(_("区分別 報告件数と予兆"))
    writer.table(
        [_("区分"), _("報告件数"), _("うち予兆")],
        _per_measure(area, ["count", "signs"]),
        row_totals=False,
    )


def enforcement(workbook, figures: ReportFigures, meta) -> None:
    area = figures.areas["activities"]
    writer = _sheet(workbook, f"4 {PromotionItem.ENFORCEMENT.label}", area, meta)
    tables = figures.enforcement()
    if tables is None:
        writer.append([_("違法行為の取締り（A90）が登録されていません。")])
        return
    writer.caption(_("月別 取締りの実績（%(code)s）") % {"code": tables["measure"].code})
    writer.table([_("区分"), *tables["months"]], tables["by_month"])
    writer.caption(_("警察署別 取締りの実績"))
    writer.table([_("所属"), *tables["headers"]], tables["by_station"], row_totals=False)


def training(workbook, figures: ReportFigures, meta) -> None:
    area = figures.areas["training"]
    writer = _sheet(workbook, f"5 {PromotionItem.TRAINING.label}", area, meta)
    _measure_tables(writer, area, _("実施回数"))
    writer.caption(_("推進方策別 回数・延べ受講者・時間"))
    writer.table(
        [_("推進方策"), _("回数"), _("延べ受講者（人）"), _("時間（分）")],
        _per_measure(area, ["count", "attendances", "minutes"]),
        row_totals=False,
    )
    _coverage(writer, figures)


def _coverage(writer: SheetWriter, figures: ReportFigures) -> None:
    """Officers who attended each D-measure, per station, and the share over all of them."""
    if not figures.coverage:
        return
    measures = [row.measure for row in figures.coverage[0].measures]
    writer.caption(_("所属別 受講者数（所属員のうち、承認済みの職場教養に出席した人数）"))
    writer.table(
        [_("所属"), _("所属員"), *(m.code for m in measures)],
        [(u.unit.name, [u.officers, *(m.attended for m in u.measures)]) for u in figures.coverage],
        row_totals=False,
    )
    writer.caption(_("推進方策別 受講率"))
    writer.append([_("推進方策"), _("受講者"), _("所属員"), _("受講率")], bold=True)
    for measure, attended, officers, _percent in coverage_totals(figures):
        row = writer.row + 1
        share = writer.cell(attended / officers if officers else 0, number_format=PERCENT_FORMAT)
        writer.sheet.append(
            [
                writer.cell(f"{measure.code} {measure.name}"),
                writer.cell(attended),
                writer.cell(officers),
                share,
            ]
        )
        writer.row = row


# --- raw data: the approved records themselves ------------------------------------------------


RAW_SHEETS = {
    "activities": (
        gettext_lazy("明細（各種警察活動）"),
        (
            Column(gettext_lazy("ID"), "pk", Kind.INT, width=8),
            Column(gettext_lazy("実施日"), "date", Kind.DATE),
            Column(gettext_lazy("担当所属"), "owning_unit.name"),
            Column(gettext_lazy("推進方策コード"), "measure.code", width=8),
            Column(gettext_lazy("推進方策"), "measure.name", width=36),
            Column(gettext_lazy("件名"), "title", width=36),
            Column(gettext_lazy("市町村"), "municipality.name", width=12),
            Column(gettext_lazy("参加者数"), "participants_total", Kind.INT),
            Column(gettext_lazy("うち外国人"), "participants_foreign", Kind.INT),
            Column(gettext_lazy("うち外国人児童等"), "participants_children", Kind.INT),
            Column(gettext_lazy("通訳人の帯同"), "interpreter_used", Kind.BOOL),
            Column(gettext_lazy("通訳言語"), Related("interpreter_languages")),
            Column(gettext_lazy("事件化件数"), "cases_built", Kind.INT),
            Column(gettext_lazy("検挙人員"), "persons_arrested", Kind.INT),
        ),
        ("interpreter_languages",),
    ),
    "liaison": (
        gettext_lazy("明細（関係機関との連携）"),
        (
            Column(gettext_lazy("ID"), "pk", Kind.INT, width=8),
            Column(gettext_lazy("実施日"), "date", Kind.DATE),
            Column(gettext_lazy("担当所属"), "owning_unit.name"),
            Column(gettext_lazy("推進方策コード"), "measure.code", width=8),
            Column(gettext_lazy("推進方策"), "measure.name", width=36),
            Column(gettext_lazy("連携の種別"), "kind", width=12),
            Column(gettext_lazy("件名"), "title", width=36),
            Column(
                gettext_lazy("関係機関・団体"),
                Related("organisations", order_by=("name",)),  # as the list prefetches them
                width=40,
            ),
        ),
        (),  # the list selector prefetches the organisations
    ),
    "training": (
        gettext_lazy("明細（職場教養）"),
        (
            Column(gettext_lazy("ID"), "pk", Kind.INT, width=8),
            Column(gettext_lazy("実施日"), "date", Kind.DATE),
            Column(gettext_lazy("担当所属"), "owning_unit.name"),
            Column(gettext_lazy("推進方策コード"), "measure.code", width=8),
            Column(gettext_lazy("推進方策"), "measure.name", width=36),
            Column(gettext_lazy("題目"), "topic", width=36),
            Column(gettext_lazy("時間（分）"), "duration_minutes", Kind.INT),
            Column(gettext_lazy("出席者数"), "attendee_count", Kind.INT),
        ),
        (),
    ),
}


def raw_data(workbook, user, figures: ReportFigures, meta) -> None:
    """One sheet per programme area listing its approved records in period and scope."""
    for key, (title, columns, prefetch) in RAW_SHEETS.items():
        rows = approved_rows(user, key, figures.period, figures.scope).order_by("date", "pk")
        if prefetch:
            rows = rows.prefetch_related(*prefetch)
        append_record_sheet(
            workbook,
            columns,
            rows,  # a queryset: read with values_list() (core.exports.value_rows)
            title=str(title),
            prepare=lambda sheet: prepare_for_print(sheet, header=meta.title),
        )
