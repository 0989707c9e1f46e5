"""A record stored by another request between a service's checks and its own write
meets a unique constraint: the service says so as a ValidationError (shown on the form),
never an IntegrityError (a server error).

(The simulated other request writes inside the service's transaction, so its record
goes when the service rolls back; that nothing is half-written shows in the audit log.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.lib.db import save_unique
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.registry.services import partnership_create, person_create, school_create
from leadtogether.surveys.models import Instrument, MeasurementMoment, Question
from leadtogether.surveys.services.instruments import instrument_create, question_add
from leadtogether.surveys.services.moments import moment_create
from leadtogether.surveys.services.questions import QuestionFields
from leadtogether.trajectories.models import PLG, Session
from leadtogether.trajectories.services import plg_create, session_create
from tests import factories
from tests.conftest import World
from tests.races import stored_first_by_another_request
from tests.surveys.test_manage_views import client_for


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_save_unique_turns_a_taken_ref_into_a_validation_error(db):
    factories.SchoolFactory(ref="S1")
    school = School(ref="S1", name="Tweede", level="primary")

    with pytest.raises(ValidationError) as raised:
        save_unique(school)

    assert "ref" in raised.value.message_dict


def test_save_unique_leaves_the_transaction_usable(db):
    factories.SchoolFactory(ref="S1")

    with transaction.atomic():
        with pytest.raises(ValidationError):
            save_unique(School(ref="S1", name="Tweede", level="primary"))
        assert School.objects.count() == 1


def test_save_unique_passes_on_an_integrity_error_it_cannot_explain(db, monkeypatch):
    def fail(*args, **kwargs):
        raise IntegrityError("something else")

    monkeypatch.setattr(School, "save_base", fail)

    with pytest.raises(IntegrityError):
        save_unique(School(ref="S9", name="Nieuw", level="primary"))


# --- survey services -----------------------------------------------------------------


def test_an_instrument_key_taken_meanwhile_is_a_validation_error(db, monkeypatch):
    with stored_first_by_another_request(monkeypatch, Instrument):
        with pytest.raises(ValidationError) as raised:
            instrument_create(actor=None, key="baseline", name_nl="Beginmeting")

    assert "key" in raised.value.message_dict
    assert not AuditEntry.objects.exists()


def test_a_moment_key_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, MeasurementMoment):
        with pytest.raises(ValidationError) as raised:
            moment_create(
                actor=None,
                trajectory=world.trajectory,
                key="mid-year",
                name="Halfweg",
                opens_on=dt.date(2022, 1, 1),
                closes_on=dt.date(2022, 1, 31),
            )

    assert "Moment id" in messages_of(raised.value)


def test_a_question_code_taken_meanwhile_is_a_validation_error(db, monkeypatch):
    instrument = instrument_create(actor=None, key="baseline", name_nl="Beginmeting")

    with stored_first_by_another_request(monkeypatch, Question):
        with pytest.raises(ValidationError) as raised:
            question_add(
                actor=None,
                instrument=instrument,
                fields=QuestionFields(code="years", kind="number", text_nl="Jaren?"),
            )

    assert "Variable name already exists" in messages_of(raised.value)


def test_the_moment_form_shows_a_key_taken_meanwhile(world: World, monkeypatch):
    data = {
        "key": "mid-year",
        "name": "Halfweg",
        "opens_on": "2022-01-01",
        "closes_on": "2022-01-31",
    }
    page = reverse("surveys:moment-create", kwargs={"slug": world.trajectory.slug})

    with stored_first_by_another_request(monkeypatch, MeasurementMoment):
        response = client_for(world.organiser).post(page, data)

    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors)


def test_the_question_form_shows_a_code_taken_meanwhile(world: World, monkeypatch):
    instrument = instrument_create(actor=None, key="baseline", name_nl="Beginmeting")
    data = {"kind": "number", "code": "years", "text_nl": "Jaren?", "page": "1"}
    page = reverse(
        "surveys:question-create", kwargs={"slug": world.trajectory.slug, "key": instrument.key}
    )

    with stored_first_by_another_request(monkeypatch, Question):
        response = client_for(world.organiser).post(page, data)

    assert response.status_code == 200
    assert "Variable name already exists" in str(response.context["form"].errors)


# --- registry and trajectory services ----------------------------------------------------


def test_a_school_ref_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, School):
        with pytest.raises(ValidationError) as raised:
            school_create(actor=None, name="Gelijktijdig", level="primary", ref="S-SAMEN")

    assert "ref" in raised.value.message_dict


def test_a_partnership_ref_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, Partnership):
        with pytest.raises(ValidationError) as raised:
            partnership_create(actor=None, name="Samen", form="B", ref="SV-SAMEN")

    assert "ref" in raised.value.message_dict


def test_a_person_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, Person):
        with pytest.raises(ValidationError) as raised:
            person_create(
                actor=None,
                first_name="Sam",
                last_name="Samen",
                email="sam@school.example",
                ref="P-SAMEN",
            )

    assert "ref" in raised.value.message_dict


def test_the_person_form_shows_an_id_taken_meanwhile(world: World, monkeypatch):
    page = reverse("registry:person-create", kwargs={"slug": world.trajectory.slug})
    data = {"ref": "P-SAMEN", "first_name": "Sam", "last_name": "Samen", "enrol": "on"}

    with stored_first_by_another_request(monkeypatch, Person):
        response = client_for(world.organiser).post(page, data)

    assert response.status_code == 200
    assert "ref" in response.context["form"].errors


def test_a_plg_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, PLG):
        with pytest.raises(ValidationError) as raised:
            plg_create(
                actor=None,
                trajectory=world.trajectory,
                name="PLG Samen",
                partnership=world.plg.partnership,
                ref="PLG-SAMEN",
            )

    assert "PLG" in messages_of(raised.value)


def test_a_session_ref_taken_meanwhile_is_a_validation_error(world: World, monkeypatch):
    with stored_first_by_another_request(monkeypatch, Session):
        with pytest.raises(ValidationError) as raised:
            session_create(
                actor=None,
                trajectory=world.trajectory,
                kind=Session.Kind.TRAINING_DAY,
                starts_at=timezone.make_aware(dt.datetime(2022, 3, 10, 9)),
                ref="T-SAMEN",
            )

    assert "session id" in messages_of(raised.value).lower()
