"""Every CSV and XLSX file is written through lib/spreadsheets: no formulas out."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from leadtogether.lib.spreadsheets import XlsxSheet, csv_writer, neutralise, restore, xlsx_bytes

PACKAGE = Path(__file__).resolve().parents[2] / "leadtogether"
SPREADSHEETS = PACKAGE / "lib" / "spreadsheets.py"
# writing CSV or XLSX anywhere but in lib/spreadsheets.py
DIRECT_USE = re.compile(
    r"\bcsv\.(writer|DictWriter)\b|\.to_(csv|excel)\(|\bExcelWriter\b|\bxlsxwriter\b"
    r"|^\s*from openpyxl import .*\bWorkbook\b|\bopenpyxl\.Workbook\(",
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


def test_no_module_writes_csv_or_xlsx_but_through_lib_spreadsheets():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0).strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SPREADSHEETS
        for match in DIRECT_USE.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
