"""Every CSV and XLSX file goes through lib/spreadsheets: no formulas out, no bombs in."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from leadtogether.lib.spreadsheets import (
    Formula,
    SpreadsheetError,
    XlsxSheet,
    csv_rows,
    csv_writer,
    neutralise,
    read_file,
    read_xlsx,
    restore,
    xlsx_bytes,
)
from tests.spreadsheet_files import cell, row, shared_strings_xml, xlsx_file

PACKAGE = Path(__file__).resolve().parents[2] / "leadtogether"
SPREADSHEETS = PACKAGE / "lib" / "spreadsheets.py"
# writing or reading CSV or XLSX anywhere but in lib/spreadsheets.py
DIRECT_USE = re.compile(
    r"^\s*(import csv|from csv |import openpyxl|from openpyxl)"
    r"|\bcsv\.(writer|reader|DictWriter|DictReader)\b"
    r"|\.to_(csv|excel)\(|\bread_(csv|excel)\(|\bExcelWriter\b|\bxlsxwriter\b",
    re.MULTILINE,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# writing


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_gets_a_quote_in_front(start):
    text = f'{start}HYPERLINK("http://x","klik")'

    assert neutralise(text) == f"'{text}"


@pytest.mark.parametrize(
    "value", ["De Linde", "'t Kompas", "a=b", "", None, -3, 2.5, "-3", "+32", "-1.5", "1e-3"]
)
def test_plain_text_and_numbers_stay_as_they_are(value):
    assert neutralise(value) == value


def test_text_that_would_lose_its_quote_on_reading_gets_a_second_one():
    assert neutralise("'=1+1") == "''=1+1"
    assert neutralise("''t Kompas") == "'''t Kompas"


def test_restore_undoes_neutralise_for_every_short_text():
    texts = [
        "".join(chars)
        for length in range(5)
        for chars in itertools.product("'=-@1t \t", repeat=length)
    ]

    assert [text for text in texts if restore(neutralise(text)) != text] == []


def test_the_csv_writer_neutralises_every_cell():
    out = io.StringIO()

    csv_writer(out).writerows([["name", "=name"], ["@SUM(A1)", -4], ["-2+3", "-2.5"]])

    assert out.getvalue() == "name,'=name\n'@SUM(A1),-4\n'-2+3,-2.5\n"


def test_xlsx_text_is_text_and_numbers_are_numbers():
    content = xlsx_bytes(
        [XlsxSheet("Namen", ["naam", "getal"], [['=HYPERLINK("http://x","klik")', -3]])]
    )

    sheet = load_workbook(io.BytesIO(content))["Namen"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x","klik")'
    assert sheet["B2"].value == -3
    assert sheet["A1"].font.bold


def test_xlsx_leaves_out_characters_that_xlsx_cannot_hold():
    content = xlsx_bytes([XlsxSheet("S", ["a"], [["bel\x07 en tab\t"]])])

    assert load_workbook(io.BytesIO(content))["S"]["A2"].value == "bel en tab\t"


def test_no_module_writes_or_reads_csv_or_xlsx_but_through_lib_spreadsheets():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SPREADSHEETS
        for match in DIRECT_USE.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


# reading .xlsx files


def test_it_reads_the_cells_of_every_sheet(tmp_path):
    book = Workbook()
    book.active.title = "people"
    book.active.append(["person_id", "born", "count"])
    book.active.append([" P1 ", dt.datetime(1980, 5, 1), 3])
    book.active["B2"].number_format = "dd/mm/yyyy"
    book.create_sheet("empty")
    book.save(tmp_path / "book.xlsx")

    sheets = read_xlsx(tmp_path / "book.xlsx")

    assert [(sheet.title, sheet.rows) for sheet in sheets] == [
        ("people", [["person_id", "born", "count"], [" P1 ", dt.date(1980, 5, 1), 3]]),
        ("empty", []),
    ]


def test_a_value_in_the_last_cell_of_a_sheet_is_refused_with_its_place(tmp_path):
    book = Workbook()
    book.active["A1"] = "naam"
    book.active["XFD1048576"] = 1
    book.save(tmp_path / "far.xlsx")

    with pytest.raises(SpreadsheetError) as raised:
        read_xlsx(tmp_path / "far.xlsx")

    assert str(raised.value) == (
        "Sheet, 1048576, XFD: a value after row 100000; at most 100000 rows can be read"
    )


def test_a_declared_dimension_larger_than_the_cells_is_not_read(tmp_path):
    path = xlsx_file(
        tmp_path / "wide.xlsx",
        row(1, cell("A1", "naam"), cell("B1", "school")),
        row(2, cell("A2", "An"), cell("B2", "De Linde")),
        row(1048576, '<c r="XFD1048576" s="0"/>'),
        dimension="A1:XFD1048576",
    )

    (sheet,) = read_xlsx(path)

    assert sheet.rows == [["naam", "school"], ["An", "De Linde"]]


def test_a_value_after_the_last_column_that_is_read_is_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_COLUMNS = 5
    path = xlsx_file(tmp_path / "wide.xlsx", row(1, cell("A1", "a"), cell("F1", "f")))

    with pytest.raises(SpreadsheetError) as raised:
        read_xlsx(path)

    assert str(raised.value) == (
        "Sheet1, 1, F: a value after column E; at most 5 columns can be read"
    )


def test_a_value_after_the_last_row_that_is_read_is_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_ROWS = 10
    path = xlsx_file(tmp_path / "long.xlsx", row(1, cell("A1", "a")), row(11, cell("A11", 1)))

    with pytest.raises(SpreadsheetError, match=r"^Sheet1, 11, A: a value after row 10;"):
        read_xlsx(path)


def test_more_shared_strings_than_the_limit_are_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_SHARED_STRINGS = 100
    path = xlsx_file(
        tmp_path / "strings.xlsx",
        row(1, '<c r="A1" t="s"><v>0</v></c>'),
        shared_strings=shared_strings_xml(str(n) for n in range(101)),
    )

    with pytest.raises(SpreadsheetError) as raised:
        read_xlsx(path)

    assert str(raised.value) == "more than 100 different texts (shared strings) in the file"


def test_a_part_that_unpacks_beyond_the_limit_is_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_BYTES = 100_000
    path = xlsx_file(
        tmp_path / "big.xlsx",
        row(1, '<c r="A1" t="s"><v>0</v></c>'),
        shared_strings=shared_strings_xml(f"tekst {n}" for n in range(10_000)),
    )

    with pytest.raises(SpreadsheetError) as raised:
        read_xlsx(path)

    assert str(raised.value).startswith("xl/sharedStrings.xml unpacks to 2")
    assert str(raised.value).endswith("; at most 97.7 kB can be read")


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    path = xlsx_file(
        tmp_path / "bomb.xlsx",
        row(1, cell("A1", "a")),
        extra={"xl/media/filler.bin": bytes(5_000_000)},
    )

    with pytest.raises(SpreadsheetError, match=r"^xl/media/filler.bin is packed \d+ to 1"):
        read_xlsx(path)


def test_a_formula_without_a_computed_value_is_read_as_a_formula(tmp_path):
    path = xlsx_file(
        tmp_path / "formula.xlsx",
        row(1, cell("A1", "school_id"), cell("B1", "total")),
        row(2, cell("A2", "S1"), cell("B2", formula="SUM(A1:A3)")),
        row(3, cell("A3", formula='"S"&ROW()'), '<c r="B3" t="str"><f>A3</f><v>S3</v></c>'),
    )

    (sheet,) = read_xlsx(path)

    assert sheet.rows[1] == ["S1", Formula("=SUM(A1:A3)")]
    assert sheet.rows[2] == [Formula('="S"&ROW()'), "S3"]


def test_a_file_that_is_no_zip_archive_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip archive")

    with pytest.raises(SpreadsheetError, match=r"^not a readable \.xlsx file \("):
        read_xlsx(path)


def test_a_file_larger_than_the_limit_is_not_read(tmp_path, settings):
    settings.SPREADSHEET_MAX_BYTES = 1000
    path = tmp_path / "big.csv"
    path.write_text("a\n" * 1000, encoding="utf-8")

    with pytest.raises(SpreadsheetError, match=r"^the file is 2\.0 kB; at most 1000 bytes"):
        read_file(path)


# reading .csv files


def test_csv_rows_reads_records_and_drops_nothing_in_between():
    assert csv_rows("a,b\n1,2\n,\n3,4\n") == [["a", "b"], ["1", "2"], ["", ""], ["3", "4"]]


def test_a_csv_value_after_the_last_row_that_is_read_is_refused(settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    text = "a\n1\n2\n\n\n" + "3\n"

    with pytest.raises(SpreadsheetError, match=r"^6, A: a value after row 3;"):
        csv_rows(text)


def test_csv_trailing_empty_rows_after_the_limit_are_ignored(settings):
    settings.SPREADSHEET_MAX_ROWS = 3

    assert csv_rows("a\n1\n2\n" + ",\n" * 50) == [["a"], ["1"], ["2"]]


def test_a_csv_value_after_the_last_column_that_is_read_is_refused(settings):
    settings.SPREADSHEET_MAX_COLUMNS = 2

    with pytest.raises(SpreadsheetError, match=r"^2, C: a value after column B;"):
        csv_rows("a,b,,\n1,2,3\n")
