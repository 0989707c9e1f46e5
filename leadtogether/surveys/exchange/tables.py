"""The export file of another survey tool, read as rows of text.

LimeSurvey, Qualtrics and Microsoft Forms all export one row per respondent and one column
per question, as CSV or XLSX. Every cell is read as the text a person sees in it: spaces
around it removed, ``3.0`` from a spreadsheet as ``3``, a date as ``2022-05-12``. Each row
keeps its spreadsheet row number (the header is row 1), also past skipped and blank rows.
A cell holding a formula saved without its value reads as empty, and the row keeps the
formula (``TableRow.formulas``) so that the import can tell. Files are read through
``lib/spreadsheets``, which refuses files beyond its limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from leadtogether.lib.cells import cell_text as lib_cell_text
from leadtogether.lib.spreadsheets import (
    Formula,
    SpreadsheetError,
    column_letter,
    csv_delimiter,
    csv_rows,
    formula_problem,
    read_file,
    read_xlsx,
)

SUFFIXES = (".csv", ".xlsx")
DELIMITERS = ",;\t"


class TableError(Exception):
    """A file that cannot be read at all."""


@dataclass(frozen=True)
class TableRow:
    number: int
    cells: list[str]
    # the formulas saved without their value, by column index; those cells read as ""
    formulas: dict[int, Formula] = field(default_factory=dict)


@dataclass
class ResponseTable:
    """The header cells ("" when a header cell is empty) and the non-blank data rows."""

    name: str
    columns: list[str]
    rows: list[TableRow] = field(default_factory=list)

    def letter(self, index: int) -> str:
        """The spreadsheet letter of the column at INDEX (A, B, …)."""
        return column_letter(index + 1)


def cell_text(value: Any) -> str:
    """A cell as text (booleans as "true"/"false", as survey tools write them)."""
    return lib_cell_text(value, true="true", false="false")


def read_table(path: Path, *, skip_rows: int = 0) -> ResponseTable:
    """Read PATH (.csv or .xlsx); SKIP_ROWS rows between the header and the data are left out.

    Raises TableError when the file cannot be read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise TableError(_("%(file)s: neither a .csv nor an .xlsx file") % {"file": path.name})
    if not path.is_file():
        raise TableError(_("%(file)s: no such file") % {"file": path})
    try:
        lines = _csv_lines(path) if suffix == ".csv" else _xlsx_lines(path)
    except SpreadsheetError as error:
        raise TableError(f"{path.name}: {error}") from error
    except OSError as error:
        raise TableError(
            _("%(file)s: cannot be read (%(reason)s)")
            % {"file": path.name, "reason": error.strerror or error}
        ) from error
    if not lines or not any(cell_text(value) for value in lines[0]):
        raise TableError(_("%(file)s: the first row holds no column names") % {"file": path.name})
    for index, value in enumerate(lines[0]):
        if isinstance(value, Formula):
            where = f"{column_letter(index + 1)}1"
            raise TableError(f"{path.name}: {where}: {formula_problem(value)}")
    return _table(path.name, lines, skip_rows)


def _table(name: str, lines: list[list[Any]], skip_rows: int) -> ResponseTable:
    width = max(len(line) for line in lines)
    columns = [cell_text(value) for value in lines[0]] + [""] * (width - len(lines[0]))
    rows = []
    for offset, line in enumerate(lines[1 + skip_rows :]):
        formulas = {i: value for i, value in enumerate(line) if isinstance(value, Formula)}
        cells = ["" if isinstance(value, Formula) else cell_text(value) for value in line] + [
            ""
        ] * (width - len(line))
        if any(cells) or formulas:
            rows.append(TableRow(number=2 + skip_rows + offset, cells=cells, formulas=formulas))
    return ResponseTable(name=name, columns=columns, rows=rows)


def _decode(path: Path) -> str:
    data = read_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV files in the Windows code page.
        return data.decode("cp1252", errors="replace")


def _csv_lines(path: Path) -> list[list[Any]]:
    text = _decode(path)
    return [list(line) for line in csv_rows(text, delimiter=csv_delimiter(text, DELIMITERS))]


def _xlsx_lines(path: Path) -> list[list[Any]]:
    """The cells of the first worksheet."""
    sheets = read_xlsx(path, first_sheet_only=True)
    if not sheets:
        raise SpreadsheetError(_("the file holds no worksheet"))
    return sheets[0].rows
