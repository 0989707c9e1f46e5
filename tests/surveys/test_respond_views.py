"""Answering through a personal link with the Django test client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys import ratelimit
from leadtogether.surveys.models import Answer, Question, Response
from leadtogether.surveys.services.invitations import new_token
from leadtogether.surveys.services.responses import (
    response_answers_save,
    response_open,
    response_submit,
    version_questions,
)
from tests.surveys import factories as f
from tests.surveys.test_responses import Survey, build_survey

TODAY = dt.date.today


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> Iterator[None]:
    """The count of unknown links lives in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(world) -> Survey:
    return build_survey(person=world.member, trajectory=world.trajectory)


def english_client() -> Client:
    """A respondent who chose English (the interface is Dutch by default)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def link(token: str, page: int | None = None) -> str:
    url = reverse("respond:survey", kwargs={"token": token})
    return f"{url}?page={page}" if page else url


def autosave_url(token: str) -> str:
    return reverse("respond:autosave", kwargs={"token": token})


def name(question: Question) -> str:
    return f"answer-{question.pk}"


def page_post(
    client: Client, survey: Survey, page: int, action: str, answers: dict[Question, object]
):
    """Post a page as the browser does: the page's shown questions and their fields."""
    data: dict[str, object] = {
        "version": survey.version.pk,
        "page": page,
        "action": action,
        "shown": [question.pk for question in answers],
    }
    data.update({name(question): value for question, value in answers.items()})
    return client.post(link(survey.token), data)


def stored(survey: Survey) -> dict[str, object]:
    return dict(
        Answer.objects.filter(response__invitation=survey.invitation).values_list(
            "question__code", "value"
        )
    )


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def text(response) -> str:
    return response.content.decode()


def test_the_whole_survey_from_the_link_to_the_thank_you_page(survey):
    client = Client()
    first = client.get(link(survey.token))
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]  # answers stay out of shared caches
    page = text(first)
    assert '<html lang="nl">' in page
    assert "Wat is uw functie?" in page
    assert "Wilt u de PLG voortzetten?" not in page
    assert "/t/traject/" not in page  # no navigation to the trajectory's pages

    moved = page_post(client, survey, 1, "next", {survey.role: "director", survey.years: "14"})
    assert moved.status_code == 302
    assert moved["Location"] == link(survey.token, 2)
    second = text(client.get(moved["Location"]))
    assert "Wilt u de PLG voortzetten?" in second
    assert "Waarom niet?" not in second

    # "no" reveals a question on this page: the page comes back with it instead of submitting.
    stay = page_post(client, survey, 2, "submit", {survey.cont: "no"})
    assert stay["Location"] == link(survey.token, 2)
    assert "Waarom niet?" in text(client.get(stay["Location"]))
    assert survey.response().status == Response.Status.IN_PROGRESS

    done = page_post(
        client, survey, 2, "submit", {survey.cont: "no", survey.why_not: "Geen tijd meer."}
    )
    assert done["Location"] == link(survey.token)
    thanks = client.get(done["Location"])
    assert thanks.status_code == 200
    assert '<form method="post" action="/s/' not in text(thanks)
    response = survey.response()
    assert response.status == Response.Status.SUBMITTED
    assert stored(survey) == {
        "role": "director",
        "years": 14,
        "continue": "no",
        "why_not": "Geen tijd meer.",
    }
    survey.invitation.refresh_from_db()
    assert survey.invitation.started_at is not None
    assert survey.invitation.completed_at == response.submitted_at
    received = timezone.localtime(response.submitted_at).strftime("%H:%M")
    assert received in text(thanks)


def test_coming_back_with_the_same_link_shows_every_answer(survey):
    page_post(Client(), survey, 1, "next", {survey.role: "deputy", survey.years: "3"})

    later = Client()  # another day, another browser
    resumed = text(later.get(link(survey.token)))
    assert "Wilt u de PLG voortzetten?" in resumed  # the first page still to answer
    page_one = text(later.get(link(survey.token, 1)))
    assert f'name="{name(survey.role)}" value="deputy" checked' in page_one
    assert f'name="{name(survey.years)}" value="3"' in page_one


