"""The export file of another survey tool, read as rows of text.

LimeSurvey, Qualtrics and Microsoft Forms all export one row per respondent and one column
per question, as CSV or XLSX. Every cell is read as the text a person sees in it: spaces
around it removed, ``3.0`` from a spreadsheet as ``3``, a date as ``2022-05-12``. Each row
keeps its spreadsheet row number (the header is row 1), also past skipped and blank rows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from leadtogether.lib.cells import cell_text as lib_cell_text

SUFFIXES = (".csv", ".xlsx")
DELIMITERS = ",;\t"


class TableError(Exception):
    """A file that cannot be read at all."""


@dataclass(frozen=True)
class TableRow:
    number: int
    cells: list[str]


@dataclass
class ResponseTable:
    """The header cells ("" when a header cell is empty) and the non-blank data rows."""

    name: str
    columns: list[str]
    rows: list[TableRow] = field(default_factory=list)

    def letter(self, index: int) -> str:
        """The spreadsheet letter of the column at INDEX (A, B, …)."""
        return get_column_letter(index + 1)


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
    lines = _csv_lines(path) if suffix == ".csv" else _xlsx_lines(path)
    if not lines or not any(cell_text(value) for value in lines[0]):
        raise TableError(_("%(file)s: the first row holds no column names") % {"file": path.name})
    return _table(path.name, lines, skip_rows)


def _table(name: str, lines: list[list[Any]], skip_rows: int) -> ResponseTable:
    width = max(len(line) for line in lines)
    columns = [cell_text(value) for value in lines[0]] + [""] * (width - len(lines[0]))
    rows = []
    for offset, line in enumerate(lines[1 + skip_rows :]):
        cells = [cell_text(value) for value in line] + [""] * (width - len(line))
        if any(cells):
            rows.append(TableRow(number=2 + skip_rows + offset, cells=cells))
    return ResponseTable(name=name, columns=columns, rows=rows)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TableError(
            _("%(file)s: cannot be read (%(reason)s)")
            % {"file": path.name, "reason": error.strerror or error}
        ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV files in the Windows code page.
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The separator (comma, semicolon or tab) that splits the header into the most columns."""

    def header_width(delimiter: str) -> int:
        return len(next(csv.reader(io.StringIO(text), delimiter=delimiter), []))

    return max(DELIMITERS, key=header_width)


def _csv_lines(path: Path) -> list[list[Any]]:
    text = _decode(path)
    try:
        return [list(line) for line in csv.reader(io.StringIO(text), delimiter=_delimiter(text))]
    except csv.Error as error:
        raise TableError(
            _("%(file)s: not a readable CSV file (%(reason)s)")
            % {"file": path.name, "reason": error}
        ) from error


def _xlsx_lines(path: Path) -> list[list[Any]]:
    """The cells of the first worksheet."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("%(file)s: not a readable .xlsx file (%(reason)s)")
            % {"file": path.name, "reason": error}
        ) from error
    try:
        worksheet = book.worksheets[0]
        return [list(row) for row in worksheet.iter_rows(values_only=True)]
    except (IndexError, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("%(file)s: not a readable .xlsx file (%(reason)s)")
            % {"file": path.name, "reason": error}
        ) from error
    finally:
        book.close()
