"""The personal calendar feed (.ics): what each persona's calendar app receives, which
links stop working, and the box on the calendar page that shows the link."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry, Role, RoleGrant
from leadtogether.trajectories import services
from leadtogether.trajectories.models import CalendarFeed, Session
from tests import factories
from tests.conftest import World
from tests.trajectories.test_views_queries import grow

NOW = dt.datetime(2022, 1, 15, 12, 0, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}
KIND = Session.Kind


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sessions(world: World) -> None:
    t = world.trajectory
    factories.SessionFactory(
        trajectory=t,
        ref="TD1",
        title="Opleidingsdag gedeeld leiderschap",
        starts_at=at(2022, 2, 1),
        ends_at=at(2022, 2, 1, 16),
        location="Gent",
    )
    factories.SessionFactory(trajectory=t, ref="TD2", starts_at=at(2022, 5, 3))
    factories.SessionFactory(
        trajectory=t,
        ref="MEET3",
        kind=KIND.PLG_MEETING,
        plg=world.plg,
        starts_at=at(2022, 2, 10, 14),
        location="Brugge",
    )
    factories.SessionFactory(
        trajectory=t,
        ref="GONE3",
        kind=KIND.PLG_MEETING,
        plg=world.plg,
        starts_at=at(2022, 3, 10, 14),
        status=Session.Status.CANCELLED,
        cancel_reason="Staking van het openbaar vervoer",
    )
    factories.SessionFactory(
        trajectory=t,
        ref="MEET7",
        kind=KIND.PLG_MEETING,
        plg=world.other_plg,
        starts_at=at(2022, 2, 11, 14),
        title="Bijeenkomst zeven",
    )
    factories.SessionFactory(
        trajectory=t,
        ref="COACH1",
        kind=KIND.COACHING,
        person=world.member,
        plg=world.plg,
        starts_at=at(2022, 3, 1, 10),
    )
    factories.SessionFactory(
        trajectory=t,
        ref="COACH7",
        kind=KIND.COACHING,
        person=world.other_member,
        plg=world.other_plg,
        starts_at=at(2022, 3, 2, 10),
    )


def feed_path(user, world: World) -> str:
    feed = services.calendar_feed_for(user=user, trajectory=world.trajectory)
    return reverse("trajectories:calendar-feed", kwargs={"slug": "traject", "token": feed.token})


def fetch(path: str) -> icalendar.Calendar:
    """The calendar a (signed-out) calendar app receives from PATH."""
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The events by session ref (the part of the UID before the @)."""
    found = {}
    for event in calendar.walk("VEVENT"):
        ref, domain = str(event["UID"]).split("@")
        assert domain == "traject.leadtogether"
        found[ref] = event
    return found


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def renew_url() -> str:
    return reverse("trajectories:calendar-feed-renew", kwargs={"slug": "traject"})


# --- what the feed holds -------------------------------------------------------------


def test_a_participant_gets_the_training_days_own_plg_meetings_and_own_coaching(world, sessions):
    found = events(fetch(feed_path(world.participant, world)))
    assert set(found) == {"TD1", "TD2", "MEET3", "GONE3", "COACH1"}


def test_the_outsider_gets_plg_7_and_nothing_of_plg_3(world, sessions):
    found = events(fetch(feed_path(world.outsider, world)))
    assert set(found) == {"TD1", "TD2", "MEET7", "COACH7"}


def test_the_coach_gets_the_coaching_of_the_own_plg_and_the_organiser_everything(world, sessions):
    coach = set(events(fetch(feed_path(world.coach, world))))
    assert coach == {"TD1", "TD2", "MEET3", "GONE3", "COACH1"}
    assert len(events(fetch(feed_path(world.organiser, world)))) == 7


def test_the_calendar_is_named_after_the_trajectory(world, sessions):
    calendar = fetch(feed_path(world.participant, world))
    assert str(calendar["X-WR-CALNAME"]) == "Traject schoolleiders"
    assert str(calendar["VERSION"]) == "2.0"


def test_an_event_has_its_times_in_utc_place_link_and_status(world, sessions):
    event = events(fetch(feed_path(world.participant, world)))["TD1"]
    assert event.decoded("DTSTART") == dt.datetime(2022, 2, 1, 8, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2022, 2, 1, 15, 0, tzinfo=dt.UTC)
    assert str(event["SUMMARY"]) == "Opleidingsdag gedeeld leiderschap"
    assert str(event["LOCATION"]) == "Gent"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == settings.SITE_URL + reverse(
        "trajectories:session-detail", kwargs={"slug": "traject", "session_ref": "TD1"}
    )


