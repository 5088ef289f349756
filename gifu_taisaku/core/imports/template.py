"""The import template: the data sheet's headers, and the 「コード一覧」 sheet its lists use.

Reference text is written as text (a name starting with "=" must not become a formula),
and each coded column gets a data validation pointing at its block of the code sheet.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gifu_taisaku.core.imports.workbook import HEADER_ROW, Column, limit


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
