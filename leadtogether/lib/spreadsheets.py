"""Every CSV and XLSX file the project writes goes through this module.

Writing. A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula, and in a .csv file any text can be such a cell: a
school called ``=HYPERLINK("http://x","klik")`` or an open survey answer would become a
live formula in the file someone downloads. So:

- ``csv_writer`` writes every text that starts with one of those characters with a ``'``
  in front (``neutralise``); a text that is a number (``-3``, ``+32``, ``-1.5``) is left
  as it is, a number is not a formula. A text that starts with ``'`` followed by one of
  those characters or by another ``'`` gets a ``'`` in front as well, so that
  ``restore`` gives every text back exactly (``'t Kompas`` stays as it is);
- ``xlsx_bytes`` writes every text as a text cell, never as a formula, exactly as it is
  (an .xlsx cell knows its type, so no ``'`` is needed there).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# writing

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_MAX_WIDTH = 60


def _quoted_on_reading(text: str) -> bool:
    """Whether restore() takes a ' off the front of TEXT."""
    return text.startswith(QUOTE) and text[1:].startswith((*DANGEROUS, QUOTE))


def neutralise(value: Any) -> Any:
    """VALUE as a .csv cell that no spreadsheet program runs as a formula.

    Only text changes: text that starts like a formula (and is not a number), or that
    restore() would take a ' off, gets a ' in front.
    """
    if not isinstance(value, str):
        return value
    if (value.startswith(DANGEROUS) and not _NUMBER.fullmatch(value)) or _quoted_on_reading(value):
        return QUOTE + value
    return value


def restore(value: Any) -> Any:
    """Undo neutralise(): a text read from a .csv file as it was before it was written."""
    if isinstance(value, str) and _quoted_on_reading(value):
        return value[1:]
    return value


class CsvWriter:
    """csv.writer with "\\n" line endings whose cells are neutralised."""

    def __init__(self, handle: IO[str], *, delimiter: str = ",") -> None:
        self._writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], *, delimiter: str = ",") -> CsvWriter:
    return CsvWriter(handle, delimiter=delimiter)


@dataclass
class XlsxSheet:
    """One worksheet to write: a bold header row, then ROWS.

    Cell values are None (empty), text, numbers, booleans, dates or naive date-times.
    NUMBER_FORMATS gives the number format of a column's cells below the header, by the
    column's position (0 is the first column).
    """

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    number_formats: Mapping[int, str] = field(default_factory=dict)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def xlsx_bytes(sheets: Iterable[XlsxSheet]) -> bytes:
    """An .xlsx file of SHEETS; text is always a text cell, dates are date cells."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for spec in sheets:
        worksheet = book.create_sheet(spec.title)
        widths: list[int] = []
        for number, values in enumerate([spec.header, *spec.rows], start=1):
            for position, value in enumerate(values):
                cell = worksheet.cell(row=number, column=position + 1)
                if isinstance(value, str):
                    # assigned text starting with "=" would become a formula: type it as text
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"
                else:
                    cell.value = value
                if number == 1:
                    cell.font = bold
                elif position in spec.number_formats:
                    cell.number_format = spec.number_formats[position]
                elif isinstance(value, dt.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                if position == len(widths):
                    widths.append(0)
                widths[position] = max(widths[position], len(_shown(value)))
        for position, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(position)].width = min(
                width + 2, _MAX_WIDTH
            )
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
