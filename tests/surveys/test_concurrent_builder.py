"""Ten organisers create the same moment, or add a question with the same variable name,
at the same moment: one succeeds, the others see a form error, no request fails.

Real concurrency, as in tests/surveys/test_concurrent_submit.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from leadtogether.surveys.models import MeasurementMoment, Question
from leadtogether.surveys.services.instruments import instrument_create, question_add
from leadtogether.surveys.services.questions import QuestionFields
from tests.conftest import World
from tests.surveys.factories import AnswerFactory, ResponseFactory
from tests.surveys.test_concurrent_submit import Reply, concurrent_server
from tests.trajectories.test_concurrent_enrol import post_at_once, signed_in_headers

__all__ = ["concurrent_server"]

POSTS = 10


def statuses(replies: list) -> list[int]:
    assert [r for r in replies if not isinstance(r, Reply)] == []
    return sorted(r.status for r in replies)


@pytest.mark.django_db(transaction=True)
def test_ten_moments_with_the_same_id_at_once_make_one(concurrent_server: str, world: World):
    path = reverse("surveys:moment-create", kwargs={"slug": world.trajectory.slug})
    form = {"key": "mid-year", "name": "Halfweg", "opens_on": "2022-01-01",
            "closes_on": "2022-01-31"}  # fmt: skip

    replies = post_at_once(
        concurrent_server, path, [form] * POSTS, signed_in_headers(world.organiser)
    )

    assert statuses(replies) == [200] * (POSTS - 1) + [302]
    assert MeasurementMoment.objects.filter(key="mid-year").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("answered", [False, True], ids=["unanswered", "answered"])
def test_ten_questions_with_the_same_code_at_once_add_one(
    concurrent_server: str, world: World, answered: bool
):
    instrument = instrument_create(actor=None, key="baseline", name_nl="Beginmeting")
    first = question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(code="role", kind="short_text", text_nl="Functie?"),
    )
    if answered:  # every change now makes a new version: ten requests, one copy
        AnswerFactory(question=first, response=ResponseFactory(version=first.version))
    path = reverse(
        "surveys:question-create", kwargs={"slug": world.trajectory.slug, "key": instrument.key}
    )
    form = {"kind": "number", "code": "years", "text_nl": "Jaren?", "page": "1"}

    replies = post_at_once(
        concurrent_server, path, [form] * POSTS, signed_in_headers(world.organiser)
    )

    assert statuses(replies) == [200] * (POSTS - 1) + [302]
    assert Question.objects.filter(code="years").count() == 1
    assert instrument.versions.count() == (2 if answered else 1)
