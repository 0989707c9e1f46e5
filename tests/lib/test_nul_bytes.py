"""A NUL character (%00) anywhere in a request is refused once, at the edge, with 400 and
a clear message: PostgreSQL cannot store or even compare text holding one."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.registry.models import Person
from leadtogether.surveys.models import Answer
from tests.conftest import World
from tests.surveys.test_responses import build_survey

MESSAGE = b"NUL"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def signed_in(world: World) -> Client:
    client = english(Client())
    client.force_login(world.organiser)
    return client


def refused(response) -> bool:
    return response.status_code == 400 and MESSAGE in response.content


def test_a_nul_in_the_path_of_a_public_page_is_refused(world):
    survey = build_survey(person=world.member, trajectory=world.trajectory)

    response = english(Client()).get(f"/s/{survey.token}%00/")

    assert refused(response)


def test_a_nul_in_the_query_of_a_public_page_is_refused(db):
    assert refused(english(Client()).get("/accounts/login/?next=/%00"))


def test_a_nul_in_a_public_form_is_refused(db):
    response = english(Client()).post(
        "/accounts/login/", {"username": "organiser\x00", "password": "x"}
    )

    assert refused(response)


def test_a_nul_in_a_survey_answer_is_refused_and_nothing_is_saved(world):
    survey = build_survey(person=world.member, trajectory=world.trajectory)
    data = {
        "version": survey.version.pk,
        "page": 1,
        "action": "next",
        "shown": [survey.role.pk, survey.years.pk],
        f"answer-{survey.role.pk}": "director",
        f"answer-{survey.years.pk}": "1\x00",
    }

    response = english(Client()).post(reverse("respond:survey", args=[survey.token]), data)

    assert refused(response)
    assert not Answer.objects.exists()


def test_a_nul_in_the_path_of_a_signed_in_page_is_refused(world):
    school = world.member.school

    response = signed_in(world).get(f"/t/{world.trajectory.slug}/registry/schools/{school.ref}%00/")

    assert refused(response)


def test_a_nul_in_the_search_box_is_refused(world):
    page = reverse("registry:person-list", kwargs={"slug": world.trajectory.slug})

    assert refused(signed_in(world).get(page, {"q": "Pee\x00ters"}))


def test_a_nul_in_a_signed_in_form_is_refused_and_nothing_is_written(world):
    page = reverse("registry:person-create", kwargs={"slug": world.trajectory.slug})

    response = signed_in(world).post(page, {"first_name": "An\x00", "last_name": "B"})

    assert refused(response)
    assert not Person.objects.filter(last_name="B").exists()


def test_a_nul_in_a_field_name_is_refused(world):
    page = reverse("registry:person-list", kwargs={"slug": world.trajectory.slug})

    assert refused(signed_in(world).get(page, {"q\x00": "x"}))


def test_a_nul_in_a_cookie_is_refused(db):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc\x00defghijk"

    assert refused(client.get("/accounts/login/"))


def test_the_message_follows_the_language(db):
    response = Client().get("/accounts/login/?next=%00", HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 400
    assert b"NUL-teken" in response.content


def test_requests_without_nul_pass(world):
    page = reverse("registry:person-list", kwargs={"slug": world.trajectory.slug})

    assert signed_in(world).get(page, {"q": "Peeters"}).status_code == 200
