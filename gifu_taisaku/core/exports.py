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
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, re_path, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
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


@dataclass(frozen=True)
class Related:
    """A to-many column accessor: the related rows' labels joined with "、".

    `relation` is a many-to-many field or a reverse foreign key of the row's model,
    `label` a dotted path on a related row ("name", "language.name"); with `count`, a
    number field of the related row, a non-zero count follows the label: "英語（12人）".
    Called with a record it reads the (prefetched) relation; an export of a queryset
    instead fetches the labels of a whole chunk of rows in one query (`fetch`), in the
    related model's default ordering, as a prefetch orders them, or by `order_by` when
    the rows' own prefetch orders them otherwise (the list selector's Prefetch).
    """

    relation: str
    label: str = "name"
    count: str = ""
    order_by: tuple[str, ...] = ()

    def __call__(self, row) -> str:
        return "、".join(self._text(item) for item in getattr(row, self.relation).all())

    def _text(self, item) -> str:
        label = _dotted(item, self.label)
        number = getattr(item, self.count) if self.count else None
        return self._join(label, number)

    @staticmethod
    def _join(label, number) -> str:
        return f"{label}（{number}人）" if number else f"{label}"

    def related_query(self, model):
        """(the related model's queryset, the lookup from a related row back to `model`)."""
        field = model._meta.get_field(self.relation)
        if field.many_to_many and not field.auto_created:  # a forward many-to-many
            return field.related_model._default_manager.all(), field.related_query_name()
        if field.one_to_many or field.many_to_many:  # a reverse foreign key / many-to-many
            return field.related_model._default_manager.all(), field.field.name
        raise FieldDoesNotExist(self.relation)

    def fetch(self, model, pks: list) -> dict[Any, str]:
        """{pk: "label、label（n人）"} of the rows `pks` (rows without any are absent)."""
        queryset, back = self.related_query(model)
        paths = [back, self.label.replace(".", "__")] + ([self.count] if self.count else [])
        parts = defaultdict(list)
        queryset = queryset.filter(**{f"{back}__in": pks})
        if self.order_by:
            queryset = queryset.order_by(*self.order_by)
        for key, label, *number in queryset.values_list(*paths):
            parts[key].append(self._join(label, number[0] if number else None))
        return {key: "、".join(texts) for key, texts in parts.items()}


