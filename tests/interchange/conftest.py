"""Small workbooks for the interchange tests, and helpers to compare databases."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from leadtogether.accounts.models import AuditEntry, RoleGrant, User
from leadtogether.interchange.importer import WorkbookInvalid, workbook_import
from leadtogether.interchange.workbook import Sheet, Workbook
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Problem messages in English, whatever the site's default language."""
    with translation.override("en"):
        yield


def _sheet(name: str, columns: str, *rows: str) -> Sheet:
    """A sheet from a header and rows written as comma-separated text."""
    names = columns.split(",")
    records = []
    for row in rows:
        cells = row.split(",")
        assert len(cells) == len(names), row
        records.append({column: cell or None for column, cell in zip(names, cells, strict=True)})
    return Sheet(name=name, columns=names, rows=records)


def small_workbook() -> Workbook:
    """A valid workbook of one trajectory: 5 schools, 2 partnerships, 7 people, 2 PLGs,
    4 roles."""
    sheets = [
        _sheet(
            "trajectory",
            "slug,name,start,end,follow_up_end",
            "leiders-2021,Traject schoolleiders 2021,2021-09-01,2023-08-31,2024-08-31",
        ),
        _sheet(
            "schools",
            "school_id,name,level,network,region",
            "S1,De Linde,primary,GO!,Brugge",
            "S2,De Eik,primary,GO!,Brugge",
            "S3,Het Anker,primary,GO!,Brugge",
            "S4,De Vlinder,primary,,",
            "S5,Sint-Lodewijk,secondary,Katholiek Onderwijs Vlaanderen,Gent",
        ),
        _sheet(
            "partnerships",
            "partnership_id,name,form,participation,learning_level,school_ids",
            "SV1,Scholengemeenschap Brugge,A,full,2,S1;S2;S3;S4",
            "SV2,Netwerk Gent,B,,,S5",
        ),
        _sheet(
            "people",
            "person_id,first_name,last_name,email,school_id,function_title,function_category",
            "P1,An,Peeters,an@school.example,S1,directeur,management",
            "P2,Bart,Claes,bart@school.example,S2,directeur,management",
            "P3,Els,Maes,els@school.example,S3,coördinator,middle",
            "P4,Joris,Jacobs,,S5,directeur,management",
            "P5,Lies,Mertens,lies@school.example,S5,,",
            "P6,Pieter,Willems,pieter@school.example,S4,directeur,management",
            "C1,Sofie,Coach,sofie@academie.example,,PLG-coach,",
        ),
        _sheet(
            "enrolments",
            "person_id,research_consent",
            "P1,yes",
            "P2,yes",
            "P3,no",
            "P4,yes",
            "P5,yes",
            "P6,no",
        ),
        _sheet(
            "plgs",
            "plg_id,name,partnership_id,coach_person_id",
            "PLG1,PLG Brugge,SV1,C1",
            "PLG2,PLG Gent,SV2,",
        ),
        _sheet(
            "plg_members",
            "plg_id,person_id",
            "PLG1,P1",
            "PLG1,P2",
            "PLG1,P3",
            "PLG2,P4",
            "PLG2,P5",
        ),
        _sheet(
            "sessions",
            "session_id,kind,plg_id,person_id,starts_at,status,cancel_reason,ends_at,title,location",
            "T1,training_day,,,2021-10-05 09:00,held,,2021-10-05 16:00,Opleidingsdag 1,Brussel",
            "M1,plg_meeting,PLG1,,2021-10-19 13:30,held,,,,",
            "M2,plg_meeting,PLG2,,2021-10-20T13:30:00,cancelled,coach ziek,,,",
            "K1,coaching,,P1,2021-11-03 10:00,planned,,2021-11-03 11:00,,De Linde",
        ),
        _sheet(
            "attendance",
            "session_id,person_id,attendance",
            "T1,P4,present",
            "M1,P1,present",
            "M1,P2,absent",
            "M1,P3,excused",
        ),
        _sheet(
            "roles",
            "email,role,plg_id,partnership_id",
            "sofie@academie.example,coach,PLG1,",
            "an@school.example,participant,PLG1,",
            "lies@school.example,director,,SV2",
            "org@leiders.example,organiser,,",
        ),
    ]
    return {sheet.name: sheet for sheet in sheets}


@pytest.fixture
def workbook() -> Workbook:
    return small_workbook()


def cells(workbook: Workbook, sheet: str, row: int) -> dict[str, Any]:
    """The cells of spreadsheet row ROW (2 is the first row after the header)."""
    return workbook[sheet].rows[row - 2]


TABLES = {
    "trajectories": Trajectory.objects,
    "trajectory partnerships": Trajectory.partnerships.through.objects,
    "schools": School.objects,
    "partnerships": Partnership.objects,
    "partnership schools": Partnership.schools.through.objects,
    "people": Person.objects,
    "enrolments": Enrolment.objects,
    "plgs": PLG.objects,
    "plg members": PLGMembership.objects,
    "sessions": Session.objects,
    "attendance": Attendance.objects,
    "audit entries": AuditEntry.objects,
    "users": User.objects,
    "role grants": RoleGrant.objects,
}


def table_counts() -> dict[str, int]:
    return {name: manager.count() for name, manager in TABLES.items()}


def problems_of(workbook: Workbook) -> list[str]:
    """The problem lines of importing WORKBOOK, which must write nothing."""
    before = table_counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(workbook=workbook)
    assert table_counts() == before
    return [str(problem) for problem in raised.value.problems]


def delete_all_records() -> None:
    """Empty the domain tables, as in a new database."""
    Trajectory.objects.all().delete()
    AuditEntry.objects.all().delete()
    User.objects.all().delete()
    Person.objects.all().delete()
    Partnership.objects.all().delete()
    School.objects.all().delete()


def copy_workbook(workbook: Workbook) -> Workbook:
    return copy.deepcopy(workbook)
