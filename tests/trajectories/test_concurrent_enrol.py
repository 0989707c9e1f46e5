"""Ten organisers' "new person, enrolled" posts at the same moment: every person is
enrolled, each with a research code of their own, and no request fails.

Real concurrency: a live server handles each request in its own thread with its own
database connection (see tests/surveys/test_concurrent_submit.py).
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.registry.models import Person
from leadtogether.trajectories.models import Enrolment
from tests.conftest import World
from tests.surveys.test_concurrent_submit import Reply, concurrent_server, post_form

__all__ = ["concurrent_server"]

POSTS = 10
CSRF = "c" * 32  # an unmasked token: the cookie and the form field carry the same secret


def signed_in_headers(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={CSRF}"}


def post_at_once(base: str, path: str, forms: list[dict], headers: dict) -> list:
    start = threading.Barrier(len(forms))
    replies: list[Reply | BaseException | None] = [None] * len(forms)

    def send(index: int) -> None:
        try:
            data = {**forms[index], "csrfmiddlewaretoken": CSRF}
            replies[index] = post_form(base, path, data, start, headers)
        except BaseException as error:
            replies[index] = error

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return replies


@pytest.mark.django_db(transaction=True)
def test_ten_people_enrolled_at_once_get_ten_different_research_codes(
    concurrent_server: str, world: World
):
    path = reverse("registry:person-create", kwargs={"slug": world.trajectory.slug})
    forms = [
        {
            "first_name": f"Gelijktijdig {index}",
            "last_name": "Ingeschreven",
            "email": f"samen{index}@school.example",
            "school": world.member.school_id,
            "enrol": "on",
            "research_consent": "on",
        }
        for index in range(POSTS)
    ]

    replies = post_at_once(concurrent_server, path, forms, signed_in_headers(world.organiser))

    assert [r.status for r in replies if isinstance(r, Reply)] == [302] * POSTS, replies
    people = Person.objects.filter(last_name="Ingeschreven")
    assert people.count() == POSTS
    codes = list(
        Enrolment.objects.filter(trajectory=world.trajectory).values_list(
            "research_code", flat=True
        )
    )
    assert "" not in codes
    assert len(set(codes)) == len(codes)
