"""People clicking through the demo trajectory in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from leadtogether.demo import dataset
from leadtogether.demo.builder import demo_build

SLUG = dataset.TRAJECTORY.slug
PASSWORD = dataset.DEMO_PASSWORD


@pytest.fixture
def demo_server(transactional_db, live_server) -> str:
    demo_build()
    return live_server.url


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/t/{SLUG}/$"))


def test_a_participant_of_plg_3_sees_plg_3_and_not_plg_7(page: Page, demo_server: str):
    sign_in(page, demo_server, "deelnemer")
    page.get_by_role("link", name="PLG 3", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/t/{SLUG}/plgs/PLG03/$"))
    member = next(p for p in dataset.PEOPLE if p.plg_ref == "PLG03" and p.ref != "P019")
    expect(page.get_by_text(f"{member.first_name} {member.last_name}").first).to_be_visible()

    response = page.goto(f"{demo_server}/t/{SLUG}/plgs/PLG07/")
    assert response is not None and response.status in {403, 404}
    expect(page.get_by_text(member.last_name)).to_have_count(0)


def test_an_organiser_reads_table_2_in_english(page: Page, demo_server: str):
    sign_in(page, demo_server, "organisator")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name=re.compile("Table 2")).click()
    table = page.locator("table.report-table")
    expect(table).to_contain_text("PLG 15")
    last_row = table.locator("tbody tr").last
    expect(last_row).to_contain_text("131")
    expect(last_row).to_contain_text("73")


def test_signing_out_returns_to_the_login_page(page: Page, demo_server: str):
    sign_in(page, demo_server, "coach")
    page.locator(".site-account summary").click()
    page.get_by_role("button", name="Afmelden").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto(f"{demo_server}/t/{SLUG}/plgs/PLG03/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
