"""The Excel import of activities: the sheet's columns, row checks, staging and the commit.

Reading the file and parsing cells is core.imports; this module knows the activity sheet.
The owning unit comes from the upload form, never from the file. Each row is checked by
building an Activity and calling `full_clean()`, so the measure rules of
`Activity.clean()` (A01 needs 訪問世帯数 and 通訳人の帯同 …) apply exactly as on the form.
The commit is all rows or none, with one history row per activity and one audit event.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from activities.choices import MEASURE_FIELDS, InterpreterKind, OffenceType
from activities.models import Activity, AudienceLanguage
from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.forms import units_user_may_add_for
from gifu_taisaku.core.imports import (
    MAX_STORED_ERRORS,
    CodeList,
    Column,
    ImportFileError,
    ParsedRow,
    RowError,
    build_template,
    code_key,
    json_ready,
    lookup_table,
    parse_choice,
    parse_code,
    parse_code_list,
    parse_count,
    parse_date,
    parse_text,
    parse_time,
    parse_yes_no,
    read_sheet,
    revive_row,
)
from gifu_taisaku.core.models import AuditAction, ImportBatch, ImportBatchStatus
from gifu_taisaku.core.wareki import wareki_date
from gifu_taisaku.orgs.models import Language, Measure, Municipality
from liaison.models import Organisation

TARGET = Activity._meta.label_lower
CHANGE_REASON = "Excel取込み"
TEMPLATE_SHEET_TITLE = "活動記録"
PREVIEW_ROWS = 20
M2M_KEYS = ("interpreter_languages", "languages")
# Foreign keys resolved from the catalogue: full_clean() need not query each row again.
RESOLVED_FKS = ["owning_unit", "created_by", "measure", "municipality", "patrol_group"]
FIELD_MEASURE = {name: code for code, names in MEASURE_FIELDS.items() for name in names}


@dataclass(frozen=True)
class Catalogue:
    """The codes a sheet may use, read once per import rather than once per row."""

    measures: dict[str, Measure]
    municipalities: dict[str, Municipality]
    languages: dict[str, Language]
    organisations: dict[str, Organisation]  # by name; names used twice are left out

    @classmethod
    def load(cls) -> "Catalogue":
        organisations = list(Organisation.objects.filter(is_active=True))
        name_counts = Counter(code_key(o.name) for o in organisations)
        return cls(
            measures={
                m.code: m for m in Measure.objects.filter(is_active=True, code__startswith="A")
            },
            municipalities={m.code: m for m in Municipality.objects.all()},
            languages={lang.code: lang for lang in Language.objects.filter(is_active=True)},
            organisations={o.name: o for o in organisations if name_counts[code_key(o.name)] == 1},
        )


def activity_columns(catalogue: Catalogue) -> tuple[Column, ...]:
    """The sheet, column by column. Headers are the file format: they are not translated."""
    measure = parse_code(
        lookup_table((code, ()) for code in catalogue.measures), _("推進方策（A01〜A99）")
    )
    municipality = parse_code(
        lookup_table((m.code, (m.name, m.code[:5])) for m in catalogue.municipalities.values()),
        _("市町村の一覧"),
    )
    languages = parse_code_list(
        lookup_table((lang.code, (lang.name,)) for lang in catalogue.languages.values()),
        _("言語の一覧"),
    )
    organisation = parse_code(
        lookup_table((name, ()) for name in catalogue.organisations),
        _("関係機関・団体（名称が重複しないもの）"),
    )
    return (
        Column(
            "実施日", "date", parse_date, required=True, note=_("例：2025/04/01、令和7年4月1日")
        ),
        Column("開始時刻", "start_time", parse_time, note=_("例：9:30")),
        Column("終了時刻", "end_time", parse_time, note=_("例：11:00")),
        Column(
            "推進方策コード",
            "measure",
            measure,
            required=True,
            aliases=("推進方策",),
            note=_("「コード一覧」シートのコード（例：A01）"),
        ),
        Column("件名", "title", parse_text(100), required=True, width=30),
        Column(
            "市町村コード",
            "municipality",
            municipality,
            aliases=("市町村",),
            note=_("6桁の団体コードまたは市町村名（例：212016、岐阜市）"),
        ),
        Column("場所", "place_name", parse_text(100), width=20),
        Column("所在地", "address", parse_text(200), width=30),
        Column("参加者数", "participants_total", parse_count),
        Column("うち外国人", "participants_foreign", parse_count),
        Column("うち外国人児童等", "participants_children", parse_count),
        Column("通訳人の帯同", "interpreter_used", parse_yes_no, note=_("「あり」または「なし」")),
        Column(
            "通訳の種別",
            "interpreter_kind",
            parse_choice(InterpreterKind.choices, _("通訳の種別")),
            note=_("通訳人の帯同が「あり」のとき"),
        ),
        Column(
            "通訳言語",
            "interpreter_languages",
            languages,
            note=_("言語コードを「、」で区切る（例：pt、vi）"),
        ),
        Column("参加者の言語", "languages", languages, note=_("言語コードを「、」で区切る")),
        Column("訪問世帯数", "households_visited", parse_count, note=_("A01 のとき必須")),
        Column("うち外国人世帯数", "foreign_households", parse_count, note=_("A01 のとき")),
        Column("巡回連絡カード回収数", "liaison_cards", parse_count, note=_("A01 のとき")),
        Column(
            "合同パトロールの団体",
            "patrol_group",
            organisation,
            note=_("A07 のとき必須。関係機関・団体に登録した名称"),
            width=20,
        ),
        Column("団体側の参加人数", "patrol_participants", parse_count, note=_("A07 のとき")),
        Column(
            "罪種",
            "offence_type",
            parse_choice(OffenceType.choices, _("罪種")),
            note=_("A90 のとき必須"),
        ),
        Column("事件化件数", "cases_built", parse_count, note=_("A90 のとき")),
        Column("検挙人員", "persons_arrested", parse_count, note=_("A90 のとき")),
        Column("適用法令", "legal_basis", parse_text(200), note=_("A90 のとき"), width=20),
        Column("実施概要", "summary", parse_text(), required=True, width=40),
        Column("成果", "outcome", parse_text(), width=30),
        Column("今後の対応", "follow_up", parse_text(), width=30),
        Column("対応期限", "follow_up_due", parse_date, note=_("例：2025/05/31")),
    )


# ---------------------------------------------------------------- checking rows


@dataclass
class CheckedRow:
    """A row as it will be recorded: the unsaved activity, its languages, its problems."""

    number: int
    activity: Activity
    m2m: dict[str, list[str]]
    errors: list[RowError] = field(default_factory=list)


def check_row(row: ParsedRow, *, columns, catalogue: Catalogue, owning_unit, actor) -> CheckedRow:
    """Build the row's Activity and validate it as the form would; errors name the column."""
    values = {key: value for key, value in row.values.items() if value is not None}
    activity = _build_activity(values, catalogue=catalogue, owning_unit=owning_unit, actor=actor)
    m2m = {key: values.get(key, []) for key in M2M_KEYS}
    errors = list(row.errors)
    headers = {column.key: column.header for column in columns}
    errors += _other_measure_errors(values, headers, row.number)
    failed = {error.column for error in errors}
    errors += [e for e in _model_errors(activity, headers, row.number) if e.column not in failed]
    return CheckedRow(row.number, activity, m2m, errors)


