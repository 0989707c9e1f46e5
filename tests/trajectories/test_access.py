"""What each role reaches of a trajectory's PLGs and sessions (Access and the scopes)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from leadtogether.lib.web import rule_of
from leadtogether.trajectories.access import enforce, trajectory_access
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


def reach(user, world, url_name: str, value: str, method: str = "GET"):
    access = trajectory_access(user, world.trajectory.slug)
    return enforce(rule_of(url_name), access, method, value)


def test_a_participant_sees_the_own_plg_only(world):
    access = trajectory_access(world.participant, world.trajectory.slug)
    assert list(access.visible_plgs()) == [world.plg]
    with pytest.raises(Http404):
        reach(world.participant, world, "trajectories:plg-detail", world.other_plg.ref)


def test_coaching_is_seen_by_the_coached_person_and_the_coach_not_by_other_members(world, coaching):
    other_member = world.plg.members.exclude(pk=world.member.pk).first()
    colleague = factories.UserFactory(username="colleague", person=other_member)
    factories.grant(colleague, world.trajectory, "participant")
    assert "C1" in visible_sessions(world.participant, world)
    assert "C1" in visible_sessions(world.coach, world)
    assert "C1" not in visible_sessions(colleague, world)
    assert "C1" not in visible_sessions(world.director, world)
    assert "C1" not in visible_sessions(world.outsider, world)


def test_the_coach_edits_the_meetings_of_the_own_plg(world):
    meeting = factories.SessionFactory(
        trajectory=world.trajectory, ref="M1", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    assert reach(world.coach, world, "trajectories:session-edit", "M1", "POST") == meeting


def test_the_coach_reads_a_training_day_but_may_not_change_it(world):
    factories.SessionFactory(trajectory=world.trajectory, ref="T1")
    assert reach(world.coach, world, "trajectories:session-detail", "T1").ref == "T1"
    with pytest.raises(PermissionDenied):
        reach(world.coach, world, "trajectories:session-edit", "T1")


def test_the_coach_may_not_change_the_membership_of_the_own_plg(world):
    with pytest.raises(PermissionDenied):
        reach(world.coach, world, "trajectories:plg-edit", world.plg.ref)


def test_a_director_reads_the_partnerships_plg_but_does_not_edit_it(world):
    assert reach(world.director, world, "trajectories:plg-detail", world.plg.ref) == world.plg
    with pytest.raises(PermissionDenied):
        reach(world.director, world, "trajectories:plg-edit", world.plg.ref, "POST")


def test_a_researcher_gets_no_plg_page(world):
    with pytest.raises(PermissionDenied):
        reach(world.researcher, world, "trajectories:plg-detail", world.plg.ref)


def test_a_role_of_another_kind_does_not_open_what_one_role_reaches(world):
    """A member of PLG 3 who also coaches PLG 7 may plan PLG 7's meetings, not PLG 3's."""
    factories.grant(world.participant, world.trajectory, "coach")
    world.other_plg.coach = world.member
    world.other_plg.save()
    factories.SessionFactory(
        trajectory=world.trajectory, ref="M3", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    factories.SessionFactory(
        trajectory=world.trajectory, ref="M7", kind=Session.Kind.PLG_MEETING, plg=world.other_plg
    )
    assert reach(world.participant, world, "trajectories:session-edit", "M7").ref == "M7"
    with pytest.raises(Http404):
        reach(world.participant, world, "trajectories:session-edit", "M3")


def test_nobody_without_a_role_gets_in(world):
    stranger = factories.UserFactory(username="stranger")
    with pytest.raises(Http404):
        trajectory_access(stranger, world.trajectory.slug)
