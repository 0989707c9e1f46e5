"""The header's menu: only what the signed-in person may open, grouped in sections, the
current one marked; a switcher for people in several trajectories."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from leadtogether.accounts.models import Role
from leadtogether.trajectories import navigation
from leadtogether.trajectories.access import trajectory_access
from tests import factories
from tests.conftest import World

PERSONAS = ["organiser", "coach", "participant", "outsider", "director", "researcher"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _menu_html(html: str) -> str:
    start = html.index('<ul class="site-menu">')
    return html[start : html.index("</ul>\n\n", start)]


def menu_links(client: Client, path: str) -> list[str]:
    """The trajectory pages the header's menu offers on PATH."""
    html = client.get(path).content.decode()
    return re.findall(r'href="(/t/[^"]+)"', _menu_html(html))


def dashboard(world: World) -> str:
    return reverse("trajectories:dashboard", kwargs={"slug": world.trajectory.slug})


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_of_the_menu_opens(world, persona):
    client = _client(getattr(world, persona))
    links = menu_links(client, dashboard(world))
    assert links
    assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)


def test_a_researcher_is_offered_no_plgs_and_no_calendar(world):
    links = menu_links(_client(world.researcher), dashboard(world))
    slug = world.trajectory.slug
    assert reverse("trajectories:plg-list", kwargs={"slug": slug}) not in links
    assert reverse("trajectories:calendar", kwargs={"slug": slug}) not in links
    assert reverse("analysis:report-list", kwargs={"slug": slug}) in links


def test_a_participant_sees_no_registry_section(world):
    html = _client(world.participant).get(dashboard(world)).content.decode()
    menu = _menu_html(html)
    assert "/registry/" not in menu
    assert "Registry" not in menu and "Register" not in menu


def test_an_organiser_sees_the_pages_in_four_sections(world):
    html = _client(world.organiser).get(dashboard(world)).content.decode()
    summaries = re.findall(r"<summary[^>]*>([^<]+)</summary>", _menu_html(html))
    assert summaries[:3] == ["Traject", "Register", "Bevragingen"]
    assert len(menu_links(_client(world.organiser), dashboard(world))) == 12


def test_the_current_section_and_page_are_marked(world):
    path = reverse("registry:school-list", kwargs={"slug": world.trajectory.slug})
    menu = _menu_html(_client(world.organiser).get(path).content.decode())
    assert '<summary aria-current="true">Register</summary>' in menu
    assert f'<a href="{path}" aria-current="page">Scholen</a>' in menu
    assert menu.count('aria-current="page"') == 1


def test_a_detail_page_marks_its_list_as_current(world):
    slug = world.trajectory.slug
    path = reverse("trajectories:plg-detail", kwargs={"slug": slug, "plg_ref": world.plg.ref})
    menu = _menu_html(_client(world.participant).get(path).content.decode())
    plgs = reverse("trajectories:plg-list", kwargs={"slug": slug})
    assert f'<a href="{plgs}" aria-current="page">' in menu


def test_a_section_of_one_page_is_a_plain_link(world):
    access = trajectory_access(world.organiser, world.trajectory.slug)
    sections = {s.key: s for s in navigation.menu(access).sections}
    assert sections["reports"].single is not None
    assert sections["registry"].single is None


def test_a_short_menu_shows_its_pages_side_by_side(world):
    access = trajectory_access(world.participant, world.trajectory.slug)
    menu = navigation.menu(access)
    assert menu.flat
    assert [s.key for s in menu.sections] == ["trajectory"]
    assert not navigation.menu(trajectory_access(world.organiser, world.trajectory.slug)).flat


def test_someone_in_two_trajectories_switches_from_the_header(world):
    second = factories.TrajectoryFactory(slug="tweede", name="Tweede traject")
    factories.grant(world.coach, second, Role.PARTICIPANT)
    html = _client(world.coach).get(dashboard(world)).content.decode()
    header = html[html.index('<li class="site-trajectory">') : html.index('<ul class="site-menu">')]
    assert reverse("trajectories:dashboard", kwargs={"slug": "tweede"}) in header
    assert "Tweede traject" in header


def test_someone_in_one_trajectory_gets_no_switcher(world):
    html = _client(world.coach).get(dashboard(world)).content.decode()
    header = html[html.index('<li class="site-trajectory">') : html.index('<ul class="site-menu">')]
    assert "<details" not in header


def test_home_lists_the_trajectories_of_someone_in_several(world):
    second = factories.TrajectoryFactory(slug="tweede", name="Tweede traject")
    factories.grant(world.coach, second, Role.PARTICIPANT)
    response = _client(world.coach).get(reverse("home"))
    assert response.status_code == 200
    assert "Tweede traject" in response.content.decode()
    assert world.trajectory.name in response.content.decode()


def test_pages_outside_a_trajectory_have_no_menu(world):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert "/t/" not in _menu_html(html)
