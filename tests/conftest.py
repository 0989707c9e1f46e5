"""Shared fixtures: one small trajectory and the people who use it.

Personas (as in the tests of every app):
- ``organiser``: organiser of the trajectory;
- ``coach``: coach of ``plg`` (user linked to the coach person);
- ``participant``: member of ``plg``;
- ``outsider``: participant of ``other_plg`` (another partnership) in the same trajectory;
- ``director``: coordinating director of ``plg``'s partnership;
- ``researcher``: researcher of the trajectory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation

from leadtogether.accounts.models import Role, User
from leadtogether.registry.models import Person
from leadtogether.trajectories.models import PLG, Trajectory
from tests import factories


@dataclass
class World:
    trajectory: Trajectory
    plg: PLG
    other_plg: PLG
    member: Person
    other_member: Person
    organiser: User
    coach: User
    participant: User
    outsider: User
    director: User
    researcher: User


def _plg_with_members(trajectory: Trajectory, name: str, ref: str, size: int) -> PLG:
    schools = [factories.SchoolFactory() for _ in range(4)]
    partnership = factories.PartnershipFactory(schools=schools)
    trajectory.partnerships.add(partnership)
    plg = factories.PLGFactory(trajectory=trajectory, name=name, ref=ref, partnership=partnership)
    for index in range(size):
        person = factories.PersonFactory(school=schools[index % len(schools)])
        factories.EnrolmentFactory(trajectory=trajectory, person=person)
        factories.PLGMembershipFactory(plg=plg, person=person)
    return plg


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Tests do not need a slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (rate-limit counts live there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages outside requests in English (the interface is Dutch by default).

    Pages still follow the language of each request (Dutch unless the user switched).
    """
    with translation.override("en"):
        yield


@pytest.fixture
def world(db: None) -> World:
    trajectory = factories.TrajectoryFactory(slug="traject", name="Traject schoolleiders")
    plg = _plg_with_members(trajectory, "PLG 3", "PLG03", size=4)
    other_plg = _plg_with_members(trajectory, "PLG 7", "PLG07", size=4)
    member = plg.members.order_by("pk").first()
    other_member = other_plg.members.order_by("pk").first()

    organiser = factories.UserFactory(username="organiser")
    factories.grant(organiser, trajectory, Role.ORGANISER)
    coach = factories.UserFactory(username="coach", person=plg.coach)
    factories.grant(coach, trajectory, Role.COACH)
    participant = factories.UserFactory(username="participant", person=member)
    factories.grant(participant, trajectory, Role.PARTICIPANT)
    outsider = factories.UserFactory(username="outsider", person=other_member)
    factories.grant(outsider, trajectory, Role.PARTICIPANT)
    director = factories.UserFactory(username="director")
    factories.grant(director, trajectory, Role.DIRECTOR, partnership=plg.partnership)
    researcher = factories.UserFactory(username="researcher")
    factories.grant(researcher, trajectory, Role.RESEARCHER)
    return World(
        trajectory=trajectory,
        plg=plg,
        other_plg=other_plg,
        member=member,
        other_member=other_member,
        organiser=organiser,
        coach=coach,
        participant=participant,
        outsider=outsider,
        director=director,
        researcher=researcher,
    )
