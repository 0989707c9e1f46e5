"""Export, import into an empty database, export again: the same workbook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from leadtogether.interchange.exporter import workbook_export
from leadtogether.interchange.importer import workbook_import
from leadtogether.interchange.workbook import read_workbook, write_workbook
from leadtogether.registry.models import Partnership
from leadtogether.trajectories.models import Attendance, Session, Trajectory
from tests import factories
from tests.interchange.conftest import delete_all_records


def _local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def busy_world(world):
    """The world with a partnership of form B, a calendar and attendance."""
    trajectory = world.trajectory
    form_b = factories.PartnershipFactory(
        ref="SV10", form="B", participation="", learning_level=None
    )
    form_b.schools.set([world.member.school, factories.SchoolFactory(level="secondary")])
    trajectory.partnerships.add(form_b)
    world.member.email = ""
    world.member.first_name = "Zoë"
    world.member.save()
    factories.SessionFactory(
        trajectory=trajectory,
        ref="T1",
        title="Opleidingsdag, deel 1",
        location="Brussel",
        starts_at=_local(2021, 10, 5, 9, 0),
        ends_at=_local(2021, 10, 5, 16, 30),
        status=Session.Status.HELD,
    )
    factories.SessionFactory(
        trajectory=trajectory,
        ref="M2",
        kind=Session.Kind.PLG_MEETING,
        plg=world.plg,
        starts_at=_local(2022, 1, 18, 13, 30),
        status=Session.Status.CANCELLED,
        cancel_reason="sneeuw",
    )
    factories.SessionFactory(
        trajectory=trajectory,
        ref="K1",
        kind=Session.Kind.COACHING,
        plg=world.plg,
        person=world.member,
        starts_at=_local(2022, 6, 1, 10, 15, 30),
    )
    world.director.email = "ria@school.example"
    world.director.save()
    pending = factories.UserFactory(username="jan@coach.example", email="Jan@coach.example")
    pending.set_unusable_password()
    pending.save()
    factories.grant(pending, trajectory, "researcher")
    for session in Session.objects.filter(ref__in=["T1", "M2"]):
        for person, status in ((world.member, "present"), (world.other_member, "absent")):
            Attendance.objects.create(session=session, person=person, status=status)
    return world


@pytest.mark.parametrize("name", ["workbook.xlsx", "workbook"])
def test_export_import_export_gives_the_same_workbook(busy_world, tmp_path, name):
    first = tmp_path / "first" / name
    write_workbook(workbook_export(trajectory=busy_world.trajectory), first)
    delete_all_records()
    assert not Partnership.objects.exists()

    workbook_import(workbook=read_workbook(first))
    second = tmp_path / "second" / name
    write_workbook(workbook_export(trajectory=Trajectory.objects.get(slug="traject")), second)

    assert read_workbook(second) == read_workbook(first)
    assert len(read_workbook(second)["attendance"].rows) == 4
    # by the address of their person: the coach and the other PLG's participant; the
    # director and the invited researcher by their own
    assert len(read_workbook(second)["roles"].rows) == 4


def test_the_csv_files_of_a_round_trip_are_identical(busy_world, tmp_path):
    write_workbook(workbook_export(trajectory=busy_world.trajectory), tmp_path / "first")
    delete_all_records()

    workbook_import(workbook=read_workbook(tmp_path / "first"))
    write_workbook(workbook_export(trajectory=Trajectory.objects.get()), tmp_path / "second")

    for file in sorted((tmp_path / "first").iterdir()):
        assert (tmp_path / "second" / file.name).read_text() == file.read_text(), file.name


def test_the_in_memory_workbook_survives_a_round_trip(busy_world):
    exported = workbook_export(trajectory=busy_world.trajectory)
    delete_all_records()

    workbook_import(workbook=exported)

    assert workbook_export(trajectory=Trajectory.objects.get()) == exported


FORMULA_NAMES = {
    "school": '=HYPERLINK("http://x","klik")',
    "plg": "-1+1",
    "first_name": "@SUM(1)",
    "last_name": "'=al een quote",
    "title": "'t Kompas",
}


@pytest.fixture
def formula_world(world):
    """The world with names that a spreadsheet would take for formulas."""
    world.member.school.name = FORMULA_NAMES["school"]
    world.member.school.save()
    world.plg.name = FORMULA_NAMES["plg"]
    world.plg.save()
    world.member.first_name = FORMULA_NAMES["first_name"]
    world.member.last_name = FORMULA_NAMES["last_name"]
    world.member.save()
    factories.SessionFactory(trajectory=world.trajectory, ref="T9", title=FORMULA_NAMES["title"])
    return world


def _names() -> dict[str, str]:
    member = Trajectory.objects.get().enrolments.get(person__first_name__startswith="@").person
    return {
        "school": member.school.name,
        "plg": member.plgs.get().name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "title": Session.objects.get(ref="T9").title,
    }


def test_the_csv_export_quotes_formula_like_names_and_the_import_gives_them_back(
    formula_world, tmp_path
):
    write_workbook(workbook_export(trajectory=formula_world.trajectory), tmp_path / "csv")

    schools = (tmp_path / "csv" / "schools.csv").read_text(encoding="utf-8")
    people = (tmp_path / "csv" / "people.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(""http://x"",""klik"")"' in schools
    assert ",'@SUM(1),''=al een quote," in people
    assert "'t Kompas" in (tmp_path / "csv" / "sessions.csv").read_text(encoding="utf-8")
    delete_all_records()
    workbook_import(workbook=read_workbook(tmp_path / "csv"))
    assert _names() == FORMULA_NAMES


def test_the_xlsx_export_holds_formula_like_names_as_text(formula_world, tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(workbook_export(trajectory=formula_world.trajectory), path)

    book = load_workbook(path)
    assert not [
        cell.coordinate
        for sheet in book.worksheets
        for cells in sheet.iter_rows()
        for cell in cells
        if cell.data_type == "f"
    ]
    delete_all_records()
    workbook_import(workbook=read_workbook(path))
    assert _names() == FORMULA_NAMES