def test_previous_saves_the_page_and_goes_back(survey):
    client = Client()
    page_post(client, survey, 1, "next", {survey.role: "deputy"})
    back = page_post(client, survey, 2, "previous", {survey.cont: "yes"})
    assert back["Location"] == link(survey.token, 1)
    assert stored(survey) == {"role": "deputy", "continue": "yes"}


def test_an_invalid_answer_is_shown_next_to_its_question_and_the_others_are_saved(survey):
    client = english_client()
    shown = page_post(client, survey, 1, "next", {survey.role: "director", survey.years: "veel"})
    assert shown.status_code == 200
    page = text(shown)
    assert "not a number: &#x27;veel&#x27;" in page
    assert f'name="{name(survey.years)}" value="veel"' in page  # what was typed stays
    assert stored(survey) == {"role": "director"}


def test_a_huge_number_through_the_link_is_refused(survey):
    Question.objects.filter(pk=survey.years.pk).update(min_value=None, max_value=None)
    client = english_client()

    shown = page_post(client, survey, 1, "next", {survey.role: "director", survey.years: "1e300"})

    assert shown.status_code == 200
    assert "between -999999999 and 999999999" in text(shown)
    assert stored(survey) == {"role": "director"}


def test_submitting_without_a_required_answer_names_it_and_goes_to_its_page(survey):
    client = english_client()
    page_post(client, survey, 1, "next", {survey.years: "3"})
    refused = page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    assert refused["Location"] == link(survey.token, 1)
    page = text(client.get(refused["Location"]))
    assert "Please answer the required questions first: What is your role?" in page
    assert survey.response().status == Response.Status.IN_PROGRESS
    assert stored(survey) == {"years": 3, "continue": "yes"}


def test_a_second_submit_changes_nothing(survey):
    client = Client()
    answers = {survey.role: "director", survey.years: "5"}
    page_post(client, survey, 1, "next", answers)
    first = page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    submitted_at = survey.response().submitted_at

    second = page_post(client, survey, 2, "submit", {survey.cont: "yes"})

    assert first.status_code == second.status_code == 302
    assert second["Location"] == link(survey.token)
    assert Response.objects.count() == 1
    assert survey.response().submitted_at == submitted_at
    assert stored(survey) == {"role": "director", "years": 5, "continue": "yes"}
    assert AuditEntry.objects.filter(action="response_submit").count() == 1


def test_a_stale_page_cannot_change_a_submitted_response(survey):
    client = english_client()
    page_post(client, survey, 1, "next", {survey.role: "director"})
    page_post(client, survey, 2, "submit", {survey.cont: "yes"})

    stale = page_post(client, survey, 1, "save", {survey.role: "deputy"})
    page = text(client.get(stale["Location"]))

    assert "can no longer be changed" in page
    assert "your answers were received on" in page
    assert stored(survey) == {"role": "director", "continue": "yes"}


