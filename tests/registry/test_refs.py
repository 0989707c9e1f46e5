"""Refs (school_id, partnership_id, person_id, plg_id, session_id) are one URL-safe
pattern wherever they are made: on a page, in a workbook or by a service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leadtogether.demo import dataset
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.registry.services import person_create, school_create
from leadtogether.registry.validators import validate_ref
from leadtogether.trajectories.models import PLG, Session
from leadtogether.trajectories.services import plg_create, session_create
from tests.interchange.conftest import cells, problems_of, small_workbook
from tests.registry.test_views import client_for, url

VALID = ["S1", "PLG-7F3A9C", "CO-P001-1", "a.b_c-d", "0", "R2D2.v1", "x" * 40]
INVALID = [
    "a/b",
    "a b",
    "a?b",
    "a#b",
    "a%2Fb",
    "a\\b",
    "..",
    ".hidden",
    "-S1",
    "_S1",
    "école",
    "S1\n",
    "new",
]
REF_MODELS = [School, Partnership, Person, PLG, Session]


@pytest.mark.parametrize("ref", VALID)
def test_it_accepts_a_url_safe_ref(ref):
    validate_ref(ref)

    assert reverse("registry:school-detail", kwargs={"slug": "t", "school_ref": ref})


@pytest.mark.parametrize("ref", INVALID)
def test_it_refuses_a_ref_that_is_not_url_safe(ref):
    with pytest.raises(ValidationError) as raised:
        validate_ref(ref)

    assert raised.value.code == "invalid_ref"


@pytest.mark.parametrize("model", REF_MODELS)
def test_every_ref_field_checks_the_pattern_and_the_length(model):
    field = model._meta.get_field("ref")

    assert validate_ref in field.validators
    assert field.max_length == 40


def test_every_demo_ref_is_valid():
    refs = [
        *(school.ref for school in dataset.SCHOOLS),
        *(partnership.ref for partnership in dataset.PARTNERSHIPS),
        *(person.ref for person in dataset.PEOPLE),
        *(plg.ref for plg in dataset.PLGS),
    ]
    for ref in refs:
        validate_ref(ref)


def test_every_demo_session_ref_is_valid():
    for session in dataset.sessions():
        validate_ref(session.ref)


# --- services ----------------------------------------------------------------------------


def test_a_service_refuses_a_school_ref_with_a_slash(world):
    with pytest.raises(ValidationError) as raised:
        school_create(actor=None, name="Schuin", level="primary", ref="S/1")

    assert "ref" in raised.value.message_dict
    assert not School.objects.filter(name="Schuin").exists()


def test_a_service_refuses_a_person_ref_with_a_space(world):
    with pytest.raises(ValidationError) as raised:
        person_create(actor=None, first_name="A", last_name="B", ref="P 1")

    assert "ref" in raised.value.message_dict
    assert not Person.objects.filter(ref="P 1").exists()


def test_a_service_refuses_a_plg_ref_with_a_slash(world):
    with pytest.raises(ValidationError) as raised:
        plg_create(
            actor=None,
            trajectory=world.trajectory,
            name="Schuine groep",
            partnership=world.plg.partnership,
            ref="PLG/9",
        )

    assert "ref" in raised.value.message_dict
    assert not PLG.objects.filter(name="Schuine groep").exists()


def test_a_service_refuses_a_session_ref_with_a_question_mark(world):
    with pytest.raises(ValidationError) as raised:
        session_create(
            actor=None,
            trajectory=world.trajectory,
            kind=Session.Kind.TRAINING_DAY,
            starts_at=timezone.make_aware(dt.datetime(2021, 10, 5, 9, 0)),
            ref="T?1",
        )

    assert "ref" in raised.value.message_dict
    assert not Session.objects.filter(ref="T?1").exists()


# --- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "data", "model"),
    [
        ("school-create", {"name": "Schuin", "level": "primary"}, School),
        ("partnership-create", {"name": "Schuin", "form": "B", "participation": ""}, Partnership),
        ("person-create", {"first_name": "Schuin", "last_name": "X", "enrol": "on"}, Person),
    ],
)
def test_a_page_shows_a_ref_with_a_slash_as_a_form_error(world, page, data, model):
    response = client_for(world.organiser).post(url(page, world), {"ref": "X/1", **data})

    assert response.status_code == 200
    assert "ref" in response.context["form"].errors
    assert not model.objects.filter(ref="X/1").exists()


def test_the_school_list_still_opens_after_a_refused_ref(world):
    client = client_for(world.organiser)
    client.post(url("school-create", world), {"ref": "S/1", "name": "Schuin", "level": "primary"})

    assert client.get(url("school-list", world)).status_code == 200


# --- workbook import ---------------------------------------------------------------------


def _rename(workbook, sheet: str, column: str, old: str, new: str) -> None:
    for row in workbook[sheet].rows:
        if row.get(column) == old:
            row[column] = new


def test_the_import_names_a_school_id_with_a_slash(db):
    workbook = small_workbook()
    cells(workbook, "schools", 5)["school_id"] = "S/4"
    cells(workbook, "partnerships", 2)["school_ids"] = "S1;S2;S3;S/4"
    _rename(workbook, "people", "school_id", "S4", "S/4")

    problems = problems_of(workbook)

    assert len(problems) == 1
    assert problems[0].startswith("schools, 5, school_id: ")


@pytest.mark.parametrize(
    ("sheet", "row", "column", "old", "new", "elsewhere"),
    [
        ("partnerships", 3, "partnership_id", "SV2", "SV 2",
         [("plgs", "partnership_id"), ("roles", "partnership_id")]),
        (
            "people",
            2,
            "person_id",
            "P1",
            "P#1",
            [("enrolments", "person_id"), ("plg_members", "person_id"), ("sessions", "person_id"),
             ("attendance", "person_id")],
        ),
        ("plgs", 3, "plg_id", "PLG2", "PLG/2", [("plg_members", "plg_id"), ("sessions", "plg_id")]),
        ("sessions", 3, "session_id", "M1", "M?1", [("attendance", "session_id")]),
    ],
)  # fmt: skip
def test_the_import_names_an_id_that_is_not_url_safe(db, sheet, row, column, old, new, elsewhere):
    workbook = small_workbook()
    cells(workbook, sheet, row)[column] = new
    for other_sheet, other_column in elsewhere:
        _rename(workbook, other_sheet, other_column, old, new)

    problems = problems_of(workbook)

    assert len(problems) == 1
    assert problems[0].startswith(f"{sheet}, {row}, {column}: ")
