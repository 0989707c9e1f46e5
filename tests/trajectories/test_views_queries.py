"""Pages make a bounded number of queries: the same limit holds for the small ``world``
and for a world with many more PLGs, people and sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadtogether.trajectories.models import Attendance, Session
from tests import factories
from tests.conftest import World
from tests.surveys.factories import InvitationFactory, MeasurementMomentFactory

HELD = Session.Status.HELD
# Every page's header lists the user's trajectories for the switcher: one query.
HEADER = 1


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


def _meetings(world: World, plg, count: int) -> None:
    members = list(plg.members.all())
    for number in range(count):
        session = factories.SessionFactory(
            trajectory=world.trajectory,
            kind=Session.Kind.PLG_MEETING,
            plg=plg,
            starts_at=at(2021 + number // 4, 1 + (3 * number) % 12, 10, 14),
            status=HELD if number % 2 == 0 else Session.Status.PLANNED,
        )
        if session.status == HELD:
            Attendance.objects.bulk_create(
                Attendance(session=session, person=person, status="present") for person in members
            )
    factories.SessionFactory(
        trajectory=world.trajectory,
        kind=Session.Kind.COACHING,
        plg=plg,
        person=members[0],
        starts_at=at(2022, 3, 1, 10),
    )


def grow(world: World, plgs: int = 12, members: int = 8) -> None:
    """Add PLGS partnerships with a PLG of MEMBERS enrolled leaders each, meetings with
    attendance, coaching, training days, and more members and meetings for ``world.plg``."""
    trajectory = world.trajectory
    for number in range(plgs):
        schools = [factories.SchoolFactory() for _ in range(4)]
        partnership = factories.PartnershipFactory(schools=schools)
        trajectory.partnerships.add(partnership)
        plg = factories.PLGFactory(
            trajectory=trajectory, partnership=partnership, name=f"PLG X{number}", ref=f"X{number}"
        )
        for index in range(members):
            person = factories.PersonFactory(school=schools[index % 4])
            factories.EnrolmentFactory(trajectory=trajectory, person=person)
            factories.PLGMembershipFactory(plg=plg, person=person)
        _meetings(world, plg, 4)
    schools = list(world.plg.partnership.schools.all())
    for index in range(12):
        person = factories.PersonFactory(school=schools[index % len(schools)])
        factories.EnrolmentFactory(trajectory=trajectory, person=person)
        factories.PLGMembershipFactory(plg=world.plg, person=person)
    _meetings(world, world.plg, 8)
    enrolled = [e.person for e in trajectory.enrolments.select_related("person")]
    for number in range(8):
        day = factories.SessionFactory(
            trajectory=trajectory, starts_at=at(2021 + number // 4, 1 + number % 12, 5), status=HELD
        )
        Attendance.objects.bulk_create(
            Attendance(session=day, person=person, status="present") for person in enrolled
        )


def _session_ref(world: World, kind: str) -> str:
    session = Session.objects.filter(trajectory=world.trajectory, kind=kind)
    if kind == Session.Kind.PLG_MEETING:
        session = session.filter(plg=world.plg)
    return session.order_by("pk").first().ref


PAGES = [
    # (persona, url name, kwargs builder, max queries)
    ("organiser", "trajectories:dashboard", lambda w: {}, 13),
    ("participant", "trajectories:dashboard", lambda w: {}, 13),
    ("organiser", "trajectories:plg-list", lambda w: {}, 6),
    ("coach", "trajectories:plg-detail", lambda w: {"plg_ref": w.plg.ref}, 10),
    ("participant", "trajectories:plg-detail", lambda w: {"plg_ref": w.plg.ref}, 10),
    ("organiser", "trajectories:calendar", lambda w: {}, 7),
    ("participant", "trajectories:calendar", lambda w: {}, 7),
    (
        "organiser",
        "trajectories:session-detail",
        lambda w: {"session_ref": _session_ref(w, Session.Kind.TRAINING_DAY)},
        7,
    ),
    (
        "coach",
        "trajectories:session-detail",
        lambda w: {"session_ref": _session_ref(w, Session.Kind.PLG_MEETING)},
        7,
    ),
    (
        "coach",
        "trajectories:session-attendance",
        lambda w: {"session_ref": _session_ref(w, Session.Kind.PLG_MEETING)},
        7,
    ),
    ("organiser", "trajectories:plg-edit", lambda w: {"plg_ref": w.plg.ref}, 8),
]


def check_page(world, assert_max_queries, size, persona, name, kwargs, limit) -> None:
    """Open page NAME as PERSONA in the small or the large world within LIMIT queries."""
    factories.SessionFactory(trajectory=world.trajectory, ref="TD0")
    factories.SessionFactory(
        trajectory=world.trajectory, ref="M0", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    if size == "large":
        grow(world)
    client = Client()
    client.force_login(getattr(world, persona))
    path = reverse(name, kwargs={"slug": world.trajectory.slug, **kwargs(world)})
    with assert_max_queries(limit + HEADER):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "limit"),
    PAGES,
    ids=[f"{persona}-{name}" for persona, name, _, _ in PAGES],
)
def test_a_page_makes_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, size, persona, name, kwargs, limit
):
    check_page(world, django_assert_max_num_queries, size, persona, name, kwargs, limit)


def test_the_large_world_is_large(world):
    grow(world)
    assert world.trajectory.enrolments.count() == 8 + 12 * 8 + 12
    assert Session.objects.filter(trajectory=world.trajectory).count() == 4 * 12 + 12 + 8 + 1 + 8


@pytest.mark.parametrize("partnerships", [1, 6])
def test_the_composer_makes_a_bounded_number_of_queries(
    world, django_assert_max_num_queries, partnerships
):
    for _ in range(partnerships):
        schools = [factories.SchoolFactory() for _ in range(12)]  # split into two PLGs
        partnership = factories.PartnershipFactory(schools=schools)
        world.trajectory.partnerships.add(partnership)
        for school in schools:
            for _ in range(2):
                person = factories.PersonFactory(school=school)
                factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
    factories.CoachFactory.create_batch(5)
    client = Client()
    client.force_login(world.organiser)
    with django_assert_max_num_queries(11 + HEADER):
        response = client.get(reverse("trajectories:composer", kwargs={"slug": "traject"}))
    assert len(response.context["rows"]) == 2 * partnerships


@pytest.mark.parametrize("moments", [1, 8])
def test_the_participants_dashboard_queries_do_not_grow_with_open_surveys(
    world, django_assert_max_num_queries, moments
):
    for _ in range(moments):
        moment = MeasurementMomentFactory(
            trajectory=world.trajectory, opens_on=dt.date(2020, 1, 1), closes_on=dt.date(2099, 1, 1)
        )
        InvitationFactory(moment=moment, person=world.member)
    client = Client()
    client.force_login(world.participant)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("trajectories:dashboard", kwargs={"slug": "traject"}))
    assert response.content.decode().count("/s/") == moments
