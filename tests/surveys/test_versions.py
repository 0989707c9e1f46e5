"""Versions of an instrument: the latest one, whether it is answered, and the copy a
change after the first answer makes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import InstrumentVersion, MomentInstrument, Question, Response
from leadtogether.surveys.services.versions import (
    in_version_for_change,
    latest_version,
    version_for_change,
    version_has_answers,
)
from tests.surveys import factories as f

Kind = Question.Kind


@pytest.fixture
def version(db) -> InstrumentVersion:
    """Version 1 with a single choice question and a question shown on its answer 'no'."""
    version = f.InstrumentVersionFactory()
    role = f.choice_question(version, "role", Kind.SINGLE, ["yes", "no"])
    f.QuestionFactory(version=version, code="why", show_if_question=role, show_if_values=["no"])
    return version


def answer(version: InstrumentVersion, moment=None) -> None:
    question = version.questions.get(code="role")
    response = f.ResponseFactory(version=version, **({"moment": moment} if moment else {}))
    f.AnswerFactory(response=response, question=question, value="yes")


def test_the_latest_version_is_the_highest_number(version):
    newer = f.InstrumentVersionFactory(instrument=version.instrument, number=3)
    assert latest_version(version.instrument) == newer


def test_an_instrument_without_a_version_gets_version_1(db):
    instrument = f.InstrumentFactory()
    assert latest_version(instrument).number == 1
    assert instrument.versions.count() == 1


def test_a_version_without_responses_has_no_answers(version):
    assert not version_has_answers(version)


def test_a_response_in_progress_without_answers_is_no_answer(version):
    f.ResponseFactory(version=version, status=Response.Status.IN_PROGRESS)
    assert not version_has_answers(version)


def test_one_answer_makes_a_version_answered(version):
    answer(version)
    assert version_has_answers(version)


def test_a_submitted_response_makes_a_version_answered(version):
    f.ResponseFactory(
        version=version, status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )
    assert version_has_answers(version)


def test_a_change_to_an_unanswered_version_stays_in_it(version):
    assert version_for_change(version.instrument) == version
    assert not AuditEntry.objects.exists()


def test_a_change_to_an_answered_version_copies_questions_options_and_conditions(version):
    answer(version)
    new = version_for_change(version.instrument)
    assert new.number == 2
    role, why = new.questions.order_by("position")
    assert list(role.choices.values_list("code", flat=True)) == ["yes", "no"]
    assert (why.show_if_question, why.show_if_values) == (role, ["no"])


def test_the_copy_is_audited_with_the_moments_it_took_over(version):
    answer(version)
    waiting = f.MomentInstrumentFactory(version=version).moment
    new = version_for_change(version.instrument)
    entry = AuditEntry.objects.get(action="instrument_version_create")
    assert (entry.object_id, entry.detail) == (
        str(new.pk),
        {"from": 1, "to": 2, "moments_switched": [waiting.pk]},
    )


def test_a_moment_with_answers_keeps_the_version_they_belong_to(version):
    answered = f.MomentInstrumentFactory(version=version).moment
    answer(version, moment=answered)
    version_for_change(version.instrument)
    assert MomentInstrument.objects.get(moment=answered).version == version


def test_an_unanswered_moment_and_its_empty_response_move_to_the_copy(version):
    answer(version)
    waiting = f.MomentInstrumentFactory(version=version).moment
    opened = f.ResponseFactory(version=version, moment=waiting)
    new = version_for_change(version.instrument)
    assert MomentInstrument.objects.get(moment=waiting).version == new
    opened.refresh_from_db()
    assert opened.version == new


def test_a_question_of_an_answered_version_is_changed_as_its_copy(version):
    answer(version)
    question = version.questions.get(code="role")
    copy = in_version_for_change(question, None)
    assert (copy.version.number, copy.code) == (2, "role")


def test_a_question_of_an_unanswered_version_is_changed_as_it_is(version):
    question = version.questions.get(code="role")
    assert in_version_for_change(question, None) == question


def test_a_question_of_an_older_version_is_not_changed(version):
    f.InstrumentVersionFactory(instrument=version.instrument, number=2)
    with pytest.raises(ValidationError):
        in_version_for_change(version.questions.get(code="role"), None)
    assert version.instrument.versions.count() == 2
