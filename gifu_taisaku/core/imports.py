"""Reading an uploaded Excel workbook safely, for any programme's import.

A programme app describes its sheet as `Column`s (header, key, parser) and calls
`read_sheet(upload, columns)`. The file is checked before openpyxl touches it (size, zip
structure, total uncompressed size: a zip bomb declares its sizes, and Python's zipfile
never inflates a member beyond its declared size), then read in read-only mode with a row
limit. Every problem the user can fix is reported in Japanese: the file as a whole as an
`ImportFileError`, a cell as a `RowError` naming the row Excel shows and the column header.

The parsers accept what stations' existing logs contain: date cells, 2025/04/01,
令和7年4月1日, R7.4.1, full-width digits (NFKC), あり/なし/○/×/1/0, codes or names. A parser
also accepts its own output (ISO dates, codes, lists), so values staged as JSON in an
`ImportBatch` are re-validated with the same columns at commit.
"""

import datetime
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from xml.etree.ElementTree import iterparse

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

logger = logging.getLogger(__name__)

HEADER_ROW = 1
XLSX_MEMBERS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
MAX_ZIP_MEMBERS = 1000
MAX_COLUMNS = 100  # header cells read; a sheet claiming 16,384 columns cannot widen rows
MAX_STORED_ERRORS = 1000
DEFAULTS = {
    "IMPORT_MAX_UPLOAD_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 50 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 10_000,
}


def limit(name: str) -> int:
    """An import limit: the setting of that name, or its default."""
    return getattr(settings, name, DEFAULTS[name])


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CellError(ValueError):
    """A cell's value cannot be used; the message says what is wrong, in Japanese."""