def _build_activity(values: dict, *, catalogue: Catalogue, owning_unit, actor) -> Activity:
    resolved = {
        "measure": catalogue.measures,
        "municipality": catalogue.municipalities,
        "patrol_group": catalogue.organisations,
    }
    fields = {
        key: resolved[key][value] if key in resolved else value
        for key, value in values.items()
        if key not in M2M_KEYS
    }
    return Activity(owning_unit=owning_unit, created_by=actor, **fields)


def _other_measure_errors(values: dict, headers: dict, number: int) -> list[RowError]:
    """A figure of another measure would be emptied silently by clean(): say so instead."""
    measure = values.get("measure")
    return [
        RowError(
            number,
            headers[key],
            _("推進方策 %(code)s の欄です（この行は %(measure)s）。空欄にしてください。")
            % {"code": code, "measure": measure},
        )
        for key, code in FIELD_MEASURE.items()
        if measure and code != measure and values.get(key) not in (None, 0, "")
    ]


def _model_errors(activity: Activity, headers: dict, number: int) -> list[RowError]:
    try:
        activity.full_clean(exclude=RESOLVED_FKS)
    except ValidationError as error:
        return [
            RowError(number, _column_label(name, headers), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _column_label(name: str, headers: dict) -> str:
    if name == NON_FIELD_ERRORS:
        return ""
    if name in headers:
        return headers[name]
    return str(Activity._meta.get_field(name).verbose_name)


# ---------------------------------------------------------------- staging and commit


def stage_import(*, actor, owning_unit, upload) -> ImportBatch:
    """Read and check `upload`, and stage it for the preview (ImportFileError if unreadable).

    The batch is kept even when rows have problems: the preview lists them all.
    """
    catalogue = Catalogue.load()
    columns = activity_columns(catalogue)
    sheet = read_sheet(upload, columns)
    if not sheet.rows:
        raise ImportFileError(_("取り込む行がありません。2行目から入力してください。"))
    context = {"columns": columns, "catalogue": catalogue, "owning_unit": owning_unit}
    checked = [check_row(row, actor=actor, **context) for row in sheet.rows]
    errors = sorted([*sheet.merge_errors, *(e for c in checked for e in c.errors)], key=_order)
    notes = []
    if sheet.ignored_headers:
        notes.append(
            _("次の列は取り込みません：%(headers)s") % {"headers": "、".join(sheet.ignored_headers)}
        )
    return ImportBatch.objects.create(
        uploaded_by=actor,
        target=TARGET,
        owning_unit=owning_unit,
        filename=upload.name[:255],
        row_count=len(sheet.rows),
        rows=[{"row": row.number, "values": json_ready(row.values)} for row in sheet.rows],
        errors=[error.as_dict() for error in errors[:MAX_STORED_ERRORS]],
        error_count=len(errors),
        notes=notes,
    )


def _order(error: RowError) -> tuple[int, str]:
    return error.row, error.column


class ImportRejectedError(Exception):
    """The staged rows no longer pass the checks (the catalogue or the user's scope changed)."""


def commit_import(*, actor, batch: ImportBatch) -> int:
    """Create every staged row as a draft activity of the batch's unit, or none at all.

    The rows are checked again: codes may have been retired, or the user moved, since the
    preview. Returns the number of activities created.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        # A batch without rows (stage_import never makes one) has nothing to commit.
        if batch.status != ImportBatchStatus.PENDING or batch.error_count or not batch.rows:
            raise ImportRejectedError(_("このファイルは取り込めません。"))
        checked, errors = _recheck(batch, actor)
        if not errors:
            created = _create(checked, actor=actor)
            _close(batch, actor=actor, created=created)
            return len(created)
        batch.errors = [error.as_dict() for error in errors[:MAX_STORED_ERRORS]]
        batch.error_count = len(errors)
        batch.save(update_fields=["errors", "error_count"])
    raise ImportRejectedError(_("取り込む前の確認で問題が見つかりました。内容を確認してください。"))


def _recheck(batch: ImportBatch, actor) -> tuple[list[CheckedRow], list[RowError]]:
    if not units_user_may_add_for(actor).filter(pk=batch.owning_unit_id).exists():
        return [], [RowError(0, "", _("この所属の記録を作成する権限がありません。"))]
    catalogue = Catalogue.load()
    columns = activity_columns(catalogue)
    context = {"columns": columns, "catalogue": catalogue, "owning_unit": batch.owning_unit}
    checked = [
        check_row(revive_row(row["row"], row["values"], columns), actor=actor, **context)
        for row in batch.rows
    ]
    return checked, sorted((e for c in checked for e in c.errors), key=_order)


def _create(checked: list[CheckedRow], *, actor) -> list[Activity]:
    """Insert the activities with their history, then their languages, in bulk."""
    activities = bulk_create_with_history(
        [row.activity for row in checked],
        Activity,
        batch_size=500,
        default_user=actor,
        default_change_reason=CHANGE_REASON,
    )
    interpreter_through = Activity.interpreter_languages.through
    interpreter_through.objects.bulk_create(
        interpreter_through(activity_id=activity.pk, language_id=code)
        for activity, row in zip(activities, checked, strict=True)
        for code in row.m2m["interpreter_languages"]
    )
    AudienceLanguage.objects.bulk_create(
        AudienceLanguage(activity_id=activity.pk, language_id=code)
        for activity, row in zip(activities, checked, strict=True)
        for code in row.m2m["languages"]
    )
    return activities


def _close(batch: ImportBatch, *, actor, created: list[Activity]) -> None:
    """Mark the batch committed (its staged copy is no longer needed) and audit the import."""
    batch.status, batch.committed_at, batch.rows = ImportBatchStatus.COMMITTED, timezone.now(), []
    batch.save(update_fields=["status", "committed_at", "rows"])
    ids = [activity.pk for activity in created]
    record_event(
        action=AuditAction.IMPORT,
        actor=actor,
        target=batch,
        detail={
            "model": TARGET,
            "count": len(ids),
            "filename": batch.filename,
            "owning_unit": batch.owning_unit.code,
            "first_id": min(ids),
            "last_id": max(ids),
        },
    )


# ---------------------------------------------------------------- template and preview


def activity_template() -> bytes:
    """The import template (活動記録 sheet and コード一覧), from today's catalogue."""
    catalogue = Catalogue.load()
    return build_template(
        activity_columns(catalogue), _code_lists(catalogue), title=TEMPLATE_SHEET_TITLE
    )


def _code_lists(catalogue: Catalogue) -> list[CodeList]:
    def labels(choices) -> list[tuple[str]]:
        return [(str(label),) for _value, label in choices]

    return [
        CodeList(
            ("推進方策コード", "名称"),
            [(m.code, m.name) for m in catalogue.measures.values()],
            validates=("measure",),
        ),
        CodeList(
            ("市町村コード", "市町村名"),
            [(m.code, m.name) for m in catalogue.municipalities.values()],
            validates=("municipality",),
            strict=False,  # a name is accepted too
        ),
        CodeList(
            ("言語コード", "言語名"),
            [(lang.code, lang.name) for lang in catalogue.languages.values()],
        ),
        CodeList(
            ("通訳人の帯同",),
            [("あり",), ("なし",)],
            validates=("interpreter_used",),
            strict=False,  # ○ × 1 0 are accepted too
        ),
        CodeList(("通訳の種別",), labels(InterpreterKind.choices), validates=("interpreter_kind",)),
        CodeList(("罪種",), labels(OffenceType.choices), validates=("offence_type",)),
        CodeList(
            ("合同パトロールの団体",),
            [(name,) for name in sorted(catalogue.organisations)],
            validates=("patrol_group",),
        ),
    ]


def preview_table(batch: ImportBatch, *, limit: int = PREVIEW_ROWS) -> tuple[list[str], list]:
    """Headers and the first rows of a batch as they will be recorded (names, 和暦)."""
    catalogue = Catalogue.load()
    columns = activity_columns(catalogue)
    rows = [
        (row["row"], [_display(c.key, row["values"].get(c.key), catalogue) for c in columns])
        for row in batch.rows[:limit]
    ]
    return [column.header for column in columns], rows


def _display(key: str, value, catalogue: Catalogue) -> str:
    if value is None or value == []:
        return ""
    if key in ("date", "follow_up_due"):
        return wareki_date(datetime.date.fromisoformat(value))
    if key in ("start_time", "end_time"):
        return value[:5]
    if key in M2M_KEYS:
        return "、".join(str(catalogue.languages.get(code, code)) for code in value)
    if isinstance(value, bool):
        return _("あり") if value else _("なし")
    labels = {
        "measure": catalogue.measures,
        "municipality": catalogue.municipalities,
        "interpreter_kind": dict(InterpreterKind.choices),
        "offence_type": dict(OffenceType.choices),
    }
    return str(labels[key].get(value, value)) if key in labels else str(value)
