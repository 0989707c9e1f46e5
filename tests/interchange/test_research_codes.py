"""Pseudonymous research codes travel with the enrolments in the workbook."""

from __future__ import annotations

from leadtogether.interchange.importer import workbook_import
from leadtogether.trajectories.models import Enrolment
from tests.interchange.conftest import problems_of


def _codes() -> dict[str, str]:
    return dict(Enrolment.objects.values_list("person__ref", "research_code"))


def test_it_gives_every_new_enrolment_the_next_code(db, workbook, english):
    workbook_import(workbook=workbook)
    codes = _codes()
    assert sorted(codes.values()) == [f"R{n:03d}" for n in range(1, len(codes) + 1)]


def test_it_keeps_codes_on_reimport(db, workbook, english):
    workbook_import(workbook=workbook)
    before = _codes()
    workbook_import(workbook=workbook)
    assert _codes() == before


def test_it_takes_the_codes_given_in_the_sheet(db, workbook, english):
    sheet = workbook["enrolments"]
    sheet.columns.append("research_code")
    for number, row in enumerate(sheet.rows, start=101):
        row["research_code"] = f"R{number}"
    workbook_import(workbook=workbook)
    assert sorted(_codes().values()) == [f"R{n}" for n in range(101, 101 + len(sheet.rows))]


def test_it_rejects_a_code_used_twice(db, workbook, english):
    sheet = workbook["enrolments"]
    sheet.columns.append("research_code")
    for row in sheet.rows:
        row["research_code"] = "R001"
    problems = problems_of(workbook)
    assert "enrolments, 3, research_code: duplicate research_code 'R001' (also on row 2)" in (
        problems
    )


def test_it_rejects_a_code_of_another_person(db, workbook, english):
    workbook_import(workbook=workbook)
    codes = _codes()
    first, second = sorted(codes)[:2]
    sheet = workbook["enrolments"]
    sheet.columns.append("research_code")
    for row in sheet.rows:
        row["research_code"] = codes[first] if row["person_id"] == second else None
    problems = problems_of(workbook)
    assert any(
        f"research_code: code '{codes[first]}' belongs to person '{first}'" in p for p in problems
    )