@dataclass(frozen=True)
class RowError:
    """One problem: the row number Excel shows, the column header ("" = whole row)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Column:
    """A column of an import sheet: its header, the key of its value, and its parser."""

    header: str
    key: str
    parse: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""  # how to fill it in: the template's comment on the header cell
    width: int = 14


@dataclass
class ParsedRow:
    number: int  # the row number Excel shows
    values: dict[str, Any]
    errors: list[RowError]


@dataclass
class ParsedSheet:
    rows: list[ParsedRow]
    ignored_headers: list[str]
    merge_errors: list[RowError]


# ---------------------------------------------------------------- the file


def not_xlsx_message() -> str:
    return _(
        "Excelファイル（.xlsx）として読み取れません。取込み用の様式に入力し、"
        "Excel ブック（*.xlsx）形式で保存したファイルを選んでください。"
    )


def _check_upload(upload) -> None:
    size_mb = limit("IMPORT_MAX_UPLOAD_BYTES") // (1024 * 1024)
    if upload.size == 0:
        raise ImportFileError(_("ファイルが空です。"))
    if upload.size > limit("IMPORT_MAX_UPLOAD_BYTES"):
        raise ImportFileError(
            _("ファイルが大きすぎます（上限 %(mb)s MB）。行を分けて取り込んでください。")
            % {"mb": size_mb}
        )
    upload.seek(0)
    head = upload.read(len(OLE2_SIGNATURE))
    upload.seek(0)
    if head == OLE2_SIGNATURE:
        raise ImportFileError(
            _(
                "Excel 97-2003 形式（.xls）のファイルと、パスワードを設定したファイルは"
                "読み取れません。パスワードを外し、Excel ブック（*.xlsx）形式で"
                "保存し直してください。"
            )
        )


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a zip that is not an xlsx, or that would inflate beyond the limit (zip bomb)."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or not {m.filename for m in members} >= XLSX_MEMBERS:
        raise ImportFileError(not_xlsx_message())
    if sum(m.file_size for m in members) > limit("IMPORT_MAX_UNCOMPRESSED_BYTES"):
        raise ImportFileError(
            _(
                "ファイルの中身が大きすぎるため読み取れません（展開後の上限 %(mb)s MB）。"
                "行を分けて取り込んでください。"
            )
            % {"mb": limit("IMPORT_MAX_UNCOMPRESSED_BYTES") // (1024 * 1024)}
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise ImportFileError(not_xlsx_message())


def open_archive(upload) -> zipfile.ZipFile:
    """The upload as a checked zip archive (ImportFileError when it cannot be an xlsx)."""
    _check_upload(upload)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(not_xlsx_message()) from error
    try:
        check_archive(archive)
    except ImportFileError:
        archive.close()
        raise
    return archive


def unreadable_message() -> str:
    return _(
        "ファイルの内容を読み取れませんでした。取込み用の様式に入力し、Excel で保存し直して"
        "から選んでください。"
    )


def read_sheet(upload, columns: Sequence[Column]) -> ParsedSheet:
    """Every non-empty row of the first sheet of `upload`, parsed with `columns`.

    Raises ImportFileError for a problem with the file as a whole. Malformed content can
    make openpyxl raise almost anything, so anything it raises is reported, never a 500.
    """
    archive = open_archive(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:
        archive.close()
        logger.warning("unreadable import workbook: %r", error)
        raise ImportFileError(unreadable_message()) from error
    try:
        return _read_first_sheet(workbook, archive, columns)
    except ImportFileError:
        raise
    except Exception as error:
        logger.warning("unreadable import workbook: %r", error)
        raise ImportFileError(unreadable_message()) from error
    finally:
        workbook.close()
        archive.close()


def _read_first_sheet(workbook, archive, columns: Sequence[Column]) -> ParsedSheet:
    if not workbook.worksheets:
        raise ImportFileError(unreadable_message())
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored size may be wrong; rows beyond it must not vanish
    header = next(sheet.iter_rows(max_row=HEADER_ROW, max_col=MAX_COLUMNS, values_only=True), ())
    while header and is_blank(header[-1]):
        header = header[:-1]  # rows are read as wide as the headers, no wider
    raw_rows = _data_rows(sheet, width=len(header))
    merges = merged_ranges(archive, getattr(sheet, "_worksheet_path", ""))
    _refuse_merged_header(merges)
    mapping, ignored = match_headers(header, columns)
    rows = [parse_row(number, cells, mapping) for number, cells in raw_rows]
    return ParsedSheet(rows, ignored, _merge_errors(merges, header))


def _data_rows(sheet, *, width: int) -> list[tuple[int, tuple]]:
    """(row number, cells) of the non-empty rows below the header, up to the row limit."""
    max_rows, rows = limit("IMPORT_MAX_ROWS"), []
    cells_by_row = sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=max(width, 1), values_only=True)
    for number, cells in enumerate(cells_by_row, start=HEADER_ROW + 1):
        if all(is_blank(cell) for cell in cells):
            continue
        if len(rows) == max_rows:
            raise ImportFileError(
                _(
                    "行数が多すぎます。1回に取り込めるのは %(max)s 行までです。"
                    "ファイルを分けて取り込んでください。"
                )
                % {"max": f"{max_rows:,}"}
            )
        rows.append((number, cells))
    return rows


def merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """The merged ranges ("A1:B1") of a sheet, streamed from its XML.

    openpyxl's read-only mode does not report merged cells, and they hide values: every
    cell but the first of a merge reads as empty.
    """
    if sheet_path not in archive.namelist():
        return []
    ranges, parent = [], None
    with archive.open(sheet_path) as source:
        # The XML is untrusted, but ElementTree resolves no external entities and expat
        # (>= 2.4) caps entity expansion; openpyxl parses the very same XML with it anyway.
        for event, element in iterparse(source, events=("start", "end")):  # noqa: S314
            tag = element.tag.rsplit("}", 1)[-1]
            if event == "start":
                parent = element if tag == "sheetData" else parent
            elif tag == "mergeCell":
                ranges.append(element.get("ref", ""))
            elif tag == "row" and parent is not None:
                parent.clear()  # keep memory flat on long sheets
    return [ref for ref in ranges if ref]


def _refuse_merged_header(merges: Iterable[str]) -> None:
    in_header = [ref for ref in merges if range_boundaries(ref)[1] <= HEADER_ROW]
    if in_header:
        raise ImportFileError(
            _(
                "見出し行（1行目）に結合されたセルがあります（%(ranges)s）。"
                "セルの結合を解除し、取込み用の様式の見出しをそのまま使ってください。"
            )
            % {"ranges": "、".join(in_header)}
        )


def _merge_errors(merges: Iterable[str], header: Sequence) -> list[RowError]:
    errors = []
    for ref in merges:
        min_col, min_row, _max_col, _max_row = range_boundaries(ref)
        label = header[min_col - 1] if min_col <= len(header) else None
        message = _("セルが結合されています（%(ref)s）。結合を解除し、各行に値を入力してください。")
        errors.append(
            RowError(min_row, str(label or get_column_letter(min_col)), message % {"ref": ref})
        )
    return errors


# ---------------------------------------------------------------- headers and rows


def _header_key(text: Any) -> str:
    """Headers match whatever the width, spacing or required marks (※, *) of the text."""
    key = normalise(text)
    return re.sub(r"[\s※*＊]|[（(]必須[）)]", "", key)


def match_headers(
    header: Sequence, columns: Sequence[Column]
) -> tuple[dict[int, Column], list[str]]:
    """Which column each header cell is ({index: Column}), and headers that are not ours."""
    by_name = {_header_key(n): c for c in columns for n in (c.header, *c.aliases)}
    found, seen, ignored = {}, {}, []
    for index, cell in enumerate(header):
        if is_blank(cell):
            continue
        column = by_name.get(_header_key(cell))
        if column is None:
            ignored.append(str(cell).strip())
        elif column.key in seen:
            raise ImportFileError(
                _("見出し「%(header)s」が2つの列（%(first)s列と%(second)s列）にあります。")
                % {
                    "header": column.header,
                    "first": get_column_letter(seen[column.key] + 1),
                    "second": get_column_letter(index + 1),
                }
            )
        else:
            found[index], seen[column.key] = column, index
    _check_required_headers(found, columns)
    return found, ignored


def _check_required_headers(found: Mapping[int, Column], columns: Sequence[Column]) -> None:
    if not found:
        raise ImportFileError(
            _(
                "1行目に見出しがありません。取込み用の様式をダウンロードし、"
                "その1行目をそのまま使ってください。"
            )
        )
    present = {column.key for column in found.values()}
    missing = [column.header for column in columns if column.required and column.key not in present]
    if missing:
        raise ImportFileError(
            _("必要な列がありません：%(headers)s。取込み用の様式の見出しをそのまま使ってください。")
            % {"headers": "、".join(missing)}
        )


def parse_row(number: int, cells: Sequence, mapping: Mapping[int, Column]) -> ParsedRow:
    """One row's values by column key, with a RowError for each cell that cannot be used."""
    pairs = ((column, cells[i] if i < len(cells) else None) for i, column in mapping.items())
    return _parse_values(number, pairs)


