"""Every CSV and XLSX file the project writes or reads goes through this module.

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

Reading. An .xlsx file is a zip archive of XML files that openpyxl unpacks and parses, and
a few kilobytes can declare a million rows, unpack to gigabytes or hold millions of texts.
``read_xlsx`` therefore looks at the archive before openpyxl parses it: the size of each
part and of all parts together, how much each part is packed, and the number of shared
texts; then it reads each worksheet once to find the cells that hold a value, refuses a
value beyond the rows and columns that are read, and reads only up to the last value (no
empty declared range, no trailing empty rows). ``csv_rows`` keeps the same limits for
.csv files. The limits are settings (``SPREADSHEET_MAX_BYTES``, ``SPREADSHEET_MAX_ROWS``,
``SPREADSHEET_MAX_COLUMNS``, ``SPREADSHEET_MAX_SHARED_STRINGS``).

A cell holding a formula is read as its computed value, which spreadsheet programs save
with the formula; a formula saved without its value is read as a ``Formula``, so that
the import can say that the cell holds a formula instead of calling it empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.manifest import Manifest
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
from openpyxl.xml.functions import fromstring

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


# reading

# the most cells a row of an .xlsx sheet can have
_EXCEL_COLUMNS = 16_384
# members smaller than this may be packed as tightly as they like
_RATIO_FLOOR = 1024 * 1024
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?si[\s/>]")


@dataclass(frozen=True)
class Limits:
    """How much of a spreadsheet is read; beyond these limits a file is refused."""

    max_bytes: int = 50 * 1024 * 1024  # a file; unpacked: each part and all together
    max_rows: int = 100_000  # per sheet, the header included
    max_columns: int = 200
    max_shared_strings: int = 1_000_000
    max_ratio: int = 100  # unpacked size / packed size, for parts above 1 MB
    max_members: int = 10_000

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.SPREADSHEET_MAX_BYTES,
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_columns=settings.SPREADSHEET_MAX_COLUMNS,
            max_shared_strings=settings.SPREADSHEET_MAX_SHARED_STRINGS,
        )


class SpreadsheetError(Exception):
    """A spreadsheet that is not read; the message says why and, where it applies, where."""

    def __init__(
        self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""
    ) -> None:
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column
        where = [part for part in (sheet, "" if row is None else str(row), column) if part]
        super().__init__(", ".join([*where[:-1], f"{where[-1]}: {message}"]) if where else message)


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula whose value was not saved with it."""

    text: str  # "=SUM(A1:A3)"

    def __str__(self) -> str:
        return self.text


def formula_problem(formula: Formula) -> str:
    """What to tell about a cell holding FORMULA."""
    return _("holds a formula (%(formula)s); enter the value itself") % {"formula": formula.text}


@dataclass
class SheetCells:
    """The cells of a worksheet, row by row, up to the last cell that holds a value."""

    title: str
    rows: list[list[Any]]


def column_letter(position: int) -> str:
    """The spreadsheet letter of the column at POSITION (1 is A)."""
    return get_column_letter(position)


def _size(count: int) -> str:
    if count < 1024:
        return _("%(count)d bytes") % {"count": count}
    if count < 1024 * 1024:
        return _("%(count).1f kB") % {"count": count / 1024}
    if count < 1024**3:
        return _("%(count).1f MB") % {"count": count / 1024**2}
    return _("%(count).1f GB") % {"count": count / 1024**3}


def _unreadable(reason: Any) -> SpreadsheetError:
    return SpreadsheetError(_("not a readable .xlsx file (%(reason)s)") % {"reason": reason})


def _check_size(path: Path, limits: Limits) -> None:
    size = Path(path).stat().st_size
    if size > limits.max_bytes:
        raise SpreadsheetError(
            _("the file is %(size)s; at most %(limit)s can be read")
            % {"size": _size(size), "limit": _size(limits.max_bytes)}
        )


def read_file(path: Path, *, limits: Limits | None = None) -> bytes:
    """The bytes of PATH, refused when the file is larger than the limit."""
    limits = limits or Limits.from_settings()
    _check_size(path, limits)
    return Path(path).read_bytes()


def _beyond_row(limits: Limits) -> str:
    return _("a value after row %(limit)d; at most %(limit)d rows can be read") % {
        "limit": limits.max_rows
    }


def _beyond_column(limits: Limits) -> str:
    return _("a value after column %(letter)s; at most %(limit)d columns can be read") % {
        "letter": get_column_letter(limits.max_columns),
        "limit": limits.max_columns,
    }


def csv_delimiter(text: str, candidates: str = ",;\t") -> str:
    """The candidate that splits the first record of TEXT into the most columns."""

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader(io.StringIO(text), delimiter=delimiter), []))
        except csv.Error:
            return 0

    return max(candidates, key=width)


