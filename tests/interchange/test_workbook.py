"""Reading and writing workbooks: .xlsx files and folders of .csv files."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook as XlsxWorkbook
from openpyxl import load_workbook

from leadtogether.interchange.workbook import (
    Sheet,
    WorkbookError,
    read_workbook,
    write_workbook,
)
from tests.spreadsheet_files import cell, row, shared_strings_xml, xlsx_file


def _sample() -> dict[str, Sheet]:
    sheet = Sheet(
        name="sessions",
        columns=["session_id", "starts_at", "day", "count", "consent", "note"],
        rows=[
            {
                "session_id": "T1",
                "starts_at": dt.datetime(2021, 10, 5, 9, 0),
                "day": dt.date(2021, 10, 5),
                "count": 3,
                "consent": True,
                "note": None,
            }
        ],
    )
    return {"sessions": sheet}


def test_it_reads_a_folder_of_csv_files(tmp_path):
    (tmp_path / "schools.csv").write_text(
        "\ufeff School_ID , name ,level\n S1 , De Linde ,primary\n,,\nS2,De Eik,\n,,\n\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a sheet", encoding="utf-8")

    workbook = read_workbook(tmp_path)

    assert list(workbook) == ["schools"]
    sheet = workbook["schools"]
    assert sheet.columns == ["school_id", "name", "level"]
    assert sheet.rows == [
        {"school_id": "S1", "name": "De Linde", "level": "primary"},
        {"school_id": None, "name": None, "level": None},
        {"school_id": "S2", "name": "De Eik", "level": None},
    ]
    assert [number for number, _row in sheet.numbered_rows()] == [2, 3, 4]


def test_it_reads_an_xlsx_workbook(tmp_path):
    book = XlsxWorkbook()
    sheet = book.active
    sheet.title = "Trajectory"
    sheet.append(["slug", "start", "starts_at", "level", None])
    sheet.append(["  t-1 ", dt.date(2021, 9, 1), dt.datetime(2021, 10, 5, 9, 30), 2, None])
    sheet["B2"].number_format = "dd/mm/yyyy"
    sheet.append([None, None, None, None, None])
    book.save(tmp_path / "book.xlsx")

    workbook = read_workbook(tmp_path / "book.xlsx")

    assert workbook["trajectory"].columns == ["slug", "start", "starts_at", "level"]
    assert workbook["trajectory"].rows == [
        {
            "slug": "t-1",
            "start": dt.date(2021, 9, 1),
            "starts_at": dt.datetime(2021, 10, 5, 9, 30),
            "level": 2,
        }
    ]


def test_it_rejects_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "missing.xlsx"

    with pytest.raises(WorkbookError, match="missing.xlsx: no such file or folder"):
        read_workbook(missing)


def test_it_rejects_a_file_that_is_not_a_workbook(tmp_path):
    text = tmp_path / "people.csv"
    text.write_text("person_id\nP1\n", encoding="utf-8")

    with pytest.raises(WorkbookError) as raised:
        read_workbook(text)

    assert str(raised.value) == (f"{text}: neither an .xlsx workbook nor a folder of .csv files")


def test_it_rejects_a_corrupt_xlsx_file(tmp_path):
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a zip archive")

    with pytest.raises(WorkbookError, match=r"corrupt.xlsx: not a readable .xlsx file"):
        read_workbook(corrupt)


def test_it_rejects_a_csv_file_that_is_not_utf8(tmp_path):
    (tmp_path / "people.csv").write_bytes("person_id,first_name\nP1,Zoë\n".encode("latin-1"))

    with pytest.raises(WorkbookError, match=r"people.csv: not UTF-8 text"):
        read_workbook(tmp_path)


def test_it_writes_csv_files_with_iso_dates(tmp_path):
    write_workbook(_sample(), tmp_path / "out")

    text = (tmp_path / "out" / "sessions.csv").read_text(encoding="utf-8")
    assert text == (
        "session_id,starts_at,day,count,consent,note\nT1,2021-10-05 09:00,2021-10-05,3,yes,\n"
    )


def test_it_writes_xlsx_with_real_dates_and_a_bold_header(tmp_path):
    path = tmp_path / "sub" / "out.xlsx"

    write_workbook(_sample(), path)

    sheet = load_workbook(path)["sessions"]
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == dt.datetime(2021, 10, 5, 9, 0)
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert [cell.value for cell in sheet[2]][3:] == [3, "yes", None]


def test_an_xlsx_workbook_reads_back_with_typed_cells(tmp_path):
    write_workbook(_sample(), tmp_path / "book.xlsx")

    rows = read_workbook(tmp_path / "book.xlsx")["sessions"].rows

    assert rows == [dict(_sample()["sessions"].rows[0], consent="yes")]


def test_a_csv_folder_reads_back_as_text(tmp_path):
    write_workbook(_sample(), tmp_path / "folder")

    rows = read_workbook(tmp_path / "folder")["sessions"].rows

    assert rows == [
        {
            "session_id": "T1",
            "starts_at": "2021-10-05 09:00",
            "day": "2021-10-05",
            "count": "3",
            "consent": "yes",
            "note": None,
        }
    ]


def test_it_reports_a_path_it_cannot_write(tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")

    with pytest.raises(WorkbookError, match="taken: cannot be written"):
        write_workbook(_sample(), blocker)


def test_a_sheet_can_be_built_from_rows():
    sheet = Sheet.from_rows("plgs", [{"plg_id": "PLG1"}, {"plg_id": "PLG2", "name": "Gent"}])

    assert sheet.columns == ["plg_id", "name"]


def test_a_workbook_with_a_value_in_the_last_cell_of_a_sheet_is_refused_at_once(tmp_path):
    path = tmp_path / "far.xlsx"
    book = XlsxWorkbook()
    book.active.title = "people"
    book.active["A1"] = "person_id"
    book.active["XFD1048576"] = "P1"
    book.save(path)

    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)

    assert str(raised.value) == (
        f"{path}: people, 1048576, XFD: a value after row 100000; at most 100000 rows can be read"
    )


def test_a_workbook_with_an_empty_styled_last_cell_reads_only_the_cells_with_values(tmp_path):
    path = xlsx_file(
        tmp_path / "declared.xlsx",
        row(1, cell("A1", "school_id"), cell("B1", "name")),
        row(2, cell("A2", "S1"), cell("B2", "De Linde")),
        row(1048576, '<c r="XFD1048576" s="0"/>'),
        title="schools",
        dimension="A1:XFD1048576",
    )

    sheet = read_workbook(path)["schools"]

    assert sheet.rows == [{"school_id": "S1", "name": "De Linde"}]


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_BYTES = 100_000
    path = xlsx_file(
        tmp_path / "big.xlsx",
        row(1, '<c r="A1" t="s"><v>0</v></c>'),
        shared_strings=shared_strings_xml(f"tekst {n}" for n in range(10_000)),
    )

    with pytest.raises(WorkbookError, match=r"big.xlsx: xl/sharedStrings.xml unpacks to 2"):
        read_workbook(path)


def test_a_csv_file_with_more_rows_than_the_limit_is_refused(tmp_path, settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    (tmp_path / "schools.csv").write_text("school_id\nS1\nS2\nS3\n", encoding="utf-8")

    with pytest.raises(WorkbookError) as raised:
        read_workbook(tmp_path)

    assert str(raised.value) == (
        f"{tmp_path / 'schools.csv'}: 4, A: a value after row 3; at most 3 rows can be read"
    )
