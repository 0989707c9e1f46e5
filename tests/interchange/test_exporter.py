"""Exporting a trajectory as a workbook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leadtogether.interchange.exporter import workbook_export
from leadtogether.interchange.schema import SHEETS
from leadtogether.trajectories.models import Attendance, Session
from tests import factories


def _ids(workbook, sheet, column=None):
    column = column or workbook[sheet].columns[0]
    return [row[column] for row in workbook[sheet].rows]


def test_it_exports_every_sheet_with_every_column(world):
    workbook = workbook_export(trajectory=world.trajectory)

    assert list(workbook) == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        assert workbook[sheet.name].columns == sheet.column_names


def test_it_exports_the_trajectory_row(world):
    workbook = workbook_export(trajectory=world.trajectory)

    assert workbook["trajectory"].rows == [
        {
            "slug": "traject",
            "name": "Traject schoolleiders",
            "start": dt.date(2021, 9, 1),
            "end": dt.date(2023, 8, 31),
            "follow_up_end": dt.date(2024, 8, 31),
            "year_one_end": dt.date(2022, 8, 31),
            "training_days_per_year": 4,
            "plg_meetings_per_year": 4,
            "max_coaching_sessions": 3,
            "min_schools_per_partnership": 4,
            "target_schools_per_plg": 8,
        }
    ]


def test_it_exports_the_records_of_the_world(world):
    plgs = [world.plg, world.other_plg]
    partnerships = [plg.partnership for plg in plgs]
    members = [person for plg in plgs for person in plg.members.all()]
    coaches = [plg.coach for plg in plgs]
    factories.PersonFactory()  # someone outside the trajectory

    workbook = workbook_export(trajectory=world.trajectory)

    assert _ids(workbook, "partnerships") == sorted(p.ref for p in partnerships)
    school_refs = sorted(school.ref for p in partnerships for school in p.schools.all())
    assert _ids(workbook, "schools") == school_refs
    assert _ids(workbook, "people") == sorted(p.ref for p in members + coaches)
    assert _ids(workbook, "enrolments") == sorted(p.ref for p in members)
    assert workbook["plgs"].rows == [
        {
            "plg_id": plg.ref,
            "name": plg.name,
            "partnership_id": plg.partnership.ref,
            "coach_person_id": plg.coach.ref,
        }
        for plg in plgs
    ]
    pairs = [(row["plg_id"], row["person_id"]) for row in workbook["plg_members"].rows]
    assert pairs == sorted((plg.ref, person.ref) for plg in plgs for person in plg.members.all())
    first = workbook["partnerships"].rows[0]
    assert first["school_ids"] == ";".join(s.ref for s in partnerships[0].schools.order_by("ref"))
    assert (first["form"], first["participation"], first["learning_level"]) == ("A", "full", 2)
    coach = next(row for row in workbook["people"].rows if row["person_id"] == coaches[0].ref)
    assert (coach["school_id"], coach["function_category"]) == (None, None)
    assert workbook["enrolments"].rows[0]["research_consent"] == "yes"


def test_it_exports_sessions_in_local_time(world):
    starts_at = timezone.make_aware(dt.datetime(2022, 3, 1, 13, 30))
    session = factories.SessionFactory(
        trajectory=world.trajectory,
        ref="M1",
        kind=Session.Kind.PLG_MEETING,
        plg=world.plg,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        status=Session.Status.CANCELLED,
        cancel_reason="staking",
    )
    Attendance.objects.create(session=session, person=world.member, status="excused")

    workbook = workbook_export(trajectory=world.trajectory)

    assert workbook["sessions"].rows == [
        {
            "session_id": "M1",
            "kind": "plg_meeting",
            "plg_id": world.plg.ref,
            "person_id": None,
            "starts_at": dt.datetime(2022, 3, 1, 13, 30),
            "status": "cancelled",
            "cancel_reason": "staking",
            "ends_at": dt.datetime(2022, 3, 1, 15, 30),
            "title": None,
            "location": None,
        }
    ]
    assert workbook["attendance"].rows == [
        {"session_id": "M1", "person_id": world.member.ref, "attendance": "excused"}
    ]


def test_it_sorts_ids_naturally(world):
    for ref in ("T10", "T2", "T1"):
        factories.SessionFactory(trajectory=world.trajectory, ref=ref)

    workbook = workbook_export(trajectory=world.trajectory)

    assert _ids(workbook, "sessions") == ["T1", "T2", "T10"]


@pytest.mark.django_db
def test_it_exports_an_empty_trajectory():
    trajectory = factories.TrajectoryFactory(slug="leeg")

    workbook = workbook_export(trajectory=trajectory)

    assert len(workbook["trajectory"].rows) == 1
    assert all(not workbook[sheet.name].rows for sheet in SHEETS[1:])


def test_the_number_of_queries_does_not_depend_on_the_size(world, django_assert_max_num_queries):
    for ref in range(30):
        factories.SessionFactory(trajectory=world.trajectory, ref=f"T{ref}")

    with django_assert_max_num_queries(12):
        workbook_export(trajectory=world.trajectory)