def test_without_an_end_a_session_lasts_two_hours(world, sessions):
    event = events(fetch(feed_path(world.participant, world)))["MEET3"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(hours=2)


def test_summaries_are_in_dutch_with_the_kind_and_the_plg(world, sessions):
    found = events(fetch(feed_path(world.organiser, world)))
    assert str(found["TD2"]["SUMMARY"]) == "Opleidingsdag"
    assert str(found["MEET3"]["SUMMARY"]) == "PLG-bijeenkomst · PLG 3"
    assert str(found["MEET7"]["SUMMARY"]) == "Bijeenkomst zeven · PLG 7"


def test_coaching_names_the_participant_to_the_coach_but_not_to_the_participant(world, sessions):
    name = world.member.full_name
    for_coach = events(fetch(feed_path(world.coach, world)))["COACH1"]
    for_participant = events(fetch(feed_path(world.participant, world)))["COACH1"]
    assert str(for_coach["SUMMARY"]) == f"Individuele coaching · {name}"
    assert str(for_participant["SUMMARY"]) == "Individuele coaching"


def test_a_cancelled_session_is_cancelled_with_its_reason(world, sessions):
    event = events(fetch(feed_path(world.participant, world)))["GONE3"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["DESCRIPTION"]) == "Geannuleerd: Staking van het openbaar vervoer"
    assert str(events(fetch(feed_path(world.participant, world)))["MEET3"]["STATUS"]) == (
        "CONFIRMED"
    )


# --- links that do not work ----------------------------------------------------------


def test_an_unknown_token_gets_404(world, sessions):
    path = reverse("trajectories:calendar-feed", kwargs={"slug": "traject", "token": "nope"})
    assert Client().get(path).status_code == 404


def test_a_token_under_another_trajectory_s_slug_gets_404(world, sessions):
    other = factories.TrajectoryFactory(slug="ander-traject")
    factories.grant(world.participant, other, Role.PARTICIPANT)
    feed = services.calendar_feed_for(user=world.participant, trajectory=world.trajectory)
    path = reverse(
        "trajectories:calendar-feed", kwargs={"slug": "ander-traject", "token": feed.token}
    )
    assert Client().get(path).status_code == 404


def test_a_user_whose_role_was_taken_away_gets_404(world, sessions):
    path = feed_path(world.participant, world)
    RoleGrant.objects.filter(user=world.participant, trajectory=world.trajectory).delete()
    assert Client().get(path).status_code == 404


def test_a_deactivated_user_gets_404(world, sessions):
    path = feed_path(world.participant, world)
    world.participant.is_active = False
    world.participant.save()
    assert Client().get(path).status_code == 404


def test_a_researcher_only_user_has_no_calendar_feed(world, sessions):
    assert Client().get(feed_path(world.researcher, world)).status_code == 404


# --- the link and renewing it --------------------------------------------------------


def test_one_feed_per_user_and_trajectory_made_once_and_audited(world):
    first = services.calendar_feed_for(user=world.participant, trajectory=world.trajectory)
    again = services.calendar_feed_for(user=world.participant, trajectory=world.trajectory)
    assert first == again and len(first.token) >= 32
    assert AuditEntry.objects.filter(action="calendar_feed_create").count() == 1


def test_renewing_makes_the_old_link_404_and_writes_an_audit_entry(world, sessions):
    old = feed_path(world.participant, world)
    response = client_for(world.participant).post(renew_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:calendar", kwargs={"slug": "traject"})
    assert Client().get(old).status_code == 404
    assert set(events(fetch(feed_path(world.participant, world)))) >= {"TD1", "MEET3"}
    entry = AuditEntry.objects.get(action="calendar_feed_renew")
    assert entry.actor == world.participant
    feed = CalendarFeed.objects.get(user=world.participant)
    assert entry.object_id == str(feed.pk) and feed.token not in str(entry.detail)


def test_after_renewing_the_calendar_says_the_old_link_no_longer_works(world):
    response = client_for(world.participant).post(renew_url(), follow=True)
    assert "the old one no longer works" in response.content.decode()


def test_the_calendar_page_loads_the_box_with_the_personal_link(world, sessions):
    client = client_for(world.participant)
    page = client.get(reverse("trajectories:calendar", kwargs={"slug": "traject"}))
    assert f'hx-get="{renew_url()}"' in page.content.decode()
    box = client.get(renew_url(), **HTMX)
    html = box.content.decode()
    feed = CalendarFeed.objects.get(user=world.participant, trajectory=world.trajectory)
    link = settings.SITE_URL + reverse(
        "trajectories:calendar-feed", kwargs={"slug": "traject", "token": feed.token}
    )
    assert f'value="{link}" readonly' in html
    assert "Subscribe in your calendar app" in html and "Make a new link" in html
    assert "<html" not in html  # the fragment only
    assert "TD1" in {str(e["UID"]).split("@")[0] for e in fetch(link).walk("VEVENT")}


def test_without_javascript_the_link_is_a_page_of_its_own(world):
    response = client_for(world.coach).get(renew_url())
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    feed = CalendarFeed.objects.get(user=world.coach)
    assert feed.token in html


def test_each_user_sees_and_renews_only_the_own_link(world):
    mine = services.calendar_feed_for(user=world.participant, trajectory=world.trajectory)
    client = client_for(world.outsider)
    assert mine.token not in client.get(renew_url(), **HTMX).content.decode()
    client.post(renew_url())
    assert CalendarFeed.objects.get(pk=mine.pk).token == mine.token


def test_a_user_without_a_role_may_not_get_or_renew_a_link(world):
    stranger = factories.UserFactory(username="stranger")
    client = client_for(stranger)
    assert client.get(renew_url()).status_code == 404
    assert client.post(renew_url()).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_researcher_may_not_get_or_renew_a_link(world):
    client = client_for(world.researcher)
    assert client.get(renew_url()).status_code == 403
    assert client.post(renew_url()).status_code == 403
    assert not CalendarFeed.objects.exists()


# --- queries -------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize("persona", ["organiser", "coach", "participant"])
def test_the_feed_makes_a_bounded_number_of_queries(
    world, sessions, django_assert_max_num_queries, size, persona
):
    if size == "large":
        grow(world)
    path = feed_path(getattr(world, persona), world)
    with django_assert_max_num_queries(4):
        calendar = fetch(path)
    assert len(calendar.walk("VEVENT")) >= 5
