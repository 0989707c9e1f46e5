"""Ids beyond what a database integer holds (more than 64 bits) are an invalid choice on
every form and a 404 in every address, never a server error."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.surveys.models import MeasurementMoment
from leadtogether.surveys.services.instruments import instrument_create
from tests.conftest import World
from tests.surveys import factories as f

HUGE = "99999999999999999999999"
JUST_TOO_BIG = str(2**63)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(world: World, url_name: str, **kwargs: object) -> str:
    return reverse(url_name, kwargs={"slug": world.trajectory.slug, **kwargs})


@pytest.fixture
def moment(world: World) -> MeasurementMoment:
    return f.MeasurementMomentFactory(trajectory=world.trajectory, key="year-1")


@pytest.mark.parametrize("huge", [HUGE, JUST_TOO_BIG, "-" + HUGE])
@pytest.mark.parametrize(
    ("url_name", "data", "field"),
    [
        ("registry:school-create", {"name": "Groot", "level": "primary"}, "partnerships"),
        ("registry:partnership-create", {"name": "Groot", "form": "B"}, "schools"),
        ("registry:person-create", {"first_name": "G", "last_name": "R", "enrol": "on"}, "school"),
    ],
)
def test_a_registry_form_calls_a_huge_id_an_invalid_choice(world, url_name, data, field, huge):
    response = client_for(world.organiser).post(page(world, url_name), {**data, field: [huge]})

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors[field])


@pytest.mark.parametrize("huge", [HUGE, JUST_TOO_BIG])
@pytest.mark.parametrize("field", ["members", "coach"])
def test_the_plg_form_calls_a_huge_id_an_invalid_choice(world, field, huge):
    response = client_for(world.organiser).post(
        page(world, "trajectories:plg-edit", plg_ref=world.plg.ref),
        {"name": world.plg.name, field: [huge]},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors[field])


def test_the_composer_ignores_a_huge_coach_id(world):
    response = client_for(world.organiser).post(
        page(world, "trajectories:composer"), {"fingerprint": "x", "coach_0": HUGE}
    )

    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("persona", "method", "url_name", "kwargs", "status"),
    [
        ("organiser", "post", "surveys:moment-instrument-detach",
         {"key": "year-1", "version_id": HUGE}, 302),
        ("researcher", "get", "surveys:response-detail", {"key": "year-1", "response_id": HUGE},
         404),
        ("researcher", "get", "surveys:response-correct",
         {"key": "year-1", "response_id": HUGE, "question_id": HUGE}, 404),
        ("researcher", "post", "surveys:response-correct",
         {"key": "year-1", "response_id": HUGE, "question_id": HUGE}, 404),
        ("organiser", "get", "surveys:question-edit", {"key": "baseline", "question_id": HUGE},
         404),
        ("organiser", "post", "surveys:question-edit", {"key": "baseline", "question_id": HUGE},
         404),
        ("organiser", "post", "surveys:question-move", {"key": "baseline", "question_id": HUGE},
         404),
        ("organiser", "post", "surveys:question-delete",
         {"key": "baseline", "question_id": HUGE}, 404),
    ],
)  # fmt: skip
def test_a_huge_id_in_an_address_is_not_found(
    world, moment, persona, method, url_name, kwargs, status
):
    instrument_create(actor=None, key="baseline", name_nl="Beginmeting")
    client = client_for(getattr(world, persona))

    response = getattr(client, method)(page(world, url_name, **kwargs))

    # the detach form answers with the moment page and "this moment does not ask that"
    assert response.status_code == status


def test_a_huge_question_id_in_an_autosave_is_not_part_of_the_survey(world):
    from tests.surveys.test_responses import build_survey

    survey = build_survey(person=world.member, trajectory=world.trajectory)

    response = Client().post(
        reverse("respond:autosave", kwargs={"token": survey.token}), {"question": HUGE}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"version": HUGE, "page": "1", "action": "next"},
        {"version": "", "page": HUGE, "action": "next", "shown": [HUGE]},
    ],
)
def test_huge_ids_in_a_survey_page_are_not_a_server_error(world, data):
    from tests.surveys.test_responses import build_survey

    survey = build_survey(person=world.member, trajectory=world.trajectory)
    data = {**data, "version": data["version"] or survey.version.pk}

    response = Client().post(reverse("respond:survey", kwargs={"token": survey.token}), data)

    assert response.status_code in (200, 302)
    assert (
        Client()
        .get(reverse("respond:survey", kwargs={"token": survey.token}), {"page": HUGE})
        .status_code
        == 200
    )


@pytest.mark.parametrize("field", ["page", "min_value", "max_value"])
def test_the_question_form_refuses_a_huge_number(world, field):
    instrument = instrument_create(actor=None, key="baseline", name_nl="Beginmeting")
    data = {"kind": "number", "code": "years", "text_nl": "Jaren?", "page": "1", field: HUGE}

    response = client_for(world.organiser).post(
        page(world, "surveys:question-create", key=instrument.key), data
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
