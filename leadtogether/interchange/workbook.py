"""Workbooks as plain data, read from and written to .xlsx files or folders of .csv files.

A workbook is a mapping of sheet names to sheets; a sheet has its column names and its
rows, each row a mapping of column name to cell value. Cell values are ``None`` (empty),
``str``, ``int``, ``float``, ``bool``, ``datetime.date`` or naive ``datetime.datetime``.

Reading normalises what people type: sheet and column names are trimmed and lower-cased,
text is trimmed, an empty text becomes ``None`` and blank rows after the last row with a
value are dropped. Blank rows in between are kept (with every cell ``None``) so that the
position of a row in ``Sheet.rows`` still gives its row number in the spreadsheet. A cell
holding a formula saved without its value reads as a ``Formula``.

Both formats are read and written through ``lib/spreadsheets``: files beyond its limits
are refused, and in .csv files text that starts like a formula is written with a ``'`` in
front, which reading takes off again (``neutralise`` and ``restore``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadtogether.lib.spreadsheets import (
    Formula,
    SpreadsheetError,
    XlsxSheet,
    column_letter,
    csv_rows,
    csv_writer,
    formula_problem,
    read_file,
    read_xlsx,
    restore,
    xlsx_bytes,
)

XLSX_SUFFIX = ".xlsx"
CSV_SUFFIX = ".csv"


class WorkbookError(Exception):
    """A workbook that cannot be read or written at all."""


@dataclass
class Sheet:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_rows(cls, name: str, rows: Iterable[Mapping[str, Any]]) -> Sheet:
        """A sheet whose columns are the keys of ROWS, in order of first appearance."""
        rows = [dict(row) for row in rows]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        return cls(name=name, columns=list(columns), rows=rows)

    def numbered_rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number in the spreadsheet, row); the header is row 1, so data starts at 2."""
        for index, row in enumerate(self.rows):
            yield index + 2, row


Workbook = dict[str, Sheet]


def row_is_blank(row: Mapping[str, Any]) -> bool:
    return all(value is None or value == "" for value in row.values())


# reading


def read_workbook(path: Path) -> Workbook:
    """Read an .xlsx file, or a folder with one ``<sheet>.csv`` file per sheet."""
    path = Path(path)
    if path.is_dir():
        return _read_csv_folder(path)
    if path.is_file() and path.suffix.lower() == XLSX_SUFFIX:
        return _read_xlsx(path)
    if not path.exists():
        raise WorkbookError(f"{path}: no such file or folder")
    raise WorkbookError(f"{path}: neither an .xlsx workbook nor a folder of .csv files")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _name(value: Any) -> str:
    return "" if value is None else str(value).strip().lower()


def _header(path: Path, sheet: str, header: list[Any]) -> list[Any]:
    """The header row; a column name cannot be a formula."""
    for position, cell in enumerate(header):
        if isinstance(cell, Formula):
            error = SpreadsheetError(
                formula_problem(cell), sheet=sheet, row=1, column=column_letter(position + 1)
            )
            raise WorkbookError(f"{path}: {error}")
    return header


def _sheet(name: str, header: list[Any], body: Iterable[list[Any]]) -> Sheet:
    """A sheet from a header row and the rows below it; columns without a name are left out."""
    positions: dict[str, int] = {}
    columns: list[str] = []
    for position, cell in enumerate(header):
        column = _name(cell)
        if column:
            columns.append(column)
            positions.setdefault(column, position)
    rows = []
    for cells in body:
        rows.append(
            {
                column: _clean(cells[position]) if position < len(cells) else None
                for column, position in positions.items()
            }
        )
    while rows and row_is_blank(rows[-1]):
        rows.pop()
    return Sheet(name=name, columns=columns, rows=rows)


def _read_csv_folder(folder: Path) -> Workbook:
    workbook: Workbook = {}
    for file in sorted(folder.iterdir()):
        if not (file.is_file() and file.suffix.lower() == CSV_SUFFIX):
            continue
        try:
            text = read_file(file).decode("utf-8-sig")
            lines = csv_rows(text)
        except UnicodeDecodeError as error:
            raise WorkbookError(f"{file}: not UTF-8 text ({error.reason})") from error
        except SpreadsheetError as error:
            raise WorkbookError(f"{file}: {error}") from error
        except OSError as error:
            raise WorkbookError(f"{file}: cannot be read ({error.strerror or error})") from error
        lines = [[restore(value.strip()) for value in line] for line in lines]
        name = _name(file.stem)
        header = list(lines[0]) if lines else []
        workbook[name] = _sheet(name, header, (list(line) for line in lines[1:]))
    return workbook


def _read_xlsx(path: Path) -> Workbook:
    try:
        sheets = read_xlsx(path)
    except SpreadsheetError as error:
        raise WorkbookError(f"{path}: {error}") from error
    except OSError as error:
        raise WorkbookError(f"{path}: cannot be read ({error.strerror or error})") from error
    workbook: Workbook = {}
    for cells in sheets:
        name = _name(cells.title)
        header = _header(path, cells.title, cells.rows[0] if cells.rows else [])
        workbook[name] = _sheet(name, header, cells.rows[1:])
    return workbook


# writing


def write_workbook(workbook: Workbook, path: Path) -> None:
    """Write an .xlsx file when PATH ends in .xlsx, otherwise a folder of .csv files."""
    path = Path(path)
    try:
        if path.suffix.lower() == XLSX_SUFFIX:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_xlsx(workbook, path)
        else:
            path.mkdir(parents=True, exist_ok=True)
            _write_csv_folder(workbook, path)
    except OSError as error:
        raise WorkbookError(f"{path}: cannot be written ({error.strerror or error})") from error


def csv_text(value: Any) -> str:
    """How a cell value is written in a .csv file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv_folder(workbook: Workbook, folder: Path) -> None:
    for sheet in workbook.values():
        with (folder / f"{sheet.name}{CSV_SUFFIX}").open("w", newline="", encoding="utf-8") as f:
            writer = csv_writer(f)
            writer.writerow(sheet.columns)
            for row in sheet.rows:
                writer.writerow([csv_text(row.get(column)) for column in sheet.columns])


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _write_xlsx(workbook: Workbook, path: Path) -> None:
    sheets = (
        XlsxSheet(
            sheet.name,
            sheet.columns,
            [[_xlsx_cell(row.get(column)) for column in sheet.columns] for row in sheet.rows],
        )
        for sheet in workbook.values()
    )
    path.write_bytes(xlsx_bytes(sheets))