def test_autosave_saves_one_answer_and_says_so(survey):
    client = english_client()
    saved = client.post(
        autosave_url(survey.token),
        {"question": survey.years.pk, name(survey.years): "8", name(survey.role): "deputy"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert "Saved at" in text(saved)
    assert stored(survey) == {"years": 8}

    refused = client.post(
        autosave_url(survey.token), {"question": survey.years.pk, name(survey.years): "99"}
    )
    assert "at most 45" in text(refused)
    assert stored(survey) == {"years": 8}


def test_autosave_refuses_a_question_of_another_survey(survey):
    stranger = f.QuestionFactory(code="stranger")
    refused = english_client().post(
        autosave_url(survey.token), {"question": stranger.pk, name(stranger): "x"}
    )
    assert "not part of the survey" in text(refused)
    assert not Response.objects.exists()


def test_autosave_refuses_a_submitted_response(survey):
    response = response_open(invitation=survey.invitation, version=survey.version)
    questions = {q.code: q for q in version_questions(survey.version)}
    response_answers_save(
        response=response, raw_answers={questions["role"]: "director", questions["continue"]: "yes"}
    )
    response_submit(response=response)
    survey.moment.moment_instruments.create(version=f.InstrumentVersionFactory(), position=2)

    refused = english_client().post(
        autosave_url(survey.token), {"question": survey.role.pk, name(survey.role): "deputy"}
    )
    assert "can no longer be changed" in text(refused)
    assert stored(survey) == {"role": "director", "continue": "yes"}


def test_the_page_works_without_javascript_and_autosaves_with_it(survey):
    page = text(Client().get(link(survey.token)))
    assert f'action="{link(survey.token)}"' in page
    assert f'hx-post="{autosave_url(survey.token)}"' in page
    assert 'name="action" value="next"' in page


def test_a_multiple_choice_answer_can_be_cleared_and_an_untouched_radio_is_kept(survey):
    roles = f.choice_question(survey.version, "roles", Question.Kind.MULTIPLE, ["a", "b", "c"])
    client = Client()
    page_post(client, survey, 1, "save", {survey.role: "deputy", roles: ["a", "c"]})
    assert stored(survey)["roles"] == ["a", "c"]

    # Nothing checked: the page sends only the empty marker; no radio chosen: nothing.
    client.post(
        link(survey.token),
        {
            "version": survey.version.pk,
            "page": 1,
            "action": "save",
            "shown": [survey.role.pk, roles.pk],
            name(roles): "",
        },
    )
    assert stored(survey) == {"role": "deputy"}


def test_the_questionnaires_of_a_moment_are_answered_in_order(survey):
    second = f.InstrumentVersionFactory(instrument__name_nl="Slotbevraging")
    f.MomentInstrumentFactory(moment=survey.moment, version=second, position=2)
    f.QuestionFactory(version=second, code="wish", text_nl="Wat wenst u nog?")
    client = Client()
    page_post(client, survey, 1, "next", {survey.role: "director"})
    page_post(client, survey, 2, "submit", {survey.cont: "yes"})

    page = text(client.get(link(survey.token)))
    assert "Slotbevraging" in page
    assert "Wat wenst u nog?" in page
    survey.invitation.refresh_from_db()
    assert survey.invitation.completed_at is None


def test_the_respondent_can_switch_to_english(survey):
    client = Client()
    switched = client.post(
        reverse("accounts:language"), {"language": "en", "next": link(survey.token)}
    )
    assert switched["Location"] == link(survey.token)
    page = text(client.get(link(survey.token)))
    assert '<html lang="en">' in page
    assert "What is your role?" in page
    assert "Wat is uw functie?" not in page


def test_an_unknown_link_gets_a_clear_page_and_writes_nothing(survey):
    before = row_counts()
    client = english_client()
    for method in ("get", "post"):
        response = getattr(client, method)(link(new_token()))
        assert response.status_code == 404
        assert "This survey link is not known" in text(response)
    assert client.post(autosave_url(new_token()), {"question": survey.role.pk}).status_code == 404
    assert row_counts() == before


def test_a_signed_in_outsider_gets_nothing_without_the_link(survey, world):
    client = english_client()
    client.force_login(world.outsider)
    before = row_counts()
    guessed = client.post(
        link(new_token()),
        {"version": survey.version.pk, "page": 1, "action": "next", name(survey.role): "deputy"},
    )
    assert guessed.status_code == 404
    assert "This survey link is not known" in text(guessed)
    assert row_counts() == before


def test_a_closed_link_says_when_it_closed_and_writes_nothing(world):
    survey = build_survey(
        person=world.member,
        opens_on=TODAY() - dt.timedelta(days=60),
        closes_on=TODAY() - dt.timedelta(days=1),
    )
    before = row_counts()
    client = english_client()
    shown = client.get(link(survey.token))
    posted = page_post(client, survey, 1, "submit", {survey.role: "director"})
    saved = client.post(
        autosave_url(survey.token), {"question": survey.role.pk, name(survey.role): "director"}
    )
    assert shown.status_code == posted.status_code == 410
    assert "This survey closed on" in text(shown)
    assert "cannot be saved" in text(saved)
    assert row_counts() == before


def test_the_closing_day_is_a_day_in_brussels(world):
    survey = build_survey(
        person=world.member, opens_on=dt.date(2022, 5, 1), closes_on=dt.date(2022, 6, 30)
    )
    # 21:30 UTC on 30 June is 23:30 in Brussels: still open.
    with time_machine.travel(dt.datetime(2022, 6, 30, 21, 30, tzinfo=dt.UTC), tick=False):
        assert english_client().get(link(survey.token)).status_code == 200
    # 22:30 UTC is 00:30 on 1 July in Brussels: closed.
    with time_machine.travel(dt.datetime(2022, 6, 30, 22, 30, tzinfo=dt.UTC), tick=False):
        closed = english_client().get(link(survey.token))
    assert closed.status_code == 410
    assert "closed on 30 June 2022" in text(closed)


def test_a_link_not_open_yet_says_when_it_opens_and_writes_nothing(world):
    opens = TODAY() + dt.timedelta(days=3)
    survey = build_survey(
        person=world.member, opens_on=opens, closes_on=opens + dt.timedelta(days=30)
    )
    before = row_counts()
    client = english_client()
    shown = client.get(link(survey.token))
    page_post(client, survey, 1, "next", {survey.role: "director"})
    assert shown.status_code == 200
    assert f"This survey opens on {opens.day} " in text(shown)
    assert 'name="action"' not in text(shown)
    assert row_counts() == before


def test_a_completed_link_thanks_and_offers_nothing_to_edit(survey):
    client = english_client()
    page_post(client, survey, 1, "next", {survey.role: "director"})
    page_post(client, survey, 2, "submit", {survey.cont: "yes"})
    before = row_counts()

    page = client.get(link(survey.token, 1))
    posted = page_post(client, survey, 1, "next", {survey.role: "deputy"})

    assert page.status_code == 200
    assert "Thank you, your answers were received on" in text(page)
    assert "<input" not in text(page).split("<main", 1)[1]
    assert posted["Location"] == link(survey.token)
    assert row_counts() == before


def test_too_many_unknown_links_from_one_address_are_refused_for_a_while(survey):
    client = english_client()
    for _ in range(ratelimit.BAD_TOKEN_LIMIT):
        assert client.get(link(new_token())).status_code == 404
    refused = client.get(link(new_token()))
    assert refused.status_code == 429
    assert "Too many unknown survey links" in text(refused)
    # Also the real link: trying must not tell which tokens exist.
    assert client.get(link(survey.token)).status_code == 429
    # Another address is not affected.
    assert client.get(link(survey.token), REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get(link(new_token()), REMOTE_ADDR="192.0.2.7").status_code == 404


def test_the_count_of_unknown_links_ends_with_its_window(survey, settings):
    # The window is kept by the cache's own clock (Redis's, in production); the
    # in-memory cache follows the test's clock.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client = Client()
    with time_machine.travel(dt.datetime(2022, 5, 2, 9, 0, tzinfo=dt.UTC)) as traveller:
        for _ in range(ratelimit.BAD_TOKEN_LIMIT):
            client.get(link(new_token()))
        assert client.get(link(survey.token)).status_code == 429
        traveller.shift(dt.timedelta(seconds=ratelimit.BAD_TOKEN_WINDOW + 1))
        assert client.get(link(new_token())).status_code == 404


@pytest.mark.parametrize("count", [2, 40])
def test_the_survey_page_takes_a_bounded_number_of_queries(
    world, count, django_assert_max_num_queries
):
    survey = build_survey(person=world.member)
    extra = [
        f.choice_question(survey.version, f"item{i}", Question.Kind.LIKERT, list("12345"))
        for i in range(count)
    ]
    client = Client()
    page_post(client, survey, 1, "save", {question: "3" for question in extra})
    with django_assert_max_num_queries(8):
        page = client.get(link(survey.token, 1))
    assert text(page).count('value="3" checked') == count
