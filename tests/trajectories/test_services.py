"""Writes of the trajectories app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.trajectories import services
from leadtogether.trajectories.models import Attendance, Enrolment, Session
from tests import factories


def _at(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2022, 3, day, 14, 0))


def test_enrolment_gets_the_next_research_code(world):
    person = factories.PersonFactory()
    enrolment = services.enrolment_set(
        actor=world.organiser, trajectory=world.trajectory, person=person, research_consent=True
    )
    highest = max(
        int(code[1:])
        for code in Enrolment.objects.filter(trajectory=world.trajectory).values_list(
            "research_code", flat=True
        )
    )
    assert enrolment.research_code == f"R{highest:03d}"
    again = services.enrolment_set(
        actor=world.organiser, trajectory=world.trajectory, person=person, research_consent=False
    )
    assert again.research_code == enrolment.research_code
    assert again.research_consent is False


def test_a_member_must_be_enrolled(world, english):
    stranger = factories.PersonFactory()
    with pytest.raises(ValidationError, match="Not enrolled"):
        services.plg_update(
            actor=world.organiser,
            plg=world.plg,
            name=world.plg.name,
            coach=world.plg.coach,
            members=[stranger],
        )
    assert not world.plg.members.filter(pk=stranger.pk).exists()


def test_a_member_belongs_to_one_plg_of_the_trajectory(world, english):
    with pytest.raises(ValidationError, match="already a member of PLG 7"):
        services.plg_update(
            actor=world.organiser,
            plg=world.plg,
            name=world.plg.name,
            coach=world.plg.coach,
            members=[*world.plg.members.all(), world.other_member],
        )


def test_cancelling_needs_a_reason(world):
    session = factories.SessionFactory(trajectory=world.trajectory)
    with pytest.raises(ValidationError):
        services.session_cancel(actor=world.organiser, session=session, reason="  ")
    services.session_cancel(actor=world.organiser, session=session, reason="Staking")
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (Session.Status.CANCELLED, "Staking")
    assert AuditEntry.objects.filter(action="session_cancel", object_id=str(session.pk)).exists()


def test_a_coaching_session_takes_the_coachee_s_plg(world):
    session = services.session_create(
        actor=world.coach,
        trajectory=world.trajectory,
        kind=Session.Kind.COACHING,
        starts_at=_at(2),
        person=world.member,
    )
    assert session.plg == world.plg


def test_marking_held_records_attendance(world, english):
    session = services.session_create(
        actor=world.coach,
        trajectory=world.trajectory,
        kind=Session.Kind.PLG_MEETING,
        starts_at=_at(3),
        plg=world.plg,
    )
    members = list(world.plg.members.all())
    attendance = {person: "present" for person in members}
    attendance[members[0]] = "excused"
    services.session_mark_held(actor=world.coach, session=session, attendance=attendance)
    assert Attendance.objects.filter(session=session, status="present").count() == 3
    with pytest.raises(ValidationError, match="Unknown attendance: late"):
        services.session_mark_held(
            actor=world.coach, session=session, attendance={members[1]: "late"}
        )
