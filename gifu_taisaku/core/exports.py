"""Exports of record lists: Excel (xlsx), CSV and PDF, from the same rows as the list page.

An export is the list's scoped, filtered queryset written through a column spec. The
writers never let a user's text become something else on the way out: xlsx cells holding
strings are always text (never formulas), CSV cells that a spreadsheet would read as a
formula are neutralised, and WeasyPrint only ever receives our own static files.

openpyxl and WeasyPrint are imported when a file is written, not when this module is
loaded: every URLconf imports the export views, and WeasyPrint alone takes seconds to load.
"""

import csv
import datetime
import functools
import io
import mimetypes
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, re_path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import View

from gifu_taisaku.core.audit import record_event
from gifu_taisaku.core.filtering import apply_filters
from gifu_taisaku.core.generic_views import ScopedQuerysetMixin
from gifu_taisaku.core.models import AuditAction, AuditOutcome
from gifu_taisaku.core.templatetags.records import attr
from gifu_taisaku.core.wareki import wareki_date

# --- Column spec -------------------------------------------------------------------


class Kind(StrEnum):
    """How a column's values are typed in the file."""

    TEXT = "text"
    INT = "int"
    DATE = "date"
    TIME = "time"
    BOOL = "bool"
    DATETIME = "datetime"


@dataclass(frozen=True)
class Column:
    """One column: its Japanese header, how to read a row's value, and the value's kind.

    `accessor` is a dotted attribute path ("owning_unit.name"; choice fields give their
    label, as on the list page) or a callable taking the row. A DATE column is followed
    in the file by a 和暦 column of the same dates.
    """

    header: str
    accessor: str | Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: float | None = None  # in Excel character units; None for the kind's default

    def read(self, row) -> Any:
        value = self.accessor(row) if callable(self.accessor) else attr(row, self.accessor)
        return _normalise(self.kind, value)


DEFAULT_WIDTHS = {
    Kind.TEXT: 20,
    Kind.INT: 10,
    Kind.DATE: 12,
    Kind.TIME: 8,
    Kind.BOOL: 8,
    Kind.DATETIME: 18,
}
WAREKI_WIDTH = 18
MAX_WIDTH = 80


def _normalise(kind: Kind, value: Any) -> Any:
    """The value as the file holds it: str, int, date, time, naive local datetime or None."""
    if value is None or value == "":
        return None
    if kind is Kind.TEXT:
        return "、".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if kind is Kind.INT:
        return int(value)
    if kind is Kind.BOOL:
        return _("はい") if value else _("いいえ")
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if kind is Kind.DATE and isinstance(value, datetime.datetime):
        return value.date()
    return value


def _headers(columns: Sequence[Column]) -> list[str]:
    headers = []
    for column in columns:
        headers.append(str(column.header))
        if column.kind is Kind.DATE:
            headers.append(_("%(header)s（和暦）") % {"header": column.header})
    return headers


def _values(columns: Sequence[Column], row) -> list[Any]:
    values = []
    for column in columns:
        value = column.read(row)
        values.append(value)
        if column.kind is Kind.DATE:
            values.append(wareki_date(value) if value else None)
    return values


# --- Excel ---------------------------------------------------------------------------

