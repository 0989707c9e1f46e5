"""What each role sees of a trajectory's PLGs and sessions (Access)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from leadtogether.trajectories.access import (
    get_plg_for_editor,
    get_plg_for_user,
    get_session_for_editor,
    trajectory_access,
)
from leadtogether.trajectories.models import Session
from tests import factories


@pytest.fixture
def coaching(world):
    return factories.SessionFactory(
        trajectory=world.trajectory, ref="C1", kind=Session.Kind.COACHING,
        person=world.member, plg=world.plg,
    )  # fmt: skip


def visible_sessions(user, world) -> set[str]:
    access = trajectory_access(user, world.trajectory.slug)
    return set(Session.objects.filter(access.session_filter()).values_list("ref", flat=True))


def test_a_participant_sees_the_own_plg_only(world):
    access = trajectory_access(world.participant, world.trajectory.slug)
    assert list(access.visible_plgs()) == [world.plg]
    with pytest.raises(Http404):
        get_plg_for_user(world.participant, world.trajectory.slug, world.other_plg.ref)


def test_coaching_is_seen_by_the_coached_person_and_the_coach_not_by_other_members(world, coaching):
    other_member = world.plg.members.exclude(pk=world.member.pk).first()
    colleague = factories.UserFactory(username="colleague", person=other_member)
    factories.grant(colleague, world.trajectory, "participant")
    assert "C1" in visible_sessions(world.participant, world)
    assert "C1" in visible_sessions(world.coach, world)
    assert "C1" not in visible_sessions(colleague, world)
    assert "C1" not in visible_sessions(world.director, world)
    assert "C1" not in visible_sessions(world.outsider, world)


def test_the_coach_edits_the_sessions_but_not_the_membership_of_the_own_plg(world):
    meeting = factories.SessionFactory(
        trajectory=world.trajectory, ref="M1", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    _, session = get_session_for_editor(world.coach, world.trajectory.slug, meeting.ref)
    assert session == meeting
    access = trajectory_access(world.coach, world.trajectory.slug)
    assert not access.is_organiser  # so plg-edit refuses the coach


def test_a_director_reads_the_partnerships_plg_but_does_not_edit_it(world):
    _, plg = get_plg_for_user(world.director, world.trajectory.slug, world.plg.ref)
    assert plg == world.plg
    with pytest.raises(PermissionDenied):
        get_plg_for_editor(world.director, world.trajectory.slug, world.plg.ref)


def test_nobody_without_a_role_gets_in(world):
    stranger = factories.UserFactory(username="stranger")
    with pytest.raises(Http404):
        trajectory_access(stranger, world.trajectory.slug)
