"""The pseudonymised response pages: the list of a moment's submitted responses, one
response with its answers and correction history, and a researcher's logged correction.

Respondents appear only by research code and only with research consent; organisers see
but do not correct; other roles are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.accounts.models import AuditEntry
from leadtogether.registry.models import Person
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.surveys.services.responses import response_correct
from leadtogether.trajectories.models import Enrolment
from tests import factories
from tests.conftest import World
from tests.surveys import factories as f

Kind = Question.Kind
SUBMITTED_AT = dt.datetime(2022, 5, 12, 10, 30, tzinfo=dt.UTC)


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def url(name: str, world: World, **kwargs) -> str:
    return reverse(f"surveys:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


def choices(question: Question, options: list[tuple[str, str, str]]) -> Question:
    for position, (code, nl, en) in enumerate(options, start=1):
        f.ChoiceFactory(question=question, position=position, code=code, label_nl=nl, label_en=en)
    return question


@pytest.fixture
def moment(world: World) -> MeasurementMoment:
    return f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="year-1", name="Einde jaar 1"
    )


@pytest.fixture
def version(moment: MeasurementMoment) -> InstrumentVersion:
    """role (single), tasks (multiple), years (number 0–45), cont (yes/no), why_not (long
    text, shown only when cont is "no"), note (short text)."""
    version = f.InstrumentVersionFactory(
        instrument=f.InstrumentFactory(key="end-survey", name_nl="Eindmeting", name_en="End")
    )
    f.MomentInstrumentFactory(moment=moment, version=version)
    q = f.QuestionFactory
    choices(
        q(version=version, position=1, code="role", kind=Kind.SINGLE, required=True),
        [("teacher", "Leraar", "Teacher"), ("director", "Directeur", "Director")],
    )
    choices(
        q(version=version, position=2, code="tasks", kind=Kind.MULTIPLE),
        [("plan", "Plannen", "Planning"), ("lead", "Leiden", "Leading"), ("coach", "Coachen", "")],
    )
    q(version=version, position=3, code="years", kind=Kind.NUMBER, min_value=0, max_value=45)
    cont = choices(
        q(version=version, position=4, code="cont", kind=Kind.YES_NO),
        [("yes", "Ja", "Yes"), ("no", "Nee", "No")],
    )
    q(
        version=version,
        position=5,
        code="why_not",
        kind=Kind.LONG_TEXT,
        show_if_question=cont,
        show_if_values=["no"],
    )
    q(version=version, position=6, code="note", kind=Kind.SHORT_TEXT)
    return version


def question(version: InstrumentVersion, code: str) -> Question:
    return Question.objects.prefetch_related("choices").get(version=version, code=code)


def respond(
    moment: MeasurementMoment,
    version: InstrumentVersion,
    person: Person,
    answers: dict[str, object],
    *,
    submitted: bool = True,
) -> Response:
    response = f.ResponseFactory(
        moment=moment,
        person=person,
        version=version,
        status=Response.Status.SUBMITTED if submitted else Response.Status.IN_PROGRESS,
        submitted_at=SUBMITTED_AT if submitted else None,
    )
    for code, value in answers.items():
        f.AnswerFactory(response=response, question=question(version, code), value=value)
    return response


TYPICAL = {"role": "director", "tasks": ["plan", "coach"], "years": 9, "cont": "yes"}


def code_of(world: World, person: Person) -> str:
    return Enrolment.objects.get(trajectory=world.trajectory, person=person).research_code


def withdraw_consent(world: World, person: Person) -> None:
    Enrolment.objects.filter(trajectory=world.trajectory, person=person).update(
        research_consent=False
    )


def stored(response: Response) -> dict[str, object]:
    return dict(Answer.objects.filter(response=response).values_list("question__code", "value"))


def assert_no_person_named(page: str) -> None:
    for first, last, email in Person.objects.values_list("first_name", "last_name", "email"):
        assert f"{first} {last}" not in page
        assert last not in page
        if email:
            assert email not in page


# --- the list ---------------------------------------------------------------


def test_the_list_shows_consenting_respondents_by_research_code_only(world, moment, version):
    members = list(world.plg.members.order_by("pk"))
    for person in members:
        respond(moment, version, person, TYPICAL)
    withdraw_consent(world, members[1])
    for user in (world.researcher, world.organiser):
        response = client_for(user).get(url("response-list", world, key="year-1"))
        assert response.status_code == 200
        page = response.content.decode()
        assert code_of(world, members[0]) in page
        assert code_of(world, members[2]) in page
        assert code_of(world, members[1]) not in page
        assert "1 submitted response of someone without research consent is not listed" in page
        assert "PLG 3" in page and "primary education" in page and "End" in page
        assert_no_person_named(page)


def test_the_list_shows_only_submitted_responses_with_their_answer_count(world, moment, version):
    done = respond(moment, version, world.member, TYPICAL)
    respond(moment, version, world.other_member, {"role": "teacher"}, submitted=False)
    page = client_for(world.researcher).get(url("response-list", world, key="year-1"))
    rows = page.context["listing"].rows
    assert [(row.response.pk, row.answers, row.corrected) for row in rows] == [(done.pk, 4, False)]
    assert code_of(world, world.other_member) not in page.content.decode()


def test_the_list_marks_a_corrected_response(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    respond(moment, version, world.other_member, TYPICAL)
    response_correct(
        actor=world.researcher,
        response=response,
        question=question(version, "years"),
        value="10",
        reason="Typo",
    )
    rows = client_for(world.researcher).get(url("response-list", world, key="year-1"))
    corrected = {row.response.pk: row.corrected for row in rows.context["listing"].rows}
    assert corrected[response.pk] is True
    assert list(corrected.values()).count(True) == 1


def test_the_list_takes_the_same_number_of_queries_for_more_respondents(
    world, moment, version, django_assert_max_num_queries
):
    client = client_for(world.researcher)
    respond(moment, version, world.member, TYPICAL)
    with django_assert_max_num_queries(9) as small:
        client.get(url("response-list", world, key="year-1"))
    for person in Person.objects.filter(enrolments__trajectory=world.trajectory).exclude(
        pk=world.member.pk
    ):
        response = respond(moment, version, person, TYPICAL)
        response_correct(
            actor=world.researcher,
            response=response,
            question=question(version, "note"),
            value="x",
            reason="r",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("response-list", world, key="year-1"))
    assert len(page.context["listing"].rows) == 8


def test_the_list_shows_fifty_responses_a_page_and_the_next_page_keeps_the_search(
    world, moment, version
):
    for number in range(1, 61):
        person = factories.PersonFactory()
        factories.EnrolmentFactory(
            trajectory=world.trajectory, person=person, research_code=f"S{number:03d}"
        )
        respond(moment, version, person, {})
    respond(moment, version, world.member, TYPICAL)  # another code: not found by "S0"
    client = client_for(world.researcher)
    first = client.get(url("response-list", world, key="year-1"), {"q": "s0"})
    assert [row.code for row in first.context["listing"].rows][::49] == ["S001", "S050"]
    assert "?q=s0&amp;page=2" in first.content.decode()
    second = client.get(url("response-list", world, key="year-1"), {"q": "s0", "page": "2"})
    assert [row.code for row in second.context["listing"].rows] == [
        f"S{number:03d}" for number in range(51, 61)
    ]


# --- one response -----------------------------------------------------------


def test_the_detail_shows_labels_in_the_language_and_questions_not_shown(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    path = url("response-detail", world, key="year-1", response_id=response.pk)
    page = client_for(world.researcher).get(path).content.decode()
    assert "Director" in page and "Director (director)" not in page
    assert "<li>Planning</li>" in page and "<li>Coachen</li>" in page
    assert "Yes" in page and "(yes)" not in page
    items = {
        item.question.code: item
        for item in client_for(world.researcher).get(path).context["answers"]
    }
    assert items["why_not"].shown is False and items["note"].shown is True
    assert "not shown" in page
    assert code_of(world, world.member) in page
    assert_no_person_named(page)
    dutch = client_for(world.researcher, "nl").get(path).content.decode()
    assert "Directeur" in dutch and "(director)" not in dutch


def test_the_detail_lists_the_corrections_with_who_what_and_why(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    response_correct(
        actor=world.researcher,
        response=response,
        question=question(version, "role"),
        value="teacher",
        reason="Respondent wrote to say she is a teacher.",
    )
    path = url("response-detail", world, key="year-1", response_id=response.pk)
    page = client_for(world.organiser).get(path)
    [correction] = page.context["corrections"]
    assert correction.by == "researcher"
    assert correction.code == "role"
    assert correction.old == ["Director"]
    assert correction.new == ["Teacher"]
    html = page.content.decode()
    assert "Respondent wrote to say she is a teacher." in html
    assert "Correct" not in html.split("answers-heading", 1)[1].split("corrections-heading")[0]


def test_a_response_without_research_consent_cannot_be_opened(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    withdraw_consent(world, world.member)
    client = client_for(world.researcher)
    assert (
        client.get(url("response-detail", world, key="year-1", response_id=response.pk)).status_code
        == 404
    )
    path = url(
        "response-correct",
        world,
        key="year-1",
        response_id=response.pk,
        question_id=question(version, "years").pk,
    )
    assert client.post(path, {"value": "10", "reason": "r"}).status_code == 404
    assert stored(response)["years"] == 9


def test_a_response_of_another_moment_is_not_found_here(world, moment, version):
    other = f.MeasurementMomentFactory(trajectory=world.trajectory, key="baseline")
    response = respond(other, version, world.member, TYPICAL)
    path = url("response-detail", world, key="year-1", response_id=response.pk)
    assert client_for(world.researcher).get(path).status_code == 404


def test_the_detail_takes_the_same_number_of_queries_with_more_corrections(
    world, moment, version, django_assert_max_num_queries
):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(world.researcher)
    path = url("response-detail", world, key="year-1", response_id=response.pk)
    with django_assert_max_num_queries(12) as small:
        client.get(path)
    for years in range(10, 20):
        response_correct(
            actor=world.researcher,
            response=response,
            question=question(version, "years"),
            value=str(years),
            reason=f"correction {years}",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(path)
    assert len(page.context["corrections"]) == 10


# --- correcting -------------------------------------------------------------


def correct_url(world: World, response: Response, version: InstrumentVersion, code: str) -> str:
    return url(
        "response-correct",
        world,
        key="year-1",
        response_id=response.pk,
        question_id=question(version, code).pk,
    )


def test_the_researcher_corrects_an_answer_with_a_logged_reason(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(world.researcher)
    path = correct_url(world, response, version, "years")
    form = client.get(path)
    assert form.status_code == 200
    assert form.context["form"]["value"].value() == "9"
    done = client.post(path, {"value": "19", "reason": "Typo confirmed by e-mail."}, follow=True)
    assert done.redirect_chain[-1][0].startswith(
        url("response-detail", world, key="year-1", response_id=response.pk)
    )
    assert "was corrected" in done.content.decode()
    assert stored(response)["years"] == 19
    entry = AuditEntry.objects.get(action="response_correct")
    assert entry.actor == world.researcher
    assert entry.object_id == str(response.pk)
    assert entry.detail == {
        "question": "years",
        "old": 9,
        "new": 19,
        "reason": "Typo confirmed by e-mail.",
    }


def test_a_multiple_choice_answer_is_corrected_with_checkboxes(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    path = correct_url(world, response, version, "tasks")
    client = client_for(world.researcher)
    page = client.get(path).content.decode()
    assert 'type="checkbox"' in page and "Leading (lead)" in page
    client.post(path, {"value": ["coach", "lead"], "reason": "Paper form read again."})
    assert stored(response)["tasks"] == ["lead", "coach"]


def test_a_choice_answer_is_corrected_with_a_select_that_can_remove_it(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    path = correct_url(world, response, version, "cont")
    page = client_for(world.researcher).get(path).content.decode()
    assert "<select" in page and "(no answer)" in page
    client_for(world.researcher).post(path, {"value": "", "reason": "Answered by mistake."})
    assert "cont" not in stored(response)
    assert AuditEntry.objects.get(action="response_correct").detail["new"] is None


def test_a_hidden_question_can_be_answered_after_its_condition_is_corrected(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(world.researcher)
    client.post(correct_url(world, response, version, "cont"), {"value": "no", "reason": "r1"})
    client.post(
        correct_url(world, response, version, "why_not"),
        {"value": "Too busy.", "reason": "From the paper form."},
    )
    assert stored(response)["why_not"] == "Too busy."
    page = client.get(url("response-detail", world, key="year-1", response_id=response.pk))
    assert {item.question.code: item.shown for item in page.context["answers"]}["why_not"]


def test_a_correction_without_a_reason_is_refused_and_nothing_is_written(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    page = client_for(world.researcher).post(
        correct_url(world, response, version, "years"), {"value": "19", "reason": "  "}
    )
    assert page.status_code == 200
    assert "Say why the answer is corrected." in page.content.decode()
    assert stored(response)["years"] == 9
    assert not AuditEntry.objects.filter(action="response_correct").exists()


def test_an_invalid_value_is_shown_next_to_the_field_and_nothing_is_written(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    page = client_for(world.researcher).post(
        correct_url(world, response, version, "years"), {"value": "99", "reason": "Typo"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["value"] == ["years: at most 45"]
    assert stored(response)["years"] == 9
    assert not AuditEntry.objects.filter(action="response_correct").exists()


def test_the_same_answer_again_is_not_a_correction(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    page = client_for(world.researcher).post(
        correct_url(world, response, version, "role"), {"value": "director", "reason": "Check"}
    )
    assert "already has this answer" in page.context["form"].errors["value"][0]
    assert not AuditEntry.objects.filter(action="response_correct").exists()


def test_a_response_in_progress_cannot_be_corrected(world, moment, version):
    response = respond(moment, version, world.member, {"years": 9}, submitted=False)
    client = client_for(world.researcher)
    path = correct_url(world, response, version, "years")
    page = client.get(path)
    assert page.context["form"] is None
    assert "only submitted responses can be corrected" in page.content.decode()
    refused = client.post(path, {"value": "19", "reason": "Typo"})
    assert refused.status_code == 400
    assert stored(response)["years"] == 9
    assert not AuditEntry.objects.filter(action="response_correct").exists()


def test_a_question_of_another_version_is_not_found(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    stranger = f.QuestionFactory(code="years", kind=Kind.NUMBER)
    path = url(
        "response-correct",
        world,
        key="year-1",
        response_id=response.pk,
        question_id=stranger.pk,
    )
    assert client_for(world.researcher).get(path).status_code == 404


def test_an_organiser_sees_but_cannot_correct(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(world.organiser)
    detail = client.get(url("response-detail", world, key="year-1", response_id=response.pk))
    assert detail.status_code == 200
    path = correct_url(world, response, version, "years")
    assert client.get(path).status_code == 403
    assert client.post(path, {"value": "19", "reason": "Typo"}).status_code == 403
    assert stored(response)["years"] == 9


def test_a_superuser_may_correct(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    admin = factories.UserFactory(username="admin", is_superuser=True)
    client_for(admin).post(
        correct_url(world, response, version, "years"), {"value": "19", "reason": "Typo"}
    )
    assert stored(response)["years"] == 19


@pytest.mark.parametrize("persona", ["outsider", "participant", "coach", "director"])
def test_other_roles_are_refused(world, moment, version, persona):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(getattr(world, persona))
    assert client.get(url("response-list", world, key="year-1")).status_code == 403
    detail = url("response-detail", world, key="year-1", response_id=response.pk)
    assert client.get(detail).status_code == 403
    path = correct_url(world, response, version, "years")
    assert client.post(path, {"value": "19", "reason": "Typo"}).status_code == 403
    assert stored(response)["years"] == 9


def test_someone_without_a_role_does_not_see_the_responses(world, moment, version):
    response = respond(moment, version, world.member, TYPICAL)
    client = client_for(factories.UserFactory(username="stranger"))
    assert client.get(url("response-list", world, key="year-1")).status_code == 404
    path = correct_url(world, response, version, "years")
    assert client.post(path, {"value": "19", "reason": "Typo"}).status_code == 404
    assert stored(response)["years"] == 9


def test_the_moment_page_links_to_the_responses(world, moment, version):
    page = client_for(world.researcher).get(url("moment-detail", world, key="year-1"))
    assert url("response-list", world, key="year-1") in page.content.decode()
