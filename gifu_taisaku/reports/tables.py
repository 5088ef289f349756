"""Cross tables (measure × month, station × measure) folded from grouped rows."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Label:
    """A row or column of a table: its key in the grouped rows, a short and a long label."""

    key: Any
    text: str
    title: str = ""  # the full name (a measure's, a station's) when `text` is short

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class TableRow:
    label: Label
    values: list[int]
    total: int


@dataclass(frozen=True)
class Crosstab:
    """A table of one metric: rows × columns, with row and column totals."""

    rows: list[Label]
    columns: list[Label]
    cells: dict[tuple, int]

    @classmethod
    def of(cls, rows, columns, grouped: list[dict], row_key: str, col_key: str, metric: str):
        """Sum `metric` of `grouped` rows into the cells named by their `row_key`/`col_key`."""
        cells: dict[tuple, int] = {}
        for group in grouped:
            key = (group[row_key], group[col_key])
            cells[key] = cells.get(key, 0) + (group.get(metric) or 0)
        return cls(rows, columns, cells)

    def cell(self, row: Label, column: Label) -> int:
        return self.cells.get((row.key, column.key), 0)

    def table_rows(self) -> list[TableRow]:
        rows = []
        for row in self.rows:
            values = [self.cell(row, column) for column in self.columns]
            rows.append(TableRow(row, values, sum(values)))
        return rows

    def column_totals(self) -> list[int]:
        return [sum(self.cell(r, column) for r in self.rows) for column in self.columns]

    @property
    def total(self) -> int:
        return sum(self.column_totals())
