"""The dashboard is made of panels that apps register; the user's own things first."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from leadtogether.trajectories import panels
from leadtogether.trajectories.access import trajectory_access
from tests.conftest import World
from tests.surveys.factories import InvitationFactory, MeasurementMomentFactory

NOW = dt.datetime(2022, 5, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def dashboard(client_user) -> str:
    client = Client()
    client.force_login(client_user)
    return client.get(reverse("trajectories:dashboard", kwargs={"slug": "traject"}))


def test_a_participant_sees_their_open_survey_with_its_personal_link(world: World):
    moment = MeasurementMomentFactory(trajectory=world.trajectory, name="Eerste bevraging")
    invitation = InvitationFactory(moment=moment, person=world.member)
    page = dashboard(world.participant).content.decode()
    assert "Jouw open vragenlijsten" in page
    assert "Eerste bevraging" in page
    assert f'href="/s/{invitation.token}/"' in page


def test_a_survey_that_is_not_open_is_not_offered(world: World):
    closed = MeasurementMomentFactory(
        trajectory=world.trajectory, opens_on=dt.date(2022, 1, 1), closes_on=dt.date(2022, 5, 14)
    )
    invitation = InvitationFactory(moment=closed, person=world.member)
    page = dashboard(world.participant).content.decode()
    assert invitation.token not in page
    assert "Jouw open vragenlijsten" not in page


def test_a_submitted_survey_is_thanked_for_not_offered_again(world: World):
    moment = MeasurementMomentFactory(trajectory=world.trajectory)
    invitation = InvitationFactory(moment=moment, person=world.member, completed_at=NOW)
    page = dashboard(world.participant).content.decode()
    assert "Ingediend, bedankt." in page
    assert invitation.token not in page


def test_nobody_sees_anothers_survey_link(world: World):
    moment = MeasurementMomentFactory(trajectory=world.trajectory)
    invitation = InvitationFactory(moment=moment, person=world.other_member)
    assert invitation.token not in dashboard(world.participant).content.decode()
    assert invitation.token not in dashboard(world.organiser).content.decode()


def test_a_participant_sees_their_plg_and_no_trajectory_figures(world: World):
    response = dashboard(world.participant)
    page = response.content.decode()
    assert "Jouw PLG" in page
    assert (
        reverse("trajectories:plg-detail", kwargs={"slug": "traject", "plg_ref": "PLG03"}) in page
    )
    assert "In cijfers" not in page
    assert "counts" not in response.context


@pytest.mark.parametrize("persona", ["coach", "director", "outsider"])
def test_only_organisers_and_researchers_see_the_trajectory_figures(world: World, persona):
    assert "In cijfers" not in dashboard(getattr(world, persona)).content.decode()


def test_the_organiser_sees_the_trajectory_figures(world: World):
    assert "In cijfers" in dashboard(world.organiser).content.decode()


def test_the_open_surveys_come_first(world: World):
    moment = MeasurementMomentFactory(trajectory=world.trajectory)
    InvitationFactory(moment=moment, person=world.member)
    page = dashboard(world.participant).content.decode()
    assert page.index("Jouw open vragenlijsten") < page.index("Jouw volgende sessies")
    assert page.index("Jouw volgende sessies") < page.index("Jouw PLG")


def test_a_registered_panel_shows_where_its_order_says(world: World):
    access = trajectory_access(world.participant, "traject")
    extra = panels.Panel("extra", 25, lambda access: panels.Shown("extra.html", {"n": 1}))
    panels.register(extra)
    try:
        shown = panels.panels_for(access)
    finally:
        panels._PANELS.pop("extra")
    assert [p.template for p in shown] == [
        "trajectories/panels/next_sessions.html",
        "extra.html",
        "trajectories/panels/plgs.html",
    ]


def test_a_panel_with_nothing_to_show_is_left_out(world: World):
    access = trajectory_access(world.researcher, "traject")
    templates = [shown.template for shown in panels.panels_for(access)]
    assert templates == ["trajectories/panels/figures.html"]
