"""Trajectories and their sessions lie in the years 1900 to 2999: a date outside them is
refused on the page, in a workbook and by the services, so no calendar or feed meets one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.trajectories import services
from leadtogether.trajectories.models import Session
from leadtogether.trajectories.validators import validate_trajectory_date
from tests.conftest import World
from tests.interchange.conftest import cells, problems_of, small_workbook
from tests.trajectories.test_views import client_for, url

EDGES = ["0001-01-01T00:00", "1899-12-31T23:00", "3000-01-01T00:00", "9999-12-31T23:59"]
FINE = ["1900-01-01T09:00", "2999-12-31T09:00"]


def moment(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


@pytest.mark.parametrize("starts_at", EDGES)
def test_the_service_refuses_a_start_outside_the_years_1900_to_2999(world: World, starts_at):
    with pytest.raises(ValidationError) as raised:
        services.session_create(
            actor=None,
            trajectory=world.trajectory,
            kind=Session.Kind.TRAINING_DAY,
            starts_at=moment(starts_at),
        )

    assert "starts_at" in raised.value.message_dict
    assert not Session.objects.exists()


@pytest.mark.parametrize("starts_at", FINE)
def test_the_service_accepts_the_first_and_the_last_year(world: World, starts_at):
    session = services.session_create(
        actor=None,
        trajectory=world.trajectory,
        kind=Session.Kind.TRAINING_DAY,
        starts_at=moment(starts_at),
    )

    session.refresh_from_db()
    assert timezone.localtime(session.starts_at) == moment(starts_at)


def test_rescheduling_refuses_an_end_in_the_year_9999(world: World):
    session = services.session_create(
        actor=None,
        trajectory=world.trajectory,
        kind=Session.Kind.TRAINING_DAY,
        starts_at=moment("2022-03-10T09:00"),
    )

    with pytest.raises(ValidationError) as raised:
        services.session_reschedule(
            actor=None,
            session=session,
            starts_at=moment("2022-03-10T09:00"),
            ends_at=moment("9999-12-31T23:59"),
            location="",
            title="",
        )

    assert "ends_at" in raised.value.message_dict


@pytest.mark.parametrize("starts_at", EDGES)
def test_the_page_shows_a_start_outside_the_years_as_a_form_error(world: World, starts_at):
    response = client_for(world.organiser).post(
        url("session-create", world), {"kind": "training_day", "starts_at": starts_at}
    )

    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert not Session.objects.exists()


@pytest.mark.parametrize("starts_at", ["0001-01-01 00:00", "1899-12-31 09:00", "9999-12-31 23:59"])
def test_the_import_names_a_start_outside_the_years(db, starts_at):
    workbook = small_workbook()
    cells(workbook, "sessions", 2)["starts_at"] = starts_at
    cells(workbook, "sessions", 2)["ends_at"] = None

    problems = problems_of(workbook)

    assert len(problems) == 1
    assert problems[0].startswith("sessions, 2, starts_at: ")


def test_the_calendar_feed_opens_with_sessions_in_the_first_and_last_year(world: World):
    for starts_at in FINE:
        services.session_create(
            actor=None,
            trajectory=world.trajectory,
            kind=Session.Kind.TRAINING_DAY,
            starts_at=moment(starts_at),
        )
    feed = services.calendar_feed_for(user=world.organiser, trajectory=world.trajectory)

    response = client_for(world.organiser).get(url("calendar-feed", world, token=feed.token))

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == 2


@pytest.mark.parametrize(
    ("start", "end", "follow_up_end"),
    [
        ("9999-06-01", "9999-07-01", "9999-12-31"),
        ("0001-01-01", "2023-08-31", "2024-08-31"),
        ("2021-09-01", "2023-08-31", "3000-01-01"),
    ],
)
def test_the_import_names_trajectory_dates_outside_the_years(db, start, end, follow_up_end):
    workbook = small_workbook()
    row = cells(workbook, "trajectory", 2)
    row.update({"start": start, "end": end, "follow_up_end": follow_up_end})

    problems = problems_of(workbook)

    assert problems
    assert all(problem.startswith("trajectory, 2, ") for problem in problems)
    assert any("1900 to 2999" in problem for problem in problems)


def test_a_trajectory_date_outside_the_years_is_refused():
    for day in (dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(3000, 1, 1)):
        with pytest.raises(ValidationError):
            validate_trajectory_date(day)
    validate_trajectory_date(dt.date(1900, 1, 1))
    validate_trajectory_date(dt.date(2999, 12, 31))
