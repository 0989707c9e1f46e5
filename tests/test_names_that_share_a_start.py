"""PLGs and partnerships whose names start alike ("Groep A" and "Groep A2") are listed on
every page and in every report, in natural order."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.analysis.reports import REPORTS
from leadtogether.surveys.models import Invitation
from leadtogether.surveys.services.invitations import invitations_create
from leadtogether.trajectories.models import PLG
from tests import factories
from tests.conftest import World
from tests.surveys import factories as f

DURING = dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def alike(world: World) -> World:
    PLG.objects.filter(pk=world.plg.pk).update(name="Groep A2")
    PLG.objects.filter(pk=world.other_plg.pk).update(name="Groep A")
    world.plg.partnership.name = "X2"
    world.plg.partnership.save()
    world.other_plg.partnership.name = "X"
    world.other_plg.partnership.save()
    factories.SessionFactory(trajectory=world.trajectory, plg=world.plg)
    factories.SessionFactory(trajectory=world.trajectory, plg=world.other_plg)
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory,
        key="year-1",
        opens_on=dt.date(2022, 5, 1),
        closes_on=dt.date(2022, 6, 30),
    )
    invitations_create(actor=None, moment=moment)
    Invitation.objects.filter(moment=moment).update(sent_at=DURING, started_at=DURING)
    return world


def organiser_client(world: World) -> Client:
    client = Client()
    client.force_login(world.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(world: World, url_name: str, **kwargs: object) -> str:
    return reverse(url_name, kwargs={"slug": world.trajectory.slug, **kwargs})


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("trajectories:dashboard", {}),
        ("trajectories:plg-list", {}),
        ("trajectories:composer", {}),
        ("registry:partnership-list", {}),
        ("surveys:moment-detail", {"key": "year-1"}),
    ],
)
def test_pages_open_with_groep_a_and_groep_a2(alike, name, kwargs):
    with time_machine.travel(DURING, tick=False):
        response = organiser_client(alike).get(page(alike, name, **kwargs))

    assert response.status_code == 200
    assert "Groep A2" in response.content.decode()


def test_the_plg_list_puts_groep_a_before_groep_a2(alike):
    content = organiser_client(alike).get(page(alike, "trajectories:plg-list")).content.decode()

    assert content.index("Groep A<") < content.index("Groep A2<")


@pytest.mark.parametrize("report", sorted(REPORTS))
@pytest.mark.parametrize("fmt", ["", "csv"])
def test_every_report_opens_with_groep_a_and_groep_a2(alike, report, fmt):
    url = page(alike, "analysis:report-detail", name=report)

    response = organiser_client(alike).get(url, {"format": fmt} if fmt else {})

    assert response.status_code == 200


def test_the_plg_overview_puts_groep_a_before_groep_a2(alike):
    url = page(alike, "analysis:report-detail", name="plg-overview")

    lines = organiser_client(alike).get(url, {"format": "csv"}).content.decode().splitlines()

    assert [line.split(",")[0] for line in lines[1:]] == ["Groep A", "Groep A2", "N"]
