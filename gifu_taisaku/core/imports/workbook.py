"""The uploaded file: upload and zip checks, the first sheet, its headers and its rows.

The file is checked before openpyxl touches it (size, zip structure, total uncompressed
size: a zip bomb declares its sizes, and Python's zipfile never inflates a member beyond
its declared size), then read in read-only mode with a row limit. A problem with the file
as a whole is an `ImportFileError`; a cell that cannot be used is a `RowError` naming the
row Excel shows and the column header.
"""

import datetime
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from xml.etree.ElementTree import iterparse

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from gifu_taisaku.core.imports.cells import CellError, is_blank, normalise

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
        for event, element in iterparse(source, events=("start", "end")):  # noqa: S314 # nosec B314
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