NUMBER_FORMATS = {
    datetime.datetime: "yyyy/mm/dd hh:mm",
    datetime.date: "yyyy/mm/dd",
    datetime.time: "hh:mm",
}
XLSX_MAX_CELL_CHARS = 32767
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def display_width(text: str) -> int:
    """Columns a text takes in Excel: full-width (Japanese) characters count double."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _column_widths(columns: Sequence[Column]) -> list[float]:
    widths = []
    for column in columns:
        header = display_width(str(column.header)) + 2
        widths.append(min(max(header, column.width or DEFAULT_WIDTHS[column.kind]), MAX_WIDTH))
        if column.kind is Kind.DATE:
            widths.append(max(WAREKI_WIDTH, header + 6))
    return widths


def _xlsx_cell(sheet, value: Any, *, bold: bool = False):
    """A write-only cell; a string is always stored as text, never read as a formula.

    openpyxl turns any str starting with "=" into a formula when the value is set, so the
    data type is forced back to "s" (an inline string) afterwards.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL_CHARS]
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif type(value) in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[type(value)]
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(columns: Sequence[Column], rows: Iterable, *, title: str) -> bytes:
    """An .xlsx workbook of `rows`: a bold, frozen header row, then one row per record.

    Written in openpyxl's write-only mode, so memory stays flat however many rows there are.
    Dates are real date cells (yyyy/mm/dd) with a 和暦 text column beside each.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet(title=title.translate(SHEET_TITLE_FORBIDDEN)[:31] or "Sheet1")
    for index, width in enumerate(_column_widths(columns), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.append([_xlsx_cell(sheet, header, bold=True) for header in _headers(columns)])
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in _values(columns, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(sheet, value: Any):
    """A data cell of write_xlsx: the plain value where openpyxl keeps it as it is.

    Handing openpyxl a cell object costs a caught exception (and the cell's repr) inside
    its append; most values need none (issue 9: the export ran at 3× plain openpyxl).
    Strings openpyxl would turn into a formula or an error ("=…", "#N/A") and values that
    need a number format (dates, times) still go through `_xlsx_cell`.
    """
    kind = type(value)
    if value is None or kind is int or kind is float:
        return value
    if kind is str:
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL_CHARS]
        if value.startswith("=") or value in ERROR_CODES:
            return _xlsx_cell(sheet, value)
        return value
    return _xlsx_cell(sheet, value)


def xlsx_cell(sheet, value: Any, *, bold: bool = False):
    """A write-only cell for workbooks built elsewhere (reports): strings stay text."""
    return _xlsx_cell(sheet, value, bold=bold)


def append_record_sheet(
    workbook, columns: Sequence[Column], rows: Iterable, *, title: str, prepare=None
):
    """A sheet of `rows` added to a write-only `workbook`, laid out as write_xlsx lays its own.

    `prepare(sheet)` runs before the first row is written, for what openpyxl writes at the
    top of a write-only sheet (page set-up properties such as fit-to-width).
    """
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title.translate(SHEET_TITLE_FORBIDDEN)[:31] or "Sheet")
    for index, width in enumerate(_column_widths(columns), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    if prepare is not None:
        prepare(sheet)
    sheet.append([_xlsx_cell(sheet, header, bold=True) for header in _headers(columns)])
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in _values(columns, row)])
    return sheet


# --- CSV -------------------------------------------------------------------------------

CSV_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """`text` with a leading single quote when a spreadsheet would run it as a formula."""
    return f"'{text}" if text.startswith(CSV_FORMULA_TRIGGERS) else text


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_safe(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def write_csv(columns: Sequence[Column], rows: Iterable) -> bytes:
    """A CSV file of `rows`, the way Japanese Excel opens it without garbling.

    UTF-8 with a byte-order mark (Excel reads BOM-less CSV as Shift_JIS), CRLF line ends,
    dates in ISO form (2025-04-01) beside their 和暦. Against CSV injection (OWASP), every
    text cell starting with = + - @ TAB or CR gets a leading single quote, so a spreadsheet
    shows it as text instead of evaluating it as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(header) for header in _headers(columns)])
    for row in rows:
        writer.writerow([_csv_text(value) for value in _values(columns, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- PDF (WeasyPrint) --------------------------------------------------------------------

# Documents are rendered against this base URL so that "/static/…" resolves to something
# the fetcher recognises. The host is never contacted (.invalid cannot resolve).
PDF_BASE_URL = "https://gifu-taisaku.invalid/"
DATA_URL_MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml"})
PDF_DEFAULT_CSS = 'html { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }'


def static_file_for_url(url: str) -> Path:
    """The static file an URL of a PDF names, or ValueError if it names anything else.

    Only `<base>/<STATIC_URL>…` is served, from the staticfiles finders (our static
    directories); other hosts, schemes (file:, http:, ftp:) and paths are refused.
    """
    static = urlsplit(urljoin(PDF_BASE_URL, settings.STATIC_URL))
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (static.scheme, static.netloc):
        raise ValueError(f"refused outside our static files: {url}")
    if not parts.path.startswith(static.path):
        raise ValueError(f"refused outside our static files: {url}")
    relative = unquote(parts.path.removeprefix(static.path))
    if not relative or "\\" in relative or ".." in relative.split("/"):
        raise ValueError(f"refused static path: {url}")
    found = finders.find(relative)
    if not found:
        raise ValueError(f"no such static file: {url}")
    return Path(found)


def data_url_allowed(url: str) -> bool:
    """Whether a data: URL holds one of the image types documents may embed (charts)."""
    media_type = url.removeprefix("data:").split(",", 1)[0].split(";", 1)[0].strip().lower()
    return media_type in DATA_URL_MEDIA_TYPES


@functools.cache
def _fetcher_class():
    """The WeasyPrint fetcher class, built on first use (see the module docstring)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesURLFetcher(URLFetcher):
        """WeasyPrint ≥ 70 fetcher serving our static files and allowed data: images only."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                if not data_url_allowed(url):
                    raise ValueError("refused data: URL of this type")
                return super().fetch(url, headers)
            path = static_file_for_url(url)
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    return StaticFilesURLFetcher


def safe_url_fetcher():
    """A new fetcher for one document (a WeasyPrint URLFetcher keeps per-request state).

    Refusals are not fatal: the resource is left out and WeasyPrint logs a warning.
    """
    return _fetcher_class()(allowed_protocols=("https", "data"), allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """A PDF of `html`; Japanese text in Noto Sans CJK unless the document says otherwise."""
    from weasyprint import CSS, HTML

    fetcher = safe_url_fetcher()
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    # A user stylesheet (write_pdf's `stylesheets`): the document's own CSS wins over it.
    default_css = CSS(string=PDF_DEFAULT_CSS, base_url=PDF_BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[default_css])


# --- The export view ------------------------------------------------------------------------

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXPORT_MAX_ROWS = 200_000


class _Counted:
    """Iterates over `rows`, counting them (the audit event says how many were written)."""

    def __init__(self, rows: Iterable):
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator:
        for row in self.rows:
            self.count += 1
            yield row


class RecordExportView(ScopedQuerysetMixin, View):
    """The rows of a record list as xlsx or csv: same scope, filters and query string.

    Configure `model`, `filterset_class`, `export_columns` and `get_base_queryset()` (the
    list's selector, plus prefetches so that no row costs a query). An invalid filter
    exports no rows, exactly as the list then shows none. Every export is an audit event.
    A view whose columns depend on the request (personal data the user chose to include)
    overrides `get_export_columns()` and says so in `get_audit_detail()`.
    """

    http_method_names = ["get"]
    filterset_class = None
    export_columns: Sequence[Column] = ()
    default_ordering: tuple[str, ...] = ("-updated_at", "-pk")
    filename_prefix = ""  # default: the app label ("activities")
    title = ""  # the sheet title; default: the model's verbose_name_plural
    list_url_name = ""  # where "too many rows" goes back to; default: "<namespace>:list"
    max_rows = EXPORT_MAX_ROWS
    chunk_size = 2000

    def get_base_queryset(self):
        return self.get_queryset().select_related("owning_unit")

    def get_rows(self):
        queryset = self.get_base_queryset()
        if not queryset.ordered:
            queryset = queryset.order_by(*self.default_ordering)
        if self.filterset_class is not None:
            _filterset, queryset = apply_filters(self.filterset_class, self.request, queryset)
        return queryset

    def get(self, request, *args, fmt: str, **kwargs):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        queryset = self.get_rows()
        total = queryset.count()
        if total > self.max_rows:
            return self.too_many_rows(fmt, total)
        rows = _Counted(queryset.iterator(chunk_size=self.chunk_size))
        content = self.render(fmt, rows)
        self.audit(fmt, rows=rows.count)
        return self.file_response(fmt, content)

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def get_audit_detail(self) -> dict:
        """What the audit event adds about this file (e.g. {"personal_data": True})."""
        return {}

    def render(self, fmt: str, rows: Iterable) -> bytes:
        columns = self.get_export_columns()
        if fmt == "csv":
            return write_csv(columns, rows)
        return write_xlsx(columns, rows, title=self.get_title())

    def get_title(self) -> str:
        return str(self.title or self.model._meta.verbose_name_plural)

    def get_filename(self, fmt: str) -> str:
        prefix = self.filename_prefix or self.model._meta.app_label
        return f"{prefix}-{timezone.localdate():%Y%m%d}.{fmt}"

    def file_response(self, fmt: str, content: bytes) -> HttpResponse:
        response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
        # RFC 6266 / 5987: filename*=utf-8''… when the name is not ASCII.
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=self.get_filename(fmt)
        )
        response["Cache-Control"] = "no-store"
        return response

    def audit(self, fmt: str, *, rows: int, outcome=AuditOutcome.SUCCESS) -> None:
        filters = {
            key: values[0] if len(values) == 1 else values
            for key, values in self.request.GET.lists()
        }
        record_event(
            action=AuditAction.EXPORT,
            actor=self.request.user,
            outcome=outcome,
            detail={
                "model": self.model._meta.label_lower,
                "format": fmt,
                "rows": rows,
                "filters": filters,
                **self.get_audit_detail(),
            },
        )

    def too_many_rows(self, fmt: str, total: int) -> HttpResponse:
        """Back to the list, same filters, saying how far to narrow them."""
        self.audit(fmt, rows=total, outcome=AuditOutcome.DENIED)
        messages.error(
            self.request,
            _(
                "該当する記録が%(total)s件あり、一度に出力できる%(limit)s件を超えています。"
                "条件を絞り込んでから出力してください。"
            )
            % {"total": f"{total:,}", "limit": f"{self.max_rows:,}"},
        )
        list_url_name = self.list_url_name or f"{self.request.resolver_match.namespace}:list"
        query = self.request.GET.urlencode()
        return HttpResponseRedirect(reverse(list_url_name) + (f"?{query}" if query else ""))


def export_urlpattern(
    view: type[RecordExportView], *, prefix: str = "", name: str = "export", **initkwargs
) -> URLPattern:
    """export.xlsx and export.csv of a list (the stable URLs; same query string as the list).

    `prefix` ("contacts/") and `name` serve a second list of the same app.
    """
    formats = "|".join(EXPORT_FORMATS)
    pattern = rf"^{re.escape(prefix)}export\.(?P<fmt>{formats})$"
    return re_path(pattern, view.as_view(**initkwargs), name=name)
