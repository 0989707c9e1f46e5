"""An organiser invites a coach, who chooses a password from the e-mail; a wall of wrong
passwords locks the sign-in."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.conftest import World

PASSWORD = "correct horse battery"


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


def test_an_invited_coach_chooses_a_password_and_sees_their_plg(
    browser: Browser, page: Page, live_server, transactional_db, world: World
):
    base = live_server.url
    slug = world.trajectory.slug
    sign_in(page, base, "organiser", PASSWORD)
    expect(page).to_have_url(re.compile(rf"/t/{slug}/$"))
    page.locator(".site-menu summary", has_text="Register").click()
    page.get_by_role("link", name="Rollen").click()
    page.get_by_role("button", name="Iemand uitnodigen").click()
    page.locator("input[name=email]").fill("marie.claes@coach.example")
    page.locator("input[name=first_name]").fill("Marie")
    page.locator("input[name=last_name]").fill("Claes")
    page.locator("select[name=role]").select_option("coach")
    page.locator("select[name=plg]").select_option(label=f"{world.other_plg.name} (PLG07)")
    page.get_by_role("button", name="Uitnodigen").click()
    expect(page).to_have_url(re.compile(rf"/t/{slug}/people/roles/$"))
    expect(page.get_by_text("uitnodiging openstaand")).to_be_visible()

    [message] = mail.outbox
    assert message.to == ["marie.claes@coach.example"]
    path = re.search(r"https?://[^/\s]+(/accounts/password/\S+/)", message.body).group(1)

    coach = browser.new_context(locale="nl-BE").new_page()
    coach.set_default_timeout(15_000)
    coach.goto(f"{base}{path}")
    expect(coach.get_by_role("heading", name="Kies je wachtwoord")).to_be_visible()
    coach.locator("input[name=new_password1]").fill("PLG-zeven-begeleiden")
    coach.locator("input[name=new_password2]").fill("PLG-zeven-begeleiden")
    coach.get_by_role("button", name="Wachtwoord bewaren").click()
    expect(coach.get_by_role("heading", name="Je wachtwoord is bewaard")).to_be_visible()
    coach.get_by_role("button", name="Aanmelden").click()
    expect(coach).to_have_url(re.compile(r"/accounts/login/$"))
    sign_in(coach, base, "marie.claes@coach.example", "PLG-zeven-begeleiden")
    expect(coach).to_have_url(re.compile(rf"/t/{slug}/$"))
    coach.goto(f"{base}/t/{slug}/plgs/")
    plgs = coach.locator("main table")
    expect(plgs).to_contain_text(world.other_plg.name)
    expect(plgs.get_by_text(world.plg.name, exact=True)).to_have_count(0)
    coach.context.close()


def test_ten_wrong_passwords_lock_the_sign_in(page: Page, live_server, transactional_db, world):
    for _ in range(9):
        sign_in(page, live_server.url, "coach", "wrong password")
        expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam en wachtwoord")
    sign_in(page, live_server.url, "coach", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("Te veel mislukte pogingen")
    sign_in(page, live_server.url, "coach", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Te veel mislukte pogingen")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
