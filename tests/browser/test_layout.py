"""The layout as people see it: every page a demo login's menu offers, and one detail page
of each kind it opens, fits a phone's width; the organiser's menu fits one row."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.test_demo_in_browser import demo_server, sign_in  # noqa: F401 - a fixture

LOGINS = ["organisator", "coach", "deelnemer", "directeur", "onderzoeker"]
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
# The detail pages of each kind, by their address (a list's "new/" page is not one).
DETAILS = {
    "plg": r"/plgs/[^/]+/$",
    "session": r"/sessions/(?!new/)[^/]+/$",
    "school": r"/registry/schools/(?!new/)[^/]+/$",
    "partnership": r"/registry/partnerships/(?!new/)[^/]+/$",
    "person": r"/registry/people/(?!new/)[^/]+/$",
    "moment": r"/surveys/moments/(?!new/|defaults/)[^/]+/$",
    "instrument": r"/surveys/instruments/(?!new/)[^/]+/$",
    "report": r"/reports/[^/]+/$",
    "survey": r"^/s/[^/]+/$",  # a participant's personal link on their dashboard
}
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"
LINKS = "els => els.map(a => a.getAttribute('href'))"


def visit(page: Page, base: str, path: str) -> list[str]:
    """Open PATH and return the problems seen: not 200, or sideways scrolling."""
    response = page.goto(base + path)
    problems = []
    if response is None or response.status != 200:
        problems.append(f"status {response.status if response else None}")
    overflow = page.evaluate(SIDEWAYS)
    if overflow > 0:
        problems.append(f"{overflow}px wider than the phone")
    return problems


def test_every_page_a_login_opens_fits_a_phone(page: Page, demo_server: str):  # noqa: F811
    page.set_viewport_size(PHONE)
    problems: dict[tuple[str, str], list[str]] = {}
    seen_kinds: dict[str, set[str]] = {}
    for username in LOGINS:
        page.context.clear_cookies()
        sign_in(page, demo_server, username)
        menu = page.locator(".phone-menu a[href^='/t/']").evaluate_all(LINKS)
        assert menu, username
        details: dict[str, str] = {}
        for path in menu:
            if found := visit(page, demo_server, path):
                problems[(username, path)] = found
            for href in page.locator("main a[href^='/']").evaluate_all(LINKS):
                for kind, pattern in DETAILS.items():
                    if kind not in details and re.search(pattern, href):
                        details[kind] = href
        for path in details.values():
            if found := visit(page, demo_server, path):
                problems[(username, path)] = found
        seen_kinds[username] = set(details)
    assert problems == {}
    assert seen_kinds["organisator"] == set(DETAILS) - {"survey"}
    assert seen_kinds["deelnemer"] == {"plg", "session", "survey"}
    assert seen_kinds["onderzoeker"] == {"moment", "instrument", "report"}


def test_the_organisers_menu_fits_one_row_on_a_wide_screen(page: Page, demo_server: str):  # noqa: F811
    page.set_viewport_size(WIDE)
    sign_in(page, demo_server, "organisator")
    row = page.evaluate(
        """() => {
          const nav = document.querySelector('.site-nav');
          const items = [...nav.querySelectorAll(':scope > ul > li')]
            .filter(li => li.getClientRects().length);
          const boxes = items.map(li => li.getBoundingClientRect());
          return {
            count: items.length,
            middles: boxes.map(b => Math.round(b.top + b.height / 2)),
            tallest: Math.max(...boxes.map(b => b.height)),
            nav: nav.getBoundingClientRect().height,
          };
        }"""
    )
    assert row["count"] >= 7  # brand, trajectory, four sections, language, account
    assert max(row["middles"]) - min(row["middles"]) <= 4, row
    assert row["nav"] <= row["tallest"] + 4, row
    assert page.evaluate(SIDEWAYS) <= 0