def csv_rows(
    text: str, *, delimiter: str = ",", sheet: str = "", limits: Limits | None = None
) -> list[list[str]]:
    """The records of TEXT, refused beyond the rows and columns that are read.

    Empty cells after the last column and empty records after the last row that is read
    are left out. SHEET names the sheet in a problem's place.
    """
    limits = limits or Limits.from_settings()
    rows: list[list[str]] = []
    number = 0
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            beyond = next(
                (i for i in range(limits.max_columns, len(record)) if record[i].strip()), None
            )
            if beyond is not None:
                raise SpreadsheetError(
                    _beyond_column(limits),
                    sheet=sheet,
                    row=number,
                    column=get_column_letter(beyond + 1),
                )
            if number > limits.max_rows:
                if any(value.strip() for value in record):
                    filled = next(i for i, value in enumerate(record) if value.strip())
                    raise SpreadsheetError(
                        _beyond_row(limits),
                        sheet=sheet,
                        row=number,
                        column=get_column_letter(filled + 1),
                    )
                continue
            rows.append(record[: limits.max_columns])
    except csv.Error as error:
        raise SpreadsheetError(
            _("not a readable CSV file (%(reason)s)") % {"reason": error},
            sheet=sheet,
            row=number + 1,
        ) from error
    return rows


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise SpreadsheetError(
            _("the file holds %(count)d parts; at most %(limit)d can be read")
            % {"count": len(members), "limit": limits.max_members}
        )
    total = 0
    for member in members:
        if member.file_size > limits.max_bytes:
            raise SpreadsheetError(
                _("%(part)s unpacks to %(size)s; at most %(limit)s can be read")
                % {
                    "part": member.filename,
                    "size": _size(member.file_size),
                    "limit": _size(limits.max_bytes),
                }
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
            raise SpreadsheetError(
                _(
                    "%(part)s is packed %(ratio)d to 1, more tightly than a spreadsheet "
                    "ever is (at most %(limit)d to 1)"
                )
                % {"part": member.filename, "ratio": ratio, "limit": limits.max_ratio}
            )
        total += member.file_size
    if total > limits.max_bytes:
        raise SpreadsheetError(
            _("the file unpacks to %(size)s; at most %(limit)s can be read")
            % {"size": _size(total), "limit": _size(limits.max_bytes)}
        )


def _count_shared_strings(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse more shared strings than the limit, counted without parsing them."""
    try:
        manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    except KeyError:
        return  # openpyxl refuses a file without content types
    part = manifest.find(SHARED_STRINGS)
    if part is None:
        return
    name = part.PartName.lstrip("/")
    if name not in archive.namelist():
        return
    count = 0
    pending = b""
    with archive.open(name) as source:
        while chunk := source.read(1024 * 1024):
            data = pending + chunk
            # a match starting before CUT ends inside DATA; later ones are counted next time
            cut = max(len(data) - 32, 0)
            count += sum(1 for match in _SHARED_STRING.finditer(data) if match.start() < cut)
            pending = data[cut:]
            if count > limits.max_shared_strings:
                break
    count += len(_SHARED_STRING.findall(pending))
    if count > limits.max_shared_strings:
        raise SpreadsheetError(
            _("more than %(limit)d different texts (shared strings) in the file")
            % {"limit": limits.max_shared_strings}
        )


@dataclass
class _Extent:
    """The last row and column holding a value, and the formulas saved without a value."""

    rows: int = 0
    columns: int = 0
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)


class _SheetScan:
    """One pass over a worksheet's XML, without building it: where do its values end?

    Values beyond the limits are refused as soon as they are met. Rows and columns are
    numbered as openpyxl numbers them: by their "r" attribute, or one after the previous
    one when it is missing. A document type declaration (never in a spreadsheet, the way
    to entity bombs) is refused.
    """

    def __init__(self, title: str, limits: Limits) -> None:
        self.title = title
        self.limits = limits
        self.extent = _Extent()
        self.row = self.column = self.cells = 0
        self.in_cell = False
        self.cell_type = ""
        self.value: str | None = None
        self.formula: str | None = None
        self.inline = False
        self.collecting = ""
        self.text: list[str] = []
        self.tags: dict[str, str] = {}  # "namespace}c" -> "c"

    def _tag(self, name: str) -> str:
        tag = self.tags.get(name)
        if tag is None:
            tag = self.tags[name] = name.rsplit("}", 1)[-1]
        return tag

    def scan(self, source: IO[bytes]) -> _Extent:
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.ParseFile(source)
        return self.extent

    def _doctype(self, *args: Any) -> None:
        raise SpreadsheetError(_("a worksheet declares a document type"), sheet=self.title)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = self._tag(name)
        if tag == "row":
            number = attributes.get("r")
            try:
                self.row = int(number) if number is not None else self.row + 1
            except ValueError:
                self.row = 0
            if self.row < 1:
                raise SpreadsheetError(
                    _("'%(number)s' is not a row number") % {"number": number}, sheet=self.title
                )
            self.column = self.cells = 0
        elif tag == "c":
            self.cells += 1
            if self.cells > _EXCEL_COLUMNS:
                raise SpreadsheetError(
                    _("more cells in one row than a sheet can have"),
                    sheet=self.title,
                    row=self.row,
                )
            reference = attributes.get("r")
            self.column = self._column_number(reference) if reference else self.column + 1
            self.in_cell, self.inline = True, False
            self.cell_type = attributes.get("t", "n")
            self.value = self.formula = None
        elif self.in_cell and tag in ("v", "f"):
            self.collecting, self.text = tag, []
        elif self.in_cell and tag == "is":
            self.inline = True

    def _data(self, text: str) -> None:
        if self.collecting:
            self.text.append(text)

    def _end(self, name: str) -> None:
        tag = self._tag(name)
        if self.collecting and tag == self.collecting:
            if tag == "v":
                self.value = "".join(self.text)
            else:
                self.formula = "".join(self.text)
            self.collecting = ""
        elif tag == "c":
            self.in_cell = False
            self._cell()

    def _column_number(self, reference: str) -> int:
        try:
            letters, _row = coordinate_from_string(reference)
            return column_index_from_string(letters)
        except (CellCoordinatesException, ValueError) as error:
            raise SpreadsheetError(
                _("'%(reference)s' is not a cell reference") % {"reference": reference},
                sheet=self.title,
                row=self.row,
            ) from error

    def _cell(self) -> None:
        # an empty <v/> is no value, unless it is the empty text a formula gave
        has_value = (
            self.inline or bool(self.value) or (self.value is not None and self.cell_type == "str")
        )
        if not has_value and self.formula is None:
            return
        place = {"sheet": self.title, "row": self.row, "column": get_column_letter(self.column)}
        if self.row > self.limits.max_rows:
            raise SpreadsheetError(_beyond_row(self.limits), **place)
        if self.column > self.limits.max_columns:
            raise SpreadsheetError(_beyond_column(self.limits), **place)
        self.extent.rows = max(self.extent.rows, self.row)
        self.extent.columns = max(self.extent.columns, self.column)
        if self.formula is not None and not has_value:
            self.extent.formulas[self.row, self.column] = Formula(f"={self.formula or '…'}")


def _cell_value(cell: Any) -> Any:
    """The value of a read-only cell; a date without a time when its format shows none."""
    value = cell.value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        if _is_date_only(getattr(cell, "number_format", "") or ""):
            return value.date()
    return value


# the parts of a number format that are not date or time codes: "quoted text", [colours]
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _is_date_only(number_format: str) -> bool:
    codes = _FORMAT_LITERALS.sub("", number_format).lower()
    return "h" not in codes and "s" not in codes


def _sheet_cells(worksheet: Any, archive: zipfile.ZipFile, limits: Limits) -> SheetCells:
    title = worksheet.title
    # the worksheet's part in the archive, as openpyxl found it from the relationships
    with archive.open(worksheet._worksheet_path) as source:
        extent = _SheetScan(title, limits).scan(source)
    if not extent.rows:
        return SheetCells(title=title, rows=[])
    worksheet.reset_dimensions()
    # iterate up to the last value only: openpyxl fills every row and column it declares
    rows = [
        [_cell_value(cell) for cell in cells]
        for cells in worksheet.iter_rows(
            min_row=1, max_row=extent.rows, min_col=1, max_col=extent.columns
        )
    ]
    # rows out of order in the file are left out by openpyxl; they read as empty
    rows += [[None] * extent.columns for _ in range(extent.rows - len(rows))]
    for (row, column), formula in extent.formulas.items():
        rows[row - 1][column - 1] = formula
    return SheetCells(title=title, rows=rows)


def read_xlsx(
    path: Path, *, first_sheet_only: bool = False, limits: Limits | None = None
) -> list[SheetCells]:
    """The cells of the worksheets of the .xlsx file PATH, in order.

    Raises SpreadsheetError when the file is not an .xlsx file or goes beyond the limits.
    """
    limits = limits or Limits.from_settings()
    _check_size(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable(error) from error
    with archive:
        _check_archive(archive, limits)
        try:
            _count_shared_strings(archive, limits)
            book = load_workbook(path, read_only=True, data_only=True)
        except SpreadsheetError:
            raise
        except Exception as error:  # whatever openpyxl makes of a damaged file
            raise _unreadable(error) from error
        try:
            worksheets = book.worksheets[:1] if first_sheet_only else book.worksheets
            return [_sheet_cells(worksheet, archive, limits) for worksheet in worksheets]
        except SpreadsheetError:
            raise
        except Exception as error:  # whatever openpyxl makes of a damaged file
            raise _unreadable(error) from error
        finally:
            book.close()