def revive_row(number: int, stored: Mapping[str, Any], columns: Sequence[Column]) -> ParsedRow:
    """A row staged as JSON, parsed again (codes are re-checked against today's catalogue)."""
    by_key = {column.key: column for column in columns}
    return _parse_values(number, ((by_key[k], v) for k, v in stored.items() if k in by_key))


def _parse_values(number: int, pairs: Iterable[tuple[Column, Any]]) -> ParsedRow:
    values, errors = {}, []
    for column, raw in pairs:
        try:
            values[column.key] = parse_cell(column, raw)
        except CellError as error:
            errors.append(RowError(number, column.header, str(error)))
    return ParsedRow(number, values, errors)


def parse_cell(column: Column, raw: Any) -> Any:
    if is_blank(raw):
        if column.required:
            raise CellError(_("入力してください。"))
        return None
    return column.parse(raw)


def json_ready(values: Mapping[str, Any]) -> dict[str, Any]:
    """Parsed values as JSON can hold them (dates and times in ISO format)."""
    return {
        key: value.isoformat() if isinstance(value, datetime.date | datetime.time) else value
        for key, value in values.items()
    }


# ---------------------------------------------------------------- cell parsers


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise(value: Any) -> str:
    """Text of a cell with full-width digits and letters made half-width (NFKC)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_text(max_length: int | None = None) -> Callable[[Any], str]:
    """Free text, kept as written (no NFKC: it is the officer's wording)."""

    def parse(value: Any) -> str:
        if isinstance(value, datetime.date):
            value = value.isoformat()
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
        text = text.strip()
        if max_length is not None and len(text) > max_length:
            raise CellError(
                _("%(max)s文字以内で入力してください（%(length)s文字あります）。")
                % {"max": max_length, "length": len(text)}
            )
        return text

    return parse


ERAS = (  # (name, initial, first day, last day)
    ("令和", "R", datetime.date(2019, 5, 1), None),
    ("平成", "H", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    ("昭和", "S", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
)
WESTERN_DATE = re.compile(
    r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?"
)  # a time part (ignored) is what date-and-time text from other systems carries
COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
ERA_DATE = re.compile(
    r"(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?",
    re.IGNORECASE,
)
EXCEL_SERIALS = range(36526, 73051)  # 2000-01-01 … 2099-12-31 as Excel day numbers


def date_format_message() -> str:
    return _("日付として読み取れません。2025/04/01 や 令和7年4月1日 のように入力してください。")


def parse_date(value: Any) -> datetime.date:
    """A date cell, 2025/04/01, 2025-04-01, 2025年4月1日, 20250401, 令和7年4月1日, R7.4.1."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and EXCEL_SERIALS.start <= value < EXCEL_SERIALS.stop:
        return from_excel(value).date()  # a date cell formatted as a number
    text = normalise(value)
    if match := ERA_DATE.fullmatch(text):
        return _era_date(*match.groups())
    if match := WESTERN_DATE.fullmatch(text) or COMPACT_DATE.fullmatch(text):
        return _make_date(*(int(part) for part in match.groups()))
    raise CellError(date_format_message())


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("存在しない日付です。")) from None


def _era_date(era: str, year: str, month: str, day: str) -> datetime.date:
    name, _initial, first, last = next(e for e in ERAS if era.upper() in e[:2])
    year_in_era = 1 if year == "元" else int(year)
    date = _make_date(first.year + year_in_era - 1, int(month), int(day))
    if date < first or (last is not None and date > last):
        raise CellError(
            _(
                "%(era)s%(year)s年%(month)s月%(day)s日という日付はありません。"
                "元号を確認してください。"
            )
            % {"era": name, "year": year, "month": month, "day": day}
        )
    return date


TIME_TEXT = re.compile(r"(\d{1,2})\s*[:時]\s*(\d{1,2})?\s*(?:[:分]\s*(\d{1,2})?\s*秒?)?")
TIME_DIGITS = re.compile(r"(\d{1,2})(\d{2})")


def parse_time(value: Any) -> datetime.time:
    """A time cell, 9:30, 09:30:00, 9時30分, 9時, 0930."""
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a fraction of a day, unformatted
        seconds = round(value * 24 * 60 * 60)
        return datetime.time(seconds // 3600, seconds // 60 % 60)
    text = normalise(value)
    match = TIME_TEXT.fullmatch(text) or TIME_DIGITS.fullmatch(text)
    if match:
        hour, minute, second = (int(part or 0) for part in (*match.groups(), None)[:3])
        if hour < 24 and minute < 60 and second < 60:
            return datetime.time(hour, minute, second)
    raise CellError(_("時刻として読み取れません。9:30 のように24時間制で入力してください。"))


def parse_count(value: Any, *, max_value: int = 1_000_000) -> int:
    """A non-negative whole number: 12, 12.0, "１２", "1,200"."""
    if isinstance(value, bool):
        raise CellError(_("0以上の整数を入力してください。"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise(value).replace(",", "")
    if not re.fullmatch(r"\d+", text):
        raise CellError(_("0以上の整数を入力してください。"))
    if int(text) > max_value:
        raise CellError(_("数が大きすぎます。"))
    return int(text)


TRUE_WORDS = frozenset({"あり", "有", "有り", "はい", "○", "〇", "◯", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"なし", "無", "無し", "いいえ", "×", "✕", "x", "0", "false", "no", "n"})


def parse_yes_no(value: Any) -> bool:
    """あり/なし, 有/無, ○/×, 1/0, TRUE/FALSE (cells or text)."""
    if isinstance(value, bool):
        return value
    text = normalise(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("「あり」または「なし」で入力してください（○・×、1・0 も使えます）。"))


def code_key(value: Any) -> str:
    """How codes and names are compared: NFKC, upper case, no spaces."""
    return re.sub(r"\s", "", normalise(value)).upper()


def lookup_table(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """{code_key(name or code): code} from (code, names) pairs, for parse_code."""
    return {code_key(key): code for code, keys in entries for key in (code, *keys)}


def parse_code(table: Mapping[str, str], what: str) -> Callable[[Any], str]:
    """A code (or a name) found in `table`; `what` names the list in the message."""

    def parse(value: Any) -> str:
        code = table.get(code_key(value))
        if code is None:
            raise CellError(_unknown_message(what, [normalise(value)]))
        return code

    return parse


LIST_SEPARATORS = re.compile(r"[、,;/]+|\s+")


def parse_code_list(table: Mapping[str, str], what: str) -> Callable[[Any], list[str]]:
    """Codes separated by 、 or , (or a list of codes, as staged)."""

    def parse(value: Any) -> list[str]:
        items = value if isinstance(value, list) else LIST_SEPARATORS.split(normalise(value))
        items = [item for item in items if not is_blank(item)]
        unknown = [str(item) for item in items if code_key(item) not in table]
        if unknown:
            raise CellError(_unknown_message(what, unknown))
        return list(dict.fromkeys(table[code_key(item)] for item in items))

    return parse


def _unknown_message(what: str, values: Sequence[str]) -> str:
    return _("「%(values)s」は%(what)sにありません。「コード一覧」シートで確かめてください。") % {
        "values": "、".join(values),
        "what": what,
    }


def parse_choice(choices: Iterable[tuple[str, Any]], what: str) -> Callable[[Any], str]:
    """A value of a Django `choices` list, written as its label (部内通訳) or its value."""
    return parse_code(lookup_table((value, [str(label)]) for value, label in choices), what)


# ---------------------------------------------------------------- the template


@dataclass(frozen=True)
class CodeList:
    """A block of the 「コード一覧」 sheet, and the data columns whose input it lists.

    `entries` are rows of the block (code, name …); a validated column's input must be
    (strict) or should be (not strict: codes or names are both accepted) the first value.
    """

    headers: tuple[str, ...]
    entries: Sequence[tuple[str, ...]]
    validates: tuple[str, ...] = ()  # keys of the data columns
    strict: bool = True


CODE_SHEET = "コード一覧"
TEMPLATE_HEADER_FILL = "FFDDEBF7"
TEMPLATE_REQUIRED_FILL = "FFFFF2CC"


def build_template(
    columns: Sequence[Column], code_lists: Sequence[CodeList], *, title: str
) -> bytes:
    """An import template: the data sheet's headers (notes on each) and the code sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    _write_headers(sheet, columns)
    codes = workbook.create_sheet(CODE_SHEET)
    column_letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    first = 1
    for code_list in code_lists:
        source = _write_code_list(codes, code_list, first_column=first)
        for key in code_list.validates:
            if key in column_letters:
                sheet.add_data_validation(_validation(code_list, source, column_letters[key]))
        first += len(code_list.headers) + 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_headers(sheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index)
        _set_text(cell, column.header)
        cell.font = Font(bold=True)
        fill = TEMPLATE_REQUIRED_FILL if column.required else TEMPLATE_HEADER_FILL
        cell.fill = PatternFill("solid", fgColor=fill)
        note = "\n".join(filter(None, [_("必須") if column.required else "", column.note]))
        if note:
            cell.comment = Comment(note, _("取込み用の様式"), width=240, height=80)
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def _write_code_list(sheet, code_list: CodeList, *, first_column: int) -> str:
    """Write one block; return the range of its first column's values, for validation."""
    for offset, header in enumerate(code_list.headers):
        cell = sheet.cell(row=1, column=first_column + offset)
        _set_text(cell, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 12 if offset == 0 else 28
    for row, entry in enumerate(code_list.entries, start=2):
        for offset, value in enumerate(entry):
            _set_text(sheet.cell(row=row, column=first_column + offset), value)
    letter = get_column_letter(first_column)
    last = max(len(code_list.entries) + 1, 2)
    return f"'{CODE_SHEET}'!${letter}$2:${letter}${last}"


def _validation(code_list: CodeList, source: str, letter: str) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if code_list.strict else "warning",
        errorTitle=_("入力内容の確認"),
        error=_("「コード一覧」シートにある値を入力してください。"),
    )
    validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + limit('IMPORT_MAX_ROWS')}")
    return validation


def _set_text(cell, value: Any) -> None:
    """Write reference text as text: a name starting with "=" must not become a formula."""
    cell.value = str(value)
    cell.data_type = "s"
