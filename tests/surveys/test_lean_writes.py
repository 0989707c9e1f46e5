"""What a save and a submit through the personal link cost: few queries, no needless write.

The pinned counts are those of the test client inside the test's transaction, where
every ``transaction.atomic`` block is a SAVEPOINT and its RELEASE (two queries).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import Invitation, Question, Response
from leadtogether.surveys.services.responses import (
    ResponseIncomplete,
    response_answers_save,
    response_correct,
    response_open,
    response_submit,
    version_questions,
)
from tests.surveys.test_respond_views import autosave_url, name, page_post, stored
from tests.surveys.test_responses import Survey, build_survey

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(world) -> Survey:
    return build_survey(person=world.member, trajectory=world.trajectory)


def autosave(client: Client, survey: Survey, question: Question, value: str):
    return client.post(autosave_url(survey.token), {"question": question.pk, name(question): value})


def writes(context: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in context.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def test_the_first_autosave_makes_the_response_in_few_queries(
    survey, django_assert_max_num_queries
):
    with django_assert_max_num_queries(19):
        autosave(Client(), survey, survey.years, "8")
    assert stored(survey) == {"years": 8}
    assert AuditEntry.objects.filter(action="response_open").count() == 1


def test_a_later_autosave_writes_only_the_changed_answer(survey, django_assert_max_num_queries):
    client = Client()
    autosave(client, survey, survey.years, "8")
    before = Response.objects.get().updated_at
    # invitation, question, response with the stored answer, the question's options;
    # the savepoint, the lock, the answer, the audit entry, its release
    with CaptureQueriesContext(connection) as context, django_assert_max_num_queries(9):
        autosave(client, survey, survey.role, "director")
    assert stored(survey) == {"years": 8, "role": "director"}
    assert [sql.split()[:3] for sql in writes(context)] == [
        ["INSERT", "INTO", '"surveys_answer"'],
        ["INSERT", "INTO", '"accounts_auditentry"'],
    ]
    assert Response.objects.get().updated_at == before


def test_an_autosave_that_changes_nothing_writes_nothing(survey, django_assert_max_num_queries):
    client = Client()
    autosave(client, survey, survey.years, "8")
    before = Response.objects.get().updated_at
    with CaptureQueriesContext(connection) as context, django_assert_max_num_queries(6):
        saved = autosave(client, survey, survey.years, "8")
    assert "error" not in saved.content.decode().lower()
    assert writes(context) == []
    assert Response.objects.get().updated_at == before
    assert AuditEntry.objects.filter(action="response_answers_save").count() == 1


def test_the_invitation_is_started_once(survey):
    client = Client()
    autosave(client, survey, survey.years, "8")
    started = Invitation.objects.get(pk=survey.invitation.pk).started_at
    autosave(client, survey, survey.years, "9")
    assert started is not None
    assert Invitation.objects.get(pk=survey.invitation.pk).started_at == started


def test_a_submit_with_nothing_to_resave_only_changes_the_status(
    survey, django_assert_max_num_queries
):
    client = Client()
    page_post(client, survey, 1, "next", {survey.role: "director", survey.years: "5"})
    autosave(client, survey, survey.cont, "yes")
    with CaptureQueriesContext(connection) as context, django_assert_max_num_queries(15):
        page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    assert survey.response().status == Response.Status.SUBMITTED
    assert not any("surveys_answer" in sql for sql in writes(context))
    assert Invitation.objects.get(pk=survey.invitation.pk).completed_at is not None


def test_a_second_submit_reads_and_writes_nothing_more(survey, django_assert_max_num_queries):
    client = Client()
    page_post(client, survey, 1, "next", {survey.role: "director"})
    page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    with CaptureQueriesContext(connection) as context, django_assert_max_num_queries(5):
        page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    assert writes(context) == []
    assert AuditEntry.objects.filter(action="response_submit").count() == 1


def test_a_submit_checks_the_answers_as_they_are_under_the_lock(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    questions = {q.code: q for q in version_questions(survey.version)}
    response_answers_save(
        response=response, raw_answers={questions["role"]: "director", questions["continue"]: "yes"}
    )
    # Read before another tab cleared a required answer.
    stale = Response.objects.get(pk=response.pk)
    response_answers_save(response=response, raw_answers={questions["role"]: ""})

    with pytest.raises(ResponseIncomplete):
        response_submit(response=stale)

    assert survey.response().status == Response.Status.IN_PROGRESS
    assert stale.status == Response.Status.IN_PROGRESS
    assert not AuditEntry.objects.filter(action="response_submit").exists()


def test_a_submit_after_another_returns_the_first(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    questions = {q.code: q for q in version_questions(survey.version)}
    response_answers_save(
        response=response, raw_answers={questions["role"]: "director", questions["continue"]: "yes"}
    )
    stale = Response.objects.get(pk=response.pk)
    first = response_submit(response=response)

    second = response_submit(response=stale)

    assert second.status == Response.Status.SUBMITTED
    assert second.submitted_at == first.submitted_at
    assert AuditEntry.objects.get(action="response_submit").detail["answers"] == 2


def test_a_correction_does_not_read_back_the_rows_it_holds(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    questions = {q.code: q for q in version_questions(survey.version)}
    response_answers_save(
        response=response, raw_answers={questions["role"]: "director", questions["continue"]: "yes"}
    )
    submitted = response_submit(response=response)
    with CaptureQueriesContext(connection) as context:
        response_correct(
            actor=None,
            response=submitted,
            question=questions["role"],
            value="deputy",
            reason="typo",
        )
    assert stored(survey)["role"] == "deputy"
    assert not [
        q["sql"] for q in context.captured_queries if q["sql"].startswith('SELECT 1 AS "a"')
    ]