def _dotted(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


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


@functools.lru_cache(maxsize=8192)
def _wareki(day: datetime.date) -> str:
    return wareki_date(day)  # an export repeats the same few hundred days


def _add_cell(values: list, kind: Kind, value) -> None:
    """Append a column's value; a date column is followed by its 和暦 (see _headers)."""
    values.append(value)
    if kind is Kind.DATE:
        values.append(_wareki(value) if value else None)


def _values(columns: Sequence[Column], row) -> list[Any]:
    values = []
    for column in columns:
        _add_cell(values, column.kind, column.read(row))
    return values


# --- Reading a queryset's rows without model instances -----------------------------------
#
# Issue 9: building a model instance per row (signals, related objects, prefetch managers)
# and following each column's dotted path through the `attr` template filter cost more
# than writing the file. An export of a queryset therefore reads the columns' fields
# with one values_list() query, compiled once per export from the column spec. A column
# the compiler cannot express (a callable other than `Related`, a property) makes the
# whole export read model instances as before: the file is the same either way.


class _NotCompilable(Exception):
    pass


def _field_reader(model, path: str, annotations) -> tuple[str, Callable[[Any], Any] | None, Any]:
    """(values_list path, value → what `attr` gives, the related model of a FK end)."""
    names = path.split(".")
    if len(names) == 1 and names[0] in annotations:
        return names[0], None, None
    lookups = []
    for position, name in enumerate(names):
        last = position == len(names) - 1
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            raise _NotCompilable(path) from None
        lookups.append(name)
        display = getattr(model, f"get_{name}_display", None)
        if field.is_relation:
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                raise _NotCompilable(path)
            if callable(display):
                raise _NotCompilable(path)
            if last:  # the related object itself: its str(), as attr and _normalise give
                if field.target_field != field.related_model._meta.pk:
                    raise _NotCompilable(path)  # read by pk (in_bulk) below
                return "__".join(lookups), None, field.related_model
            model = field.related_model
            continue
        if not last:
            raise _NotCompilable(path)
        if callable(display):
            if not field.choices:
                raise _NotCompilable(path)  # a method of the model's own
            labels = dict(make_hashable(field.flatchoices))

            def label(value, labels=labels):
                return force_str(labels.get(make_hashable(value), value), strings_only=True)

            return "__".join(lookups), label, None
        return "__".join(lookups), None, None
    raise _NotCompilable(path)


class _Plan:
    """The values_list() paths of an export and how each column reads a fetched tuple."""

    def __init__(self, queryset: QuerySet, columns: Sequence[Column]):
        model, annotations = queryset.model, queryset.query.annotations
        self.model = model
        self.paths: list[str] = []
        self.readers: list[tuple[str, Any, Any]] = []  # (how, index or Related, convert)
        self.objects: dict[int, tuple[Any, dict]] = {}  # index → (model, {pk: str(obj)})
        self.related: list[Related] = []
        for column in columns:
            accessor = column.accessor
            if isinstance(accessor, Related):
                accessor.related_query(model)  # refuses what it cannot fetch
                self.related.append(accessor)
                self.readers.append(("related", accessor, None))
            elif callable(accessor):
                raise _NotCompilable(column.header)
            else:
                path, label, related_model = _field_reader(model, accessor, annotations)
                index = self._path(path)
                if related_model is not None:
                    self.objects[index] = (related_model, {})
                    self.readers.append(("object", index, None))
                else:
                    self.readers.append(("field", index, label))
        self.pk_index = self._path("pk") if self.related else None

    def _path(self, path: str) -> int:
        self.paths.append(path)
        return len(self.paths) - 1

    def rows(self, queryset: QuerySet, columns: Sequence[Column], chunk_size: int):
        """Each row's values as _values() gives them, a chunk of rows per query."""
        tuples = queryset.prefetch_related(None).values_list(*self.paths).iterator(chunk_size)
        kinds = [column.kind for column in columns]
        while chunk := list(islice(tuples, chunk_size)):
            related = {}
            if self.related:
                pks = [row[self.pk_index] for row in chunk]
                related = {id(spec): spec.fetch(self.model, pks) for spec in self.related}
            for index, (related_model, names) in self.objects.items():
                missing = {row[index] for row in chunk} - names.keys() - {None}
                if missing:
                    for pk, obj in related_model._base_manager.in_bulk(missing).items():
                        names[pk] = str(obj)
            for row in chunk:
                values = []
                for kind, (how, where, convert) in zip(kinds, self.readers, strict=True):
                    if how == "field":
                        value = row[where]
                        if convert is not None:
                            value = convert(value)
                    elif how == "related":
                        value = related[id(where)].get(row[self.pk_index], "")
                    else:
                        key = row[where]
                        value = None if key is None else self.objects[where][1][key]
                    _add_cell(values, kind, _normalise(kind, value))
                yield values


def value_rows(columns: Sequence[Column], rows: Iterable, *, chunk_size: int = 2000):
    """The values of each row of `rows` (records, or a queryset of them), column by column.

    A queryset is read with values_list() when its columns allow (see _Plan), else as
    model instances `chunk_size` at a time (its prefetches apply per chunk).
    """
    if isinstance(rows, ValueRows):
        return iter(rows)
    if isinstance(rows, QuerySet):
        try:
            plan = _Plan(rows, columns)
        except _NotCompilable:
            rows = rows.iterator(chunk_size=chunk_size)
        else:
            return plan.rows(rows, columns, chunk_size)
    return (_values(columns, row) for row in rows)


class ValueRows:
    """The value rows of `rows` (value_rows), counting them as they are written."""

    def __init__(self, columns: Sequence[Column], rows: Iterable, *, chunk_size: int = 2000):
        self.columns, self.rows, self.chunk_size, self.count = columns, rows, chunk_size, 0

    def __iter__(self) -> Iterator[list]:
        for values in value_rows(self.columns, self.rows, chunk_size=self.chunk_size):
            self.count += 1
            yield values


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


@functools.cache
def _openpyxl():
    """What the cell writers use of openpyxl, imported once (see the module docstring)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    return WriteOnlyCell, ILLEGAL_CHARACTERS_RE.sub, frozenset(ERROR_CODES), Font


def _xlsx_cell(sheet, value: Any, *, bold: bool = False):
    """A write-only cell; a string is always stored as text, never read as a formula.

    openpyxl turns any str starting with "=" into a formula when the value is set, so the
    data type is forced back to "s" (an inline string) afterwards.
    """
    write_only_cell, strip_illegal, _errors, font = _openpyxl()
    if isinstance(value, str):
        value = strip_illegal("", value)[:XLSX_MAX_CELL_CHARS]
    cell = write_only_cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif type(value) in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[type(value)]
    if bold:
        cell.font = font(bold=True)
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
    _append_values(sheet, value_rows(columns, rows))
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
        _cell, strip_illegal, error_codes, _font = _openpyxl()
        value = strip_illegal("", value)[:XLSX_MAX_CELL_CHARS]
        if value.startswith("=") or value in error_codes:
            return _xlsx_cell(sheet, value)
        return value
    return _xlsx_cell(sheet, value)


def _append_values(sheet, rows: Iterable[list]) -> None:
    """Each row of values appended to a write-only `sheet` through _xlsx_value.

    A date, time or datetime needs a cell object of its own number format; building one
    (and its style) per value cost a fifth of the writing at scale 1 (issue 9). A
    write-only sheet writes a row out within append(), so the cell of a column and type
    is made once and given each row's value: the file is the same.
    """
    append, cells = sheet.append, {}
    for values in rows:
        row = []
        for position, value in enumerate(values):
            if type(value) in NUMBER_FORMATS:
                cell = cells.get((position, type(value)))
                if cell is None:
                    cell = cells[position, type(value)] = _xlsx_cell(sheet, value)
                else:
                    cell.value = value
                row.append(cell)
            else:
                row.append(_xlsx_value(sheet, value))
        append(row)


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
    _append_values(sheet, value_rows(columns, rows))
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
    for values in value_rows(columns, rows):
        writer.writerow([_csv_text(value) for value in values])
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
        rows = ValueRows(self.get_export_columns(), queryset, chunk_size=self.chunk_size)
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
