"""The `leadtogether import` and `leadtogether export` commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from leadtogether.cli import main
from leadtogether.interchange.workbook import read_workbook, write_workbook
from leadtogether.registry.models import School
from leadtogether.trajectories.models import Trajectory
from tests.interchange.conftest import cells, small_workbook, table_counts
from tests.spreadsheet_files import row, shared_strings_xml, xlsx_file

pytestmark = pytest.mark.django_db

# the command line closes the database connections when a command ends, as it does after
# a real run, so these tests cannot run inside a test transaction
cli_test = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "workbook"
    write_workbook(small_workbook(), path)
    return path


@pytest.fixture
def bad_folder(tmp_path):
    workbook = small_workbook()
    cells(workbook, "people", 3)["school_id"] = "S999"
    cells(workbook, "sessions", 4)["cancel_reason"] = None
    path = tmp_path / "bad"
    write_workbook(workbook, path)
    return path


def test_import_prints_a_line_per_sheet(folder):
    out = StringIO()

    call_command("workbook_import", str(folder), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "trajectory: 1 created, 0 updated, 0 unchanged"
    assert "people: 7 created, 0 updated, 0 unchanged" in lines
    assert School.objects.count() == 5


def test_import_reads_an_xlsx_workbook(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(small_workbook(), path)

    call_command("workbook_import", str(path), stdout=StringIO())

    assert Trajectory.objects.get().slug == "leiders-2021"


def test_import_prints_every_problem_and_writes_nothing(bad_folder):
    err = StringIO()
    before = table_counts()

    with pytest.raises(CommandError, match="2 problems; nothing was imported"):
        call_command("workbook_import", str(bad_folder), stderr=err)

    assert err.getvalue().splitlines() == [
        "people, 3, school_id: unknown school 'S999'",
        "sessions, 4, cancel_reason: a cancelled session needs a reason",
    ]
    assert table_counts() == before


def test_export_writes_the_trajectory(world, tmp_path):
    out = StringIO()

    call_command("workbook_export", str(tmp_path / "t.xlsx"), trajectory="traject", stdout=out)

    assert read_workbook(tmp_path / "t.xlsx")["trajectory"].rows[0]["slug"] == "traject"
    assert out.getvalue().startswith(f"{tmp_path / 't.xlsx'}: trajectory 'traject'")


def test_export_rejects_an_unknown_trajectory(world, tmp_path):
    with pytest.raises(CommandError, match=r"unknown trajectory 'nope' \(known: traject\)"):
        call_command("workbook_export", str(tmp_path / "out"), trajectory="nope")


@cli_test
def test_the_cli_imports_and_exports(folder, tmp_path, capsys):
    assert main(["import", str(folder)]) == 0
    assert "attendance: 4 created" in capsys.readouterr().out

    assert main(["export", str(tmp_path / "out"), "--trajectory", "leiders-2021"]) == 0
    exported = read_workbook(tmp_path / "out")
    people = sorted(read_workbook(folder)["people"].rows, key=lambda row: row["person_id"])
    assert exported["people"].rows == people
    assert len(exported["attendance"].rows) == 4


@cli_test
def test_the_cli_exits_with_1_and_lists_the_problems_of_a_bad_workbook(bad_folder, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", str(bad_folder)])

    assert exited.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "people, 3, school_id: unknown school 'S999'",
        "sessions, 4, cancel_reason: a cancelled session needs a reason",
        f"CommandError: {bad_folder}: 2 problems; nothing was imported.",
    ]


@cli_test
def test_the_cli_names_a_path_it_cannot_read(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", str(tmp_path / "nothing.xlsx")])

    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        f"CommandError: {tmp_path / 'nothing.xlsx'}: no such file or folder\n"
    )


@cli_test
def test_the_cli_rejects_an_unknown_trajectory(capsys, tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["export", str(tmp_path / "out.xlsx"), "--trajectory", "nope"])

    assert exited.value.code == 1
    assert "unknown trajectory 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "out.xlsx").exists()


def test_import_refuses_a_workbook_with_too_many_shared_strings(tmp_path, settings):
    settings.SPREADSHEET_MAX_SHARED_STRINGS = 10
    path = xlsx_file(
        tmp_path / "strings.xlsx",
        row(1, '<c r="A1" t="s"><v>0</v></c>'),
        title="trajectory",
        shared_strings=shared_strings_xml(str(n) for n in range(11)),
    )

    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("workbook_import", str(path), stdout=StringIO())

    assert str(raised.value) == (
        f"{path}: more than 10 different texts (shared strings) in the file"
    )
