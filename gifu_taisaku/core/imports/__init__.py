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

The package by concern: `workbook` (the upload, the zip checks, the first sheet, its
headers and rows), `cells` (the cell parsers) and `template` (the import template). Import
from the package itself: `from gifu_taisaku.core.imports import Column, read_sheet`.
"""

from gifu_taisaku.core.imports.cells import (
    CellError,
    code_key,
    date_format_message,
    is_blank,
    lookup_table,
    normalise,
    parse_choice,
    parse_code,
    parse_code_list,
    parse_count,
    parse_date,
    parse_text,
    parse_time,
    parse_yes_no,
)
from gifu_taisaku.core.imports.template import CODE_SHEET, CodeList, build_template
from gifu_taisaku.core.imports.workbook import (
    DEFAULTS,
    HEADER_ROW,
    MAX_STORED_ERRORS,
    Column,
    ImportFileError,
    ParsedRow,
    ParsedSheet,
    RowError,
    check_archive,
    json_ready,
    limit,
    match_headers,
    merged_ranges,
    not_xlsx_message,
    open_archive,
    parse_cell,
    parse_row,
    read_sheet,
    revive_row,
    unreadable_message,
)

__all__ = [
    "CODE_SHEET",
    "DEFAULTS",
    "HEADER_ROW",
    "MAX_STORED_ERRORS",
    "CellError",
    "CodeList",
    "Column",
    "ImportFileError",
    "ParsedRow",
    "ParsedSheet",
    "RowError",
    "build_template",
    "check_archive",
    "code_key",
    "date_format_message",
    "is_blank",
    "json_ready",
    "limit",
    "lookup_table",
    "match_headers",
    "merged_ranges",
    "normalise",
    "not_xlsx_message",
    "open_archive",
    "parse_cell",
    "parse_choice",
    "parse_code",
    "parse_code_list",
    "parse_count",
    "parse_date",
    "parse_row",
    "parse_text",
    "parse_time",
    "parse_yes_no",
    "read_sheet",
    "revive_row",
    "unreadable_message",
]
