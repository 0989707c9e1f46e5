"""A participant answers a survey through the personal link in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from leadtogether.surveys.models import Answer, Invitation, Response
from tests.surveys.test_concurrent_submit import serving_with_own_connections
from tests.surveys.test_responses import Survey, build_survey


@pytest.fixture
def server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    # Every request its own database connection: the autosaves and a double click
    # reach the server at the same time, as they do in production.
    with serving_with_own_connections(tmp_path) as url:
        yield url


def open_link(browser: Browser, url: str) -> Page:
    """The link opened in a fresh browser window (no cookies from an earlier visit)."""
    page = browser.new_context(locale="nl-BE").new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return page


def saved(page: Page, question_pk: int):
    return page.locator(f"#status-{question_pk} .saved")


def button(page: Page, action: str):
    return page.locator(f"form.survey button[name=action][value={action}]:visible")


def test_leave_halfway_come_back_finish_and_submit_twice(browser: Browser, server: str):
    survey: Survey = build_survey()
    url = f"{server}/s/{survey.token}/"

    page = open_link(browser, url)
    expect(page.get_by_text("Wat is uw functie?")).to_be_visible()
    page.get_by_label("director (nl)").check()
    expect(saved(page, survey.role.pk)).to_be_visible()  # saved as it changed
    page.locator(f"input[name=answer-{survey.years.pk}]").fill("14")
    button(page, "next").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.get_by_text("Waarom niet?")).to_have_count(0)
    page.get_by_label("no (nl)").check()
    expect(saved(page, survey.cont.pk)).to_be_visible()
    page.context.close()  # leaves halfway

    page = open_link(browser, url)  # back later with the same link
    expect(page).to_have_url(url)
    expect(page.get_by_label("no (nl)")).to_be_checked()
    expect(page.get_by_text("Waarom niet?")).to_be_visible()  # shown after the saved "no"
    button(page, "previous").click()
    expect(page.get_by_label("director (nl)")).to_be_checked()
    expect(page.locator(f"input[name=answer-{survey.years.pk}]")).to_have_value("14")
    button(page, "next").click()
    page.locator(f"textarea[name=answer-{survey.why_not.pk}]").fill("Te weinig tijd.")

    # A second tab still holds the last page with its form.
    stale = page.context.new_page()
    stale.goto(f"{url}?page=2")
    expect(button(stale, "submit")).to_be_visible()

    button(page, "submit").dblclick()
    expect(page).to_have_url(url)
    expect(page.locator("form.survey")).to_have_count(0)
    # Back to the last page: it is not kept in the browser's cache, so it comes
    # back from the server as the thank-you page, with nothing to edit.
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator("form.survey")).to_have_count(0)

    stale.locator(f"textarea[name=answer-{survey.why_not.pk}]").fill("Iets anders.")
    button(stale, "submit").click()
    expect(stale).to_have_url(url)
    expect(stale.locator("form.survey")).to_have_count(0)
    page.context.close()

    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    answers = Answer.objects.filter(response=response).values_list("question__code", "value")
    assert dict(answers) == {
        "role": "director",
        "years": 14,
        "continue": "no",
        "why_not": "Te weinig tijd.",
    }
    assert Invitation.objects.get().completed_at == response.submitted_at
