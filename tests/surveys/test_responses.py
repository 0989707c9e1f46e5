"""Saving answers as the respondent goes, submitting once, correcting with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.registry.models import Person
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.surveys.services import responses
from leadtogether.surveys.services.invitations import new_token
from leadtogether.surveys.services.responses import (
    ResponseIncomplete,
    ResponseSubmitted,
    invitation_by_token,
    response_answer_values,
    response_answers_save,
    response_correct,
    response_open,
    response_submit,
    version_questions,
)
from tests import factories
from tests.surveys import factories as f

Kind = Question.Kind


@dataclass
class Survey:
    """One open moment with a two-page questionnaire and one person's invitation.

    Page 1: role (single, required), years (number 0–45). Page 2: continue (yes/no,
    required), why_not (long text, required, shown only when continue is "no").
    """

    moment: MeasurementMoment
    version: InstrumentVersion
    invitation: Invitation
    role: Question
    years: Question
    cont: Question
    why_not: Question

    @property
    def token(self) -> str:
        return self.invitation.token

    def questions(self) -> dict[str, Question]:
        """The questions with their choices prefetched, by code."""
        return {question.code: question for question in version_questions(self.version)}

    def response(self) -> Response:
        return Response.objects.get(moment=self.moment, version=self.version)


def build_survey(
    *,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
    person: Person | None = None,
    trajectory=None,
) -> Survey:
    today = timezone.localdate()
    moment = f.MeasurementMomentFactory(
        opens_on=opens_on or today - dt.timedelta(days=7),
        closes_on=closes_on or today + dt.timedelta(days=30),
        **({"trajectory": trajectory} if trajectory is not None else {}),
    )
    version = f.InstrumentVersionFactory(
        instrument__name_nl="Startbevraging", instrument__name_en="Baseline survey"
    )
    f.MomentInstrumentFactory(moment=moment, version=version, position=1)
    role = f.choice_question(
        version,
        "role",
        Kind.SINGLE,
        ["director", "deputy"],
        required=True,
        text_nl="Wat is uw functie?",
        text_en="What is your role?",
    )
    years = f.QuestionFactory(
        version=version,
        code="years",
        kind=Kind.NUMBER,
        min_value=0,
        max_value=45,
        text_nl="Hoeveel jaar bent u schoolleider?",
        text_en="How many years have you been a school leader?",
    )
    cont = f.choice_question(
        version,
        "continue",
        Kind.YES_NO,
        ["yes", "no"],
        required=True,
        page=2,
        text_nl="Wilt u de PLG voortzetten?",
        text_en="Do you wish to continue the PLG?",
    )
    why_not = f.QuestionFactory(
        version=version,
        code="why_not",
        kind=Kind.LONG_TEXT,
        required=True,
        page=2,
        show_if_question=cont,
        show_if_values=["no"],
        text_nl="Waarom niet?",
        text_en="Why not?",
    )
    invitation = f.InvitationFactory(
        moment=moment, person=person or factories.PersonFactory(), token=new_token()
    )
    return Survey(moment, version, invitation, role, years, cont, why_not)


@pytest.fixture
def survey(db) -> Survey:
    return build_survey()


def save(survey: Survey, response: Response, **raw) -> dict[str, str]:
    questions = survey.questions()
    errors = response_answers_save(
        response=response, raw_answers={questions[code]: value for code, value in raw.items()}
    )
    return {question.code: message for question, message in errors.items()}


def stored(response: Response) -> dict[str, object]:
    return dict(Answer.objects.filter(response=response).values_list("question__code", "value"))


def test_a_token_finds_its_invitation_and_nothing_else(survey):
    assert invitation_by_token(survey.token) == survey.invitation
    assert invitation_by_token(new_token()) is None
    assert invitation_by_token("") is None
    assert invitation_by_token("../../etc/passwd") is None


def test_answers_are_saved_and_found_again_with_the_same_link(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    assert save(survey, response, role="deputy", years="12") == {}

    again = response_open(invitation=survey.invitation, version=survey.version)
    assert again == response
    assert again.status == Response.Status.IN_PROGRESS
    assert again.source == Response.Source.LINK
    assert again.invitation == survey.invitation
    assert stored(again) == {"role": "deputy", "years": 12}
    assert response_answer_values(again) == {survey.role.pk: "deputy", survey.years.pk: 12}


def test_the_invitation_is_started_at_the_first_saved_answer(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    survey.invitation.refresh_from_db()
    assert survey.invitation.started_at is None

    save(survey, response, years="")
    survey.invitation.refresh_from_db()
    assert survey.invitation.started_at is None

    save(survey, response, years="3")
    survey.invitation.refresh_from_db()
    started = survey.invitation.started_at
    assert started is not None

    save(survey, response, years="4")
    survey.invitation.refresh_from_db()
    assert survey.invitation.started_at == started


def test_an_invalid_answer_is_not_saved_but_the_others_on_the_page_are(survey, english):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, years="7")

    errors = save(survey, response, role="director", years="zeven")

    assert errors == {"years": "not a number: 'zeven'"}
    assert stored(response) == {"role": "director", "years": 7}


def test_a_blank_answer_removes_the_stored_one(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director", years="7")
    save(survey, response, years="  ")
    assert stored(response) == {"role": "director"}


def test_an_unchanged_answer_keeps_its_time(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director")
    answered_at = Answer.objects.get(response=response).answered_at
    save(survey, response, role="director")
    assert Answer.objects.get(response=response).answered_at == answered_at


def test_a_question_of_another_questionnaire_is_refused(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    stranger = f.QuestionFactory(code="stranger")
    with pytest.raises(ValidationError, match="stranger"):
        response_answers_save(response=response, raw_answers={stranger: "x"})
    assert stored(response) == {}


def _version_with(count: int) -> tuple[Invitation, InstrumentVersion]:
    moment = f.MeasurementMomentFactory()
    version = f.InstrumentVersionFactory()
    f.MomentInstrumentFactory(moment=moment, version=version)
    for index in range(count):
        f.choice_question(version, f"item{index}", Kind.LIKERT, ["1", "2", "3", "4", "5"])
    return f.InvitationFactory(moment=moment), version


@pytest.mark.parametrize("count", [3, 40])
def test_saving_a_page_takes_the_same_number_of_queries_whatever_its_length(db, count):
    invitation, version = _version_with(count)
    response = response_open(invitation=invitation, version=version)
    questions = version_questions(version)
    response_answers_save(response=response, raw_answers={questions[0]: "1"})

    with CaptureQueriesContext(connection) as queries:
        response_answers_save(
            response=response, raw_answers={q: str(i % 5 + 1) for i, q in enumerate(questions)}
        )
    assert Answer.objects.filter(response=response).count() == count
    assert len(queries) <= 8


def test_a_hidden_question_is_not_required_and_its_answer_is_kept(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director", **{"continue": "no", "why_not": "Te weinig tijd."})
    save(survey, response, **{"continue": "yes"})

    submitted = response_submit(response=response)

    assert submitted.status == Response.Status.SUBMITTED
    assert stored(response)["why_not"] == "Te weinig tijd."


def test_submitting_lists_the_required_questions_without_an_answer(survey, english):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, years="3", **{"continue": "no"})

    with pytest.raises(ResponseIncomplete) as raised:
        response_submit(response=response)

    assert [question.code for question in raised.value.missing] == ["role", "why_not"]
    assert "What is your role?" in raised.value.message
    assert "Why not?" in raised.value.message
    response.refresh_from_db()
    assert response.status == Response.Status.IN_PROGRESS
    assert response.submitted_at is None


def test_submitting_twice_submits_once_and_keeps_every_answer(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director", years="9", **{"continue": "yes"})

    first = response_submit(response=response)
    second = response_submit(response=response)

    assert first.status == second.status == Response.Status.SUBMITTED
    assert second.submitted_at == first.submitted_at
    assert Response.objects.count() == 1
    assert stored(response) == {"role": "director", "years": 9, "continue": "yes"}
    assert AuditEntry.objects.filter(action="response_submit").count() == 1
    survey.invitation.refresh_from_db()
    assert survey.invitation.completed_at == first.submitted_at


def test_a_submitted_response_refuses_every_new_answer(survey, english):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director", **{"continue": "yes"})
    response_submit(response=response)

    with pytest.raises(ResponseSubmitted, match="submitted on .* can no longer be changed"):
        save(survey, response, role="deputy", years="3")
    with pytest.raises(ResponseSubmitted):
        save(survey, response, role="")

    assert stored(response) == {"role": "director", "continue": "yes"}


def test_the_invitation_is_completed_when_every_instrument_is_submitted(survey):
    second = f.InstrumentVersionFactory()
    f.MomentInstrumentFactory(moment=survey.moment, version=second, position=2)
    wish = f.QuestionFactory(version=second, code="wish", kind=Kind.SHORT_TEXT)

    first = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, first, role="director", **{"continue": "yes"})
    response_submit(response=first)
    survey.invitation.refresh_from_db()
    assert survey.invitation.completed_at is None

    other = response_open(invitation=survey.invitation, version=second)
    response_answers_save(response=other, raw_answers={wish: "Meer tijd"})
    done = response_submit(response=other)
    survey.invitation.refresh_from_db()
    assert survey.invitation.completed_at == done.submitted_at
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 2


def test_a_response_is_opened_only_for_a_questionnaire_of_the_moment(survey):
    elsewhere = f.InstrumentVersionFactory()
    with pytest.raises(ValidationError):
        response_open(invitation=survey.invitation, version=elsewhere)
    assert not Response.objects.exists()


def test_opening_twice_gives_one_response(survey):
    first = response_open(invitation=survey.invitation, version=survey.version)
    second = response_open(invitation=survey.invitation, version=survey.version)
    assert first == second
    assert Response.objects.count() == 1


def test_opening_a_response_is_audited_once(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    response_open(invitation=survey.invitation, version=survey.version)
    entry = AuditEntry.objects.get(action="response_open")
    assert (entry.actor, entry.object_id) == (None, str(response.pk))
    assert entry.detail == {"moment": survey.moment.key, "version": 1}


class Broken(Exception):
    pass


def _audit_breaks(monkeypatch) -> None:
    def audit_record(**kwargs):
        raise Broken

    monkeypatch.setattr(responses, "audit_record", audit_record)


def test_a_failure_while_opening_makes_no_response(survey, monkeypatch):
    _audit_breaks(monkeypatch)
    with pytest.raises(Broken):
        response_open(invitation=survey.invitation, version=survey.version)
    assert not Response.objects.exists()


def test_saving_answers_is_audited_once_with_the_question_codes(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="deputy", years="12")
    entry = AuditEntry.objects.get(action="response_answers_save")
    assert (entry.actor, entry.object_id) == (None, str(response.pk))
    assert entry.detail == {"saved": ["role", "years"], "cleared": []}


def test_a_cleared_answer_is_audited_as_cleared(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="deputy", years="12")
    save(survey, response, years="")
    latest = AuditEntry.objects.filter(action="response_answers_save").first()
    assert latest.detail == {"saved": [], "cleared": ["years"]}


def test_saving_nothing_new_is_not_audited(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="deputy")
    save(survey, response, role="deputy", years="zeven")
    assert AuditEntry.objects.filter(action="response_answers_save").count() == 1


def test_a_failure_halfway_through_saving_writes_nothing(survey, monkeypatch):
    response = response_open(invitation=survey.invitation, version=survey.version)
    updated_at = Response.objects.get(pk=response.pk).updated_at
    _audit_breaks(monkeypatch)
    with pytest.raises(Broken):
        save(survey, response, role="deputy", years="12")
    assert stored(response) == {}
    assert Response.objects.get(pk=response.pk).updated_at == updated_at
    survey.invitation.refresh_from_db()
    assert survey.invitation.started_at is None


def _submitted(survey: Survey) -> Response:
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, role="director", years="9", **{"continue": "yes"})
    return response_submit(response=response)


def test_a_correction_changes_a_submitted_answer_and_is_logged(survey, world):
    response = _submitted(survey)
    answer = response_correct(
        actor=world.researcher,
        response=response,
        question=survey.questions()["years"],
        value="19",
        reason="Typo confirmed by the respondent by e-mail.",
    )
    assert answer is not None and answer.value == 19
    assert stored(response)["years"] == 19
    entry = AuditEntry.objects.get(action="response_correct")
    assert entry.actor == world.researcher
    assert entry.object_id == str(response.pk)
    assert entry.detail == {
        "question": "years",
        "old": 9,
        "new": 19,
        "reason": "Typo confirmed by the respondent by e-mail.",
    }
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED


def test_a_correction_can_remove_an_answer(survey, world):
    response = _submitted(survey)
    removed = response_correct(
        actor=world.researcher,
        response=response,
        question=survey.questions()["years"],
        value="",
        reason="Respondent withdrew this answer.",
    )
    assert removed is None
    assert "years" not in stored(response)
    assert AuditEntry.objects.get(action="response_correct").detail["new"] is None


def test_a_correction_needs_a_reason_and_a_valid_value(survey, world, english):
    response = _submitted(survey)
    years = survey.questions()["years"]
    with pytest.raises(ValidationError) as no_reason:
        response_correct(
            actor=world.researcher, response=response, question=years, value="19", reason="  "
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError, match="years: at most 45"):
        response_correct(
            actor=world.researcher, response=response, question=years, value="99", reason="Typo"
        )
    with pytest.raises(ValidationError, match="already has this answer"):
        response_correct(
            actor=world.researcher, response=response, question=years, value="9", reason="Typo"
        )
    assert stored(response)["years"] == 9
    assert not AuditEntry.objects.filter(action="response_correct").exists()


def test_a_response_in_progress_is_not_corrected(survey, world):
    response = response_open(invitation=survey.invitation, version=survey.version)
    save(survey, response, years="9")
    with pytest.raises(ValidationError, match="still in progress"):
        response_correct(
            actor=world.researcher,
            response=response,
            question=survey.questions()["years"],
            value="19",
            reason="Typo",
        )
    assert stored(response)["years"] == 9
    assert not AuditEntry.objects.filter(action="response_correct").exists()
