"""A workbook with problems: every problem is listed as `sheet, row, column: message`."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from openpyxl import load_workbook

from leadtogether.interchange.importer import Problem, WorkbookInvalid, workbook_import
from leadtogether.interchange.importer import writer as writer_module
from leadtogether.interchange.workbook import Sheet, read_workbook, write_workbook
from leadtogether.registry.models import Person
from leadtogether.trajectories.models import PLG
from tests import factories
from tests.interchange.conftest import cells, problems_of, small_workbook, table_counts

pytestmark = pytest.mark.django_db


def test_a_problem_reads_sheet_row_column_message():
    assert str(Problem("people", 14, "school_id", "unknown school 'S999'")) == (
        "people, 14, school_id: unknown school 'S999'"
    )
    assert str(Problem("trajectory", 3, "", "remove this row")) == "trajectory, 3: remove this row"
    assert str(Problem("trajectory", 0, "", "the sheet is missing")) == (
        "trajectory: the sheet is missing"
    )


def test_it_rejects_an_unknown_school(workbook):
    cells(workbook, "people", 3)["school_id"] = "S999"

    assert problems_of(workbook) == ["people, 3, school_id: unknown school 'S999'"]


def test_it_rejects_an_unknown_school_of_a_partnership(workbook):
    cells(workbook, "partnerships", 3)["school_ids"] = "S5;S6"

    assert problems_of(workbook) == ["partnerships, 3, school_ids: unknown school 'S6'"]


def test_it_rejects_an_unknown_level(workbook):
    cells(workbook, "schools", 4)["level"] = "tertiary"

    assert problems_of(workbook) == [
        "schools, 4, level: unknown level 'tertiary' (allowed: primary, secondary)"
    ]


def test_it_rejects_an_unknown_form(workbook):
    cells(workbook, "partnerships", 2)["form"] = "C"

    assert problems_of(workbook) == ["partnerships, 2, form: unknown form 'C' (allowed: A, A+, B)"]


def test_it_rejects_an_unknown_function_category(workbook):
    cells(workbook, "people", 2)["function_category"] = "teacher"

    assert problems_of(workbook) == [
        "people, 2, function_category: unknown function category 'teacher' "
        "(allowed: management, middle)"
    ]


def test_it_rejects_an_unknown_kind_of_session(workbook):
    cells(workbook, "sessions", 2)["kind"] = "webinar"

    assert problems_of(workbook) == [
        "sessions, 2, kind: unknown kind 'webinar' (allowed: training_day, plg_meeting, coaching)"
    ]


def test_it_rejects_an_unknown_status(workbook):
    cells(workbook, "sessions", 3)["status"] = "done"

    assert problems_of(workbook) == [
        "sessions, 3, status: unknown status 'done' (allowed: planned, held, cancelled)"
    ]


def test_it_rejects_an_unknown_attendance(workbook):
    cells(workbook, "attendance", 2)["attendance"] = "late"

    assert problems_of(workbook) == [
        "attendance, 2, attendance: unknown attendance 'late' (allowed: present, absent, excused)"
    ]


def test_it_rejects_a_consent_other_than_yes_or_no(workbook):
    cells(workbook, "enrolments", 2)["research_consent"] = "maybe"

    assert problems_of(workbook) == [
        "enrolments, 2, research_consent: unknown research consent 'maybe' (allowed: yes, no)"
    ]


def test_it_rejects_a_duplicate_id(workbook):
    workbook["schools"].rows.append(dict(cells(workbook, "schools", 3), name="Other school"))

    assert problems_of(workbook) == [
        "schools, 7, school_id: duplicate school_id 'S2' (also on row 3)"
    ]


def test_it_rejects_a_duplicate_session_id(workbook):
    cells(workbook, "sessions", 5)["session_id"] = "M1"

    assert problems_of(workbook) == [
        "sessions, 5, session_id: duplicate session_id 'M1' (also on row 3)"
    ]


def test_it_rejects_a_person_enrolled_twice(workbook):
    workbook["enrolments"].rows.append({"person_id": "P1", "research_consent": "no"})

    assert problems_of(workbook) == [
        "enrolments, 8, person_id: duplicate person_id 'P1' (also on row 2)"
    ]


def test_it_rejects_attendance_given_twice(workbook):
    cells(workbook, "attendance", 4)["person_id"] = "P1"

    assert problems_of(workbook) == [
        "attendance, 4, person_id: person 'P1' is listed twice for session 'M1' (also on row 3)"
    ]


def test_it_rejects_a_missing_column(workbook):
    workbook["people"].columns.remove("email")
    for row in workbook["people"].rows:
        del row["email"]

    assert problems_of(workbook) == ["people, 1, email: missing column"]


def test_it_rejects_a_missing_id_column_without_a_cascade_of_unknown_ids(workbook):
    workbook["schools"].columns.remove("school_id")

    assert problems_of(workbook) == ["schools, 1, school_id: missing column"]


def test_it_rejects_a_missing_trajectory_sheet(workbook):
    del workbook["trajectory"]

    assert problems_of(workbook) == ["trajectory: the sheet is missing"]


def test_it_rejects_a_trajectory_sheet_without_rows(workbook):
    workbook["trajectory"].rows = []

    assert problems_of(workbook) == ["trajectory: the sheet needs one row, with the trajectory"]


def test_it_rejects_a_second_trajectory(workbook):
    workbook["trajectory"].rows.append(dict(cells(workbook, "trajectory", 2), slug="other"))

    assert problems_of(workbook) == [
        "trajectory, 3: a workbook holds one trajectory; remove this row"
    ]


def test_it_rejects_a_missing_required_value(workbook):
    cells(workbook, "people", 4)["last_name"] = None
    cells(workbook, "sessions", 2)["starts_at"] = "  "

    assert problems_of(workbook) == [
        "people, 4, last_name: a value is required",
        "sessions, 2, starts_at: a value is required",
    ]


def test_it_rejects_a_wrong_date(workbook):
    cells(workbook, "trajectory", 2)["start"] = "01/09/2021"

    assert problems_of(workbook) == [
        "trajectory, 2, start: '01/09/2021' is not a date (use YYYY-MM-DD)"
    ]


def test_it_rejects_a_date_that_does_not_exist(workbook):
    cells(workbook, "trajectory", 2)["end"] = "2023-02-30"

    assert problems_of(workbook) == [
        "trajectory, 2, end: '2023-02-30' is not a date (use YYYY-MM-DD)"
    ]


def test_it_rejects_a_wrong_date_and_time(workbook):
    cells(workbook, "sessions", 3)["starts_at"] = "2021-10-19"

    assert problems_of(workbook) == [
        "sessions, 3, starts_at: '2021-10-19' is not a date and time (use YYYY-MM-DD HH:MM)"
    ]


def test_it_rejects_a_time_skipped_when_the_clocks_go_forward(workbook):
    cells(workbook, "sessions", 3)["starts_at"] = "2022-03-27 02:30"

    assert problems_of(workbook) == [
        "sessions, 3, starts_at: 2022-03-27 02:30 does not exist in local time "
        "(the clocks go forward)"
    ]


def test_row_numbers_count_blank_rows(workbook):
    workbook["people"].rows.insert(1, dict.fromkeys(workbook["people"].columns))
    cells(workbook, "people", 4)["school_id"] = "S999"

    assert problems_of(workbook) == ["people, 4, school_id: unknown school 'S999'"]


def test_it_rejects_dates_out_of_order(workbook):
    cells(workbook, "trajectory", 2)["follow_up_end"] = "2023-06-30"

    assert problems_of(workbook) == ["trajectory, 2, follow_up_end: must be after end (2023-08-31)"]


def test_it_rejects_a_norm_that_is_not_a_whole_number(workbook):
    workbook["trajectory"].columns.append("training_days_per_year")
    cells(workbook, "trajectory", 2)["training_days_per_year"] = "four"

    assert problems_of(workbook) == [
        "trajectory, 2, training_days_per_year: 'four' is not a whole number"
    ]


def test_it_rejects_a_learning_level_outside_1_to_4(workbook):
    cells(workbook, "partnerships", 2)["learning_level"] = "5"

    assert problems_of(workbook) == [
        "partnerships, 2, learning_level: the learning level is 1, 2, 3 or 4, not 5"
    ]


def test_it_rejects_a_participation_for_form_b(workbook):
    cells(workbook, "partnerships", 3)["participation"] = "full"

    assert problems_of(workbook) == [
        "partnerships, 3, participation: form B has no participation; leave it empty"
    ]


def test_it_rejects_form_a_without_participation(workbook):
    cells(workbook, "partnerships", 2)["participation"] = None

    assert problems_of(workbook) == [
        "partnerships, 2, participation: form A needs a participation (partial or full)"
    ]


def test_it_rejects_a_cancelled_session_without_reason(workbook):
    cells(workbook, "sessions", 4)["cancel_reason"] = None

    assert problems_of(workbook) == [
        "sessions, 4, cancel_reason: a cancelled session needs a reason"
    ]


def test_it_rejects_a_plg_meeting_without_plg(workbook):
    cells(workbook, "sessions", 3)["plg_id"] = None

    assert problems_of(workbook) == ["sessions, 3, plg_id: a PLG meeting needs a PLG"]


def test_it_rejects_coaching_without_coachee(workbook):
    cells(workbook, "sessions", 5)["person_id"] = None

    assert problems_of(workbook) == [
        "sessions, 5, person_id: a coaching session needs the coached participant"
    ]


def test_it_rejects_a_session_that_ends_before_it_starts(workbook):
    cells(workbook, "sessions", 2)["ends_at"] = "2021-10-05 08:00"

    assert problems_of(workbook) == ["sessions, 2, ends_at: the session must end after it starts"]


def test_it_rejects_an_unknown_plg_of_a_session(workbook):
    cells(workbook, "sessions", 3)["plg_id"] = "PLG9"

    assert problems_of(workbook) == ["sessions, 3, plg_id: unknown PLG 'PLG9'"]


def test_it_rejects_attendance_of_an_unknown_session(workbook):
    cells(workbook, "attendance", 2)["session_id"] = "T9"

    assert problems_of(workbook) == ["attendance, 2, session_id: unknown session 'T9'"]


def test_it_rejects_a_malformed_email(workbook):
    cells(workbook, "people", 2)["email"] = "an@@school"

    assert problems_of(workbook) == ["people, 2, email: Enter a valid email address"]


def test_it_rejects_an_email_used_by_two_people(workbook):
    cells(workbook, "people", 3)["email"] = "AN@school.example"

    assert problems_of(workbook) == [
        "people, 3, email: e-mail address 'AN@school.example' is also used by person 'P1' (row 2)"
    ]


def test_it_rejects_an_email_of_someone_in_the_database(workbook):
    factories.PersonFactory(ref="Q1", email="an@school.example")

    assert problems_of(workbook) == [
        "people, 2, email: e-mail address 'an@school.example' is already used by person 'Q1'"
    ]


def test_it_accepts_an_email_passed_on_within_the_workbook(workbook):
    factories.PersonFactory(ref="P1", email="bart@school.example")
    factories.PersonFactory(ref="P2", email="an@school.example")
    factories.PersonFactory(ref="P3", email="lies@school.example")

    workbook_import(workbook=workbook)

    emails = Person.objects.filter(ref__in=["P1", "P2", "P5"]).values_list("ref", "email")
    assert sorted(emails) == [
        ("P1", "an@school.example"),
        ("P2", "bart@school.example"),
        ("P5", "lies@school.example"),
    ]


def test_two_plgs_can_swap_their_names(workbook):
    workbook_import(workbook=workbook)
    swapped = small_workbook()
    cells(swapped, "plgs", 2)["name"] = "PLG Gent"
    cells(swapped, "plgs", 3)["name"] = "PLG Brugge"

    workbook_import(workbook=swapped)

    assert PLG.objects.get(ref="PLG1").name == "PLG Gent"


def test_it_rejects_a_too_long_value(workbook):
    cells(workbook, "schools", 2)["school_id"] = "S" * 41
    cells(workbook, "people", 2)["school_id"] = "S" * 41
    cells(workbook, "partnerships", 2)["school_ids"] = "S2;S3;S4"

    assert problems_of(workbook) == [
        "schools, 2, school_id: Ensure this value has at most 40 characters (it has 41)"
    ]


def test_it_rejects_a_member_who_is_not_enrolled(workbook):
    cells(workbook, "plg_members", 3)["person_id"] = "C1"

    assert problems_of(workbook) == [
        "plg_members, 3, person_id: person 'C1' is not enrolled in the trajectory"
    ]


def test_it_rejects_a_person_in_two_plgs(workbook):
    cells(workbook, "plg_members", 5)["person_id"] = "P1"

    assert problems_of(workbook) == [
        "plg_members, 5, person_id: person 'P1' is already a member of PLG 'PLG1' (row 2)"
    ]


def test_it_rejects_a_member_of_a_plg_the_workbook_leaves_alone(workbook):
    workbook_import(workbook=workbook)
    later = {
        "trajectory": small_workbook()["trajectory"],
        "plg_members": Sheet.from_rows("plg_members", [{"plg_id": "PLG2", "person_id": "P1"}]),
    }

    assert problems_of(later) == [
        "plg_members, 2, person_id: person 'P1' is already a member of PLG 'PLG1'"
    ]


def test_it_rejects_a_member_listed_twice(workbook):
    cells(workbook, "plg_members", 3)["person_id"] = "P1"

    assert problems_of(workbook) == [
        "plg_members, 3, person_id: person 'P1' is listed twice for PLG 'PLG1' (also on row 2)"
    ]


def test_it_rejects_two_plgs_with_the_same_name(workbook):
    cells(workbook, "plgs", 3)["name"] = "PLG Brugge"

    assert problems_of(workbook) == ["plgs, 3, name: duplicate name 'PLG Brugge' (also on row 2)"]


def test_it_rejects_the_name_of_another_plg_of_the_trajectory(workbook):
    workbook_import(workbook=workbook)
    later = {
        "trajectory": small_workbook()["trajectory"],
        "plgs": Sheet.from_rows(
            "plgs",
            [
                {
                    "plg_id": "PLG3",
                    "name": "PLG Gent",
                    "partnership_id": "SV2",
                    "coach_person_id": "",
                }
            ],
        ),
    }

    assert problems_of(later) == ["plgs, 2, name: PLG 'PLG2' already has the name 'PLG Gent'"]


def test_it_rejects_a_plg_of_a_partnership_outside_the_trajectory(workbook):
    factories.PartnershipFactory(ref="SV9")
    cells(workbook, "plgs", 3)["partnership_id"] = "SV9"

    assert problems_of(workbook) == [
        "plgs, 3, partnership_id: partnership 'SV9' is not in this trajectory; "
        "list it on the sheet partnerships"
    ]


def test_it_lists_every_problem_of_a_workbook(workbook):
    cells(workbook, "trajectory", 2)["start"] = "1 September"
    cells(workbook, "schools", 3)["level"] = "kindergarten"
    cells(workbook, "people", 2)["school_id"] = "S999"
    cells(workbook, "people", 5)["email"] = "not an address"
    cells(workbook, "enrolments", 3)["person_id"] = "P42"
    cells(workbook, "plgs", 2)["partnership_id"] = "SV7"
    cells(workbook, "sessions", 4)["status"] = "cancelled"
    cells(workbook, "sessions", 4)["cancel_reason"] = None
    cells(workbook, "attendance", 5)["person_id"] = "P77"
    workbook["plg_members"].columns.remove("plg_id")

    assert problems_of(workbook) == [
        "trajectory, 2, start: '1 September' is not a date (use YYYY-MM-DD)",
        "schools, 3, level: unknown level 'kindergarten' (allowed: primary, secondary)",
        "people, 2, school_id: unknown school 'S999'",
        "people, 5, email: Enter a valid email address",
        "enrolments, 3, person_id: unknown person 'P42'",
        "plgs, 2, partnership_id: unknown partnership 'SV7'",
        "plg_members, 1, plg_id: missing column",
        "sessions, 4, cancel_reason: a cancelled session needs a reason",
        "attendance, 5, person_id: unknown person 'P77'",
    ]


def test_a_failing_write_is_rolled_back_and_reported(workbook, monkeypatch):
    def fail(self):
        raise IntegrityError("UNIQUE constraint failed: trajectories_session.ref")

    monkeypatch.setattr(writer_module.Writer, "sessions", fail)
    before = table_counts()

    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(workbook=workbook)

    assert [str(problem) for problem in raised.value.problems] == [
        "sessions: could not be saved: UNIQUE constraint failed: trajectories_session.ref"
    ]
    assert table_counts() == before


def test_a_cell_holding_a_formula_without_its_value_says_so(workbook, tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(workbook, path)
    book = load_workbook(path)
    book["people"]["C4"] = '=PROPER("maes")'
    book["people"]["E4"] = "=VLOOKUP(A4,schools!A:B,1,FALSE)"
    book.save(path)

    assert problems_of(read_workbook(path)) == [
        'people, 4, last_name: holds a formula (=PROPER("maes")); enter the value itself',
        "people, 4, school_id: holds a formula (=VLOOKUP(A4,schools!A:B,1,FALSE)); "
        "enter the value itself",
    ]
