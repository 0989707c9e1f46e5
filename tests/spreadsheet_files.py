"""Small .xlsx files put together part by part, to test how hostile spreadsheets are read.

``xlsx_file`` writes a workbook of one worksheet whose ``<sheetData>`` is given as XML, so
a test can declare any dimension, place a cell anywhere or add thousands of shared
strings while the file itself stays a few kilobytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(with_strings: bool) -> str:
    strings = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/>'
        if with_strings
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>'
        f"{strings}</Types>"
    )


def _workbook(title: str) -> str:
    return (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        f'<sheet name="{escape(title)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _workbook_rels(with_strings: bool) -> str:
    strings = (
        f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
        if with_strings
        else ""
    )
    return (
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet1.xml"/>{strings}</Relationships>'
    )


def _package_rels() -> str:
    return (
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )


def shared_strings_xml(strings: Iterable[str]) -> str:
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return f'<sst xmlns="{MAIN}">{items}</sst>'


def row(number: int, *cells: str) -> str:
    """A <row> of CELLS, each written as cell() returns it."""
    return f'<row r="{number}">{"".join(cells)}</row>'


def cell(reference: str, value: str | int | None = None, *, formula: str | None = None) -> str:
    """A cell: text as an inline string, a number as a number, a formula with no value."""
    parts = f"<f>{escape(formula)}</f>" if formula is not None else ""
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr">{parts}<is><t>{escape(value)}</t></is></c>'
    if value is not None:
        parts += f"<v>{value}</v>"
    return f'<c r="{reference}">{parts}</c>'


def xlsx_file(
    path: Path,
    *rows: str,
    title: str = "Sheet1",
    dimension: str | None = None,
    shared_strings: str | None = None,
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """Write a workbook with one worksheet holding ROWS (see row() and cell())."""
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet_data = f"<sheetData>{''.join(rows)}</sheetData>"
    sheet = f'<worksheet xmlns="{MAIN}">{dimension_xml}{sheet_data}</worksheet>'
    with_strings = shared_strings is not None
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(with_strings))
        archive.writestr("_rels/.rels", _package_rels())
        archive.writestr("xl/workbook.xml", _workbook(title))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(with_strings))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path
