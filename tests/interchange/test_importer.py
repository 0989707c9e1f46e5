"""Importing a valid workbook: what it creates, and what importing it again changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from leadtogether.accounts.models import AuditEntry
from leadtogether.interchange.importer import workbook_import
from leadtogether.interchange.workbook import Sheet
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)
from tests import factories
from tests.interchange.conftest import cells, small_workbook, table_counts

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_it_imports_a_full_workbook(workbook):
    summary = workbook_import(workbook=workbook)

    counts = {sheet: count.created for sheet, count in summary.counts.items()}
    assert counts == {
        "trajectory": 1,
        "schools": 5,
        "partnerships": 2,
        "people": 7,
        "enrolments": 6,
        "plgs": 2,
        "plg_members": 5,
        "sessions": 4,
        "attendance": 4,
        "roles": 4,
    }
    trajectory = Trajectory.objects.get()
    assert trajectory.slug == "leiders-2021"
    assert trajectory.end == dt.date(2023, 8, 31)
    assert sorted(trajectory.partnerships.values_list("ref", flat=True)) == ["SV1", "SV2"]
    assert School.objects.get(ref="S5").level == "secondary"
    assert School.objects.get(ref="S4").network == ""
    sv1 = Partnership.objects.get(ref="SV1")
    assert (sv1.form, sv1.participation, sv1.learning_level) == ("A", "full", 2)
    assert sorted(sv1.schools.values_list("ref", flat=True)) == ["S1", "S2", "S3", "S4"]
    sv2 = Partnership.objects.get(ref="SV2")
    assert (sv2.participation, sv2.learning_level) == ("", None)
    p3 = Person.objects.get(ref="P3")
    assert (p3.email, p3.school.ref, p3.function_category) == ("els@school.example", "S3", "middle")
    assert Person.objects.get(ref="C1").school is None
    assert not Enrolment.objects.get(person__ref="P3").research_consent
    plg = PLG.objects.get(ref="PLG1")
    assert (plg.name, plg.partnership.ref, plg.coach.ref) == ("PLG Brugge", "SV1", "C1")
    assert sorted(plg.members.values_list("ref", flat=True)) == ["P1", "P2", "P3"]
    assert PLG.objects.get(ref="PLG2").coach is None
    training_day = Session.objects.get(ref="T1")
    assert (training_day.title, training_day.location) == ("Opleidingsdag 1", "Brussel")
    cancelled = Session.objects.get(ref="M2")
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "coach ziek")
    assert Attendance.objects.get(session__ref="M1", person__ref="P2").status == "absent"


def test_it_reads_times_in_the_local_time_zone(workbook):
    workbook_import(workbook=workbook)

    training_day = Session.objects.get(ref="T1")
    assert training_day.starts_at == dt.datetime(2021, 10, 5, 9, 0, tzinfo=BRUSSELS)
    assert training_day.ends_at == dt.datetime(2021, 10, 5, 16, 0, tzinfo=BRUSSELS)
    # a T between date and time, and seconds, are accepted too
    meeting = Session.objects.get(ref="M2")
    assert meeting.starts_at == dt.datetime(2021, 10, 20, 13, 30, tzinfo=BRUSSELS)


def test_it_accepts_date_and_datetime_cells(workbook):
    cells(workbook, "trajectory", 2)["start"] = dt.date(2021, 9, 1)
    cells(workbook, "trajectory", 2)["end"] = dt.datetime(2023, 8, 31)
    cells(workbook, "sessions", 2)["starts_at"] = dt.datetime(2021, 10, 5, 9, 15)

    workbook_import(workbook=workbook)

    assert Trajectory.objects.get().end == dt.date(2023, 8, 31)
    starts_at = Session.objects.get(ref="T1").starts_at
    assert starts_at == dt.datetime(2021, 10, 5, 9, 15, tzinfo=BRUSSELS)


def test_it_fills_in_the_defaults_of_the_trajectory(workbook):
    workbook_import(workbook=workbook)

    trajectory = Trajectory.objects.get()
    assert trajectory.year_one_end == dt.date(2022, 8, 31)
    assert trajectory.training_days_per_year == 4
    assert trajectory.target_schools_per_plg == 8


def test_it_reads_the_optional_trajectory_columns(workbook):
    sheet = workbook["trajectory"]
    sheet.columns += ["year_one_end", "max_coaching_sessions", "target_schools_per_plg"]
    sheet.rows[0].update(
        year_one_end="2022-06-30", max_coaching_sessions="2", target_schools_per_plg=None
    )

    workbook_import(workbook=workbook)

    trajectory = Trajectory.objects.get()
    assert trajectory.year_one_end == dt.date(2022, 6, 30)
    assert trajectory.max_coaching_sessions == 2
    assert trajectory.target_schools_per_plg == 8


def test_it_gives_a_coaching_session_the_plg_of_the_coachee(workbook):
    workbook_import(workbook=workbook)

    assert Session.objects.get(ref="K1").plg.ref == "PLG1"


def test_it_matches_values_regardless_of_case(workbook):
    cells(workbook, "schools", 2)["level"] = "Primary"
    cells(workbook, "partnerships", 2)["form"] = "a"
    cells(workbook, "enrolments", 2)["research_consent"] = "YES"

    workbook_import(workbook=workbook)

    assert School.objects.get(ref="S1").level == "primary"
    assert Partnership.objects.get(ref="SV1").form == "A"
    assert Enrolment.objects.get(person__ref="P1").research_consent


def test_importing_again_changes_nothing(workbook):
    workbook_import(workbook=workbook)
    before = table_counts()

    summary = workbook_import(workbook=small_workbook())

    assert all(count.created == count.updated == 0 for count in summary.counts.values())
    assert summary.counts["attendance"].unchanged == 4
    after = table_counts()
    assert after.pop("audit entries") == before.pop("audit entries") + 1
    assert after == before


def test_importing_again_updates_records_by_id(workbook):
    workbook_import(workbook=workbook)
    changed = small_workbook()
    cells(changed, "schools", 2)["name"] = "De Linde (vernieuwd)"
    cells(changed, "people", 3)["email"] = "bart.claes@school.example"
    cells(changed, "enrolments", 4)["research_consent"] = "yes"
    cells(changed, "sessions", 3)["status"] = "planned"
    cells(changed, "attendance", 4)["attendance"] = "present"
    before = table_counts()

    summary = workbook_import(workbook=changed)

    assert School.objects.get(ref="S1").name == "De Linde (vernieuwd)"
    assert Person.objects.get(ref="P2").email == "bart.claes@school.example"
    assert Enrolment.objects.get(person__ref="P3").research_consent
    assert Session.objects.get(ref="M1").status == "planned"
    assert Attendance.objects.get(session__ref="M1", person__ref="P2").status == "present"
    assert summary.counts["schools"].updated == 1
    assert summary.counts["schools"].unchanged == 4
    after = table_counts()
    assert after.pop("audit entries") == before.pop("audit entries") + 1
    assert after == before


def test_it_sets_the_members_of_each_plg_to_those_listed(workbook):
    workbook_import(workbook=workbook)
    changed = small_workbook()
    changed["plg_members"].rows = [
        {"plg_id": "PLG1", "person_id": "P1"},
        {"plg_id": "PLG1", "person_id": "P6"},
        {"plg_id": "PLG2", "person_id": "P2"},
    ]

    summary = workbook_import(workbook=changed)

    members = PLGMembership.objects.values_list("plg__ref", "person__ref")
    assert sorted(members) == [("PLG1", "P1"), ("PLG1", "P6"), ("PLG2", "P2")]
    count = summary.counts["plg_members"]
    assert (count.created, count.removed, count.unchanged) == (2, 4, 1)


def test_it_sets_the_schools_of_each_partnership_to_those_listed(workbook):
    workbook_import(workbook=workbook)
    changed = small_workbook()
    cells(changed, "partnerships", 2)["school_ids"] = "S1; S2;S5"

    summary = workbook_import(workbook=changed)

    schools = Partnership.objects.get(ref="SV1").schools.values_list("ref", flat=True)
    assert sorted(schools) == ["S1", "S2", "S5"]
    assert summary.counts["partnerships"].updated == 1


def test_it_never_deletes_records_left_out(workbook):
    workbook_import(workbook=workbook)
    smaller = small_workbook()
    for name in ("schools", "people", "enrolments", "sessions", "attendance"):
        smaller[name].rows = smaller[name].rows[:1]
    del smaller["partnerships"]

    workbook_import(workbook=smaller)

    assert School.objects.count() == 5
    assert Person.objects.count() == 7
    assert Enrolment.objects.count() == 6
    assert Session.objects.count() == 4
    assert Attendance.objects.count() == 4
    assert Trajectory.objects.get().partnerships.count() == 2


def test_it_leaves_fields_of_absent_optional_columns_as_they_are(workbook):
    workbook_import(workbook=workbook)
    without = small_workbook()
    sessions = without["sessions"]
    sessions.columns = sessions.columns[:7]
    for row in sessions.rows:
        for column in ("ends_at", "title", "location"):
            del row[column]

    workbook_import(workbook=without)

    assert Session.objects.get(ref="T1").title == "Opleidingsdag 1"


def test_it_refers_to_records_already_in_the_database(workbook):
    workbook_import(workbook=workbook)
    newcomer = factories.PersonFactory(ref="P99", school=School.objects.get(ref="S1"))
    later = {
        "trajectory": workbook["trajectory"],
        "enrolments": Sheet.from_rows(
            "enrolments", [{"person_id": "P99", "research_consent": "no"}]
        ),
        "plg_members": Sheet.from_rows("plg_members", [{"plg_id": "PLG2", "person_id": "P99"}]),
    }

    workbook_import(workbook=later)

    assert Enrolment.objects.filter(person=newcomer).exists()
    assert list(PLG.objects.get(ref="PLG2").members.all()) == [newcomer]
    # the PLG not listed keeps its members
    assert PLG.objects.get(ref="PLG1").members.count() == 3


def test_it_writes_one_audit_entry(workbook):
    workbook_import(workbook=workbook)

    entry = AuditEntry.objects.get()
    assert entry.action == "workbook_import"
    assert entry.object_type == "trajectories.trajectory"
    assert entry.object_id == str(Trajectory.objects.get().pk)
    assert entry.detail["people"] == {"created": 7, "updated": 0, "unchanged": 0, "removed": 0}


def test_the_summary_has_a_line_per_sheet(workbook):
    summary = workbook_import(workbook=workbook)

    assert summary.lines()[:2] == [
        "trajectory: 1 created, 0 updated, 0 unchanged",
        "schools: 5 created, 0 updated, 0 unchanged",
    ]
    assert len(summary.lines()) == 10


def _large_workbook(people: int) -> dict[str, Sheet]:
    workbook = small_workbook()
    refs = [f"X{n}" for n in range(people)]
    workbook["people"].rows += [
        {"person_id": ref, "first_name": "Kim", "last_name": ref, "school_id": "S1"} for ref in refs
    ]
    workbook["enrolments"].rows += [{"person_id": ref, "research_consent": "yes"} for ref in refs]
    workbook["sessions"].rows += [
        {
            "session_id": f"K{ref}",
            "kind": "coaching",
            "person_id": ref,
            "starts_at": "2022-01-10 10:00",
            "status": "held",
        }
        for ref in refs
    ]
    workbook["attendance"].rows += [
        {"session_id": f"K{ref}", "person_id": ref, "attendance": "present"} for ref in refs
    ]
    return workbook


def test_it_does_not_query_per_row(
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(45):
        workbook_import(workbook=_large_workbook(300))
    with django_assert_max_num_queries(45):
        workbook_import(workbook=_large_workbook(300))
