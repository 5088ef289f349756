"""Writing print-ready summary sheets with openpyxl (write-only mode).

A sheet is a title, a line of conditions, then tables. Figures are number cells; every
text (unit and measure names, titles) goes through core.exports.xlsx_cell, so it is text
and never a formula. The only formulas in the file are the totals written here: SUM over
the cells just written. Page set-up: A4, fit to the page width, print titles, header and
footer with the page number, the title rows frozen.
"""

from dataclasses import dataclass, field

from gifu_taisaku.core.exports import display_width, xlsx_cell

NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0%"
A4 = "9"  # ECMA-376 paper size code of A4
TITLE_ROWS = 2  # title and conditions: frozen, and repeated on every printed page


class Formula(str):
    """A formula this module wrote (a total); any other str is written as text."""


def header_footer_text(text: str) -> str:
    """`text` for a header or footer: "&" starts a control code there, so it is doubled."""
    return text.replace("&", "&&")


def prepare_for_print(sheet, *, header: str, landscape: bool = True) -> None:
    """A4, fit to width (any number of pages down), header/footer with page numbers."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.paperSize = A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddHeader.left.text = header_footer_text(header)
    sheet.oddHeader.right.text = "&A"  # the sheet's name
    sheet.oddFooter.center.text = "&P / &N"


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


@dataclass
class SheetWriter:
    """Appends rows to a write-only sheet, knowing the row number (for SUM formulas)."""

    sheet: object
    row: int = 0
    widths: dict[int, float] = field(default_factory=dict)

    @classmethod
    def create(cls, workbook, title: str, *, header: str, widths: list[float], freeze: str = ""):
        sheet = workbook.create_sheet(title=title[:31])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[column_letter(index)].width = width
        sheet.freeze_panes = freeze or f"A{TITLE_ROWS + 1}"
        sheet.print_title_rows = f"1:{TITLE_ROWS}"
        prepare_for_print(sheet, header=header)
        return cls(sheet)

    def cell(self, value, *, bold: bool = False, number_format: str = ""):
        from openpyxl.styles import Font

        cell = xlsx_cell(self.sheet, value, bold=bold)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = number_format or NUMBER_FORMAT
        elif isinstance(value, Formula):
            cell.data_type = "f"  # a total written here, never a user's text
            cell.number_format = NUMBER_FORMAT
            cell.font = Font(bold=True)
        return cell

    def append(self, values: list, *, bold: bool = False) -> int:
        self.sheet.append([self.cell(v, bold=bold) for v in values])
        self.row += 1
        return self.row

    def title(self, text: str, conditions: str) -> None:
        from openpyxl.styles import Font

        cell = xlsx_cell(self.sheet, text)
        cell.font = Font(bold=True, size=14)
        self.sheet.append([cell])
        self.append([conditions])
        self.row = TITLE_ROWS

    def blank(self) -> None:
        self.append([])

    def caption(self, text: str) -> None:
        self.blank()
        self.append([text], bold=True)

    def table(
        self,
        headers: list[str],
        rows: list[tuple[str, list]],
        *,
        row_totals: bool = True,
        column_totals: bool = True,
    ) -> None:
        """A header row, one row per (label, numbers), and SUM totals for rows and columns."""
        self.append([*headers, *(["合計"] if row_totals else [])], bold=True)
        first, width = self.row + 1, len(headers) - 1
        for label, numbers in rows:
            row = self.row + 1
            total = Formula(f"=SUM(B{row}:{column_letter(width + 1)}{row})") if width else 0
            self.append([label, *numbers, *([total] if row_totals else [])])
        if column_totals and rows:
            last, columns = self.row, width + (1 if row_totals else 0)
            sums = [
                Formula(f"=SUM({column_letter(c)}{first}:{column_letter(c)}{last})")
                for c in range(2, columns + 2)
            ]
            self.append(["合計", *sums], bold=True)


def label_width(labels: list[str], minimum: float = 14, maximum: float = 60) -> float:
    """A column width (Excel character units) that fits the longest label."""
    widest = max((display_width(label) for label in labels), default=0) + 2
    return min(max(widest, minimum), maximum)
