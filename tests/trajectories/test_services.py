"""Writes of the trajectories app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.trajectories import services
from leadtogether.trajectories.models import Attendance, Enrolment, PLGMembership, Session
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


# --- attendance_record -------------------------------------------------------------------


@pytest.fixture
def meeting(world) -> Session:
    return factories.SessionFactory(
        trajectory=world.trajectory, kind=Session.Kind.PLG_MEETING, plg=world.plg
    )


def test_attendance_record_adds_and_changes_rows_and_leaves_the_others(world, meeting):
    first, second, third, _fourth = world.plg.members.order_by("pk")
    Attendance.objects.create(session=meeting, person=first, status="absent")
    Attendance.objects.create(session=meeting, person=third, status="present")

    services.attendance_record(
        actor=world.coach, session=meeting, attendance={first: "excused", second: "present"}
    )

    assert dict(meeting.attendance.values_list("person_id", "status")) == {
        first.pk: "excused",
        second.pk: "present",
        third.pk: "present",
    }


def test_attendance_record_writes_an_audit_entry(world, meeting):
    person = world.plg.members.first()

    services.attendance_record(actor=world.coach, session=meeting, attendance={person: "absent"})

    entry = AuditEntry.objects.get(action="attendance_record")
    assert (entry.actor, entry.object_id) == (world.coach, str(meeting.pk))
    assert entry.detail["attendance"] == {str(person.pk): "absent"}


def test_attendance_record_refuses_an_unknown_status_and_writes_nothing(world, meeting, english):
    first, second = world.plg.members.order_by("pk")[:2]

    with pytest.raises(ValidationError, match="Unknown attendance: late"):
        services.attendance_record(
            actor=world.coach, session=meeting, attendance={first: "present", second: "late"}
        )

    assert not meeting.attendance.exists()
    assert not AuditEntry.objects.exists()


def test_attendance_record_writes_all_or_nothing(world, meeting, monkeypatch):
    first, second = world.plg.members.order_by("pk")[:2]
    Attendance.objects.create(session=meeting, person=first, status="absent")

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Attendance.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        services.attendance_record(
            actor=world.coach, session=meeting, attendance={first: "present", second: "present"}
        )

    assert dict(meeting.attendance.values_list("person_id", "status")) == {first.pk: "absent"}


# --- plg_members_replace -----------------------------------------------------------------


def test_plg_members_replace_makes_the_members_exactly_those_given(world):
    keep, drop, *_ = world.plg.members.order_by("pk")
    newcomer = factories.PersonFactory()
    factories.EnrolmentFactory(trajectory=world.trajectory, person=newcomer)

    services.plg_members_replace(actor=world.organiser, plg=world.plg, members=[keep, newcomer])

    assert set(world.plg.members.all()) == {keep, newcomer}
    assert not world.plg.members.filter(pk=drop.pk).exists()


def test_plg_members_replace_writes_who_came_and_went_in_the_audit_log(world):
    members = list(world.plg.members.order_by("pk"))
    newcomer = factories.PersonFactory()
    factories.EnrolmentFactory(trajectory=world.trajectory, person=newcomer)

    services.plg_members_replace(
        actor=world.organiser, plg=world.plg, members=[*members[1:], newcomer]
    )

    entry = AuditEntry.objects.get(action="plg_members_replace")
    assert (entry.actor, entry.object_id) == (world.organiser, str(world.plg.pk))
    assert (entry.detail["added"], entry.detail["removed"]) == ([newcomer.pk], [members[0].pk])


def test_plg_members_replace_refuses_a_member_of_another_plg(world, english):
    before = set(world.plg.members.all())

    with pytest.raises(ValidationError, match="already a member of PLG 7"):
        services.plg_members_replace(
            actor=world.organiser, plg=world.plg, members=[world.other_member]
        )

    assert set(world.plg.members.all()) == before
    assert not AuditEntry.objects.exists()


def test_plg_members_replace_refuses_someone_not_enrolled(world, english):
    with pytest.raises(ValidationError, match="Not enrolled"):
        services.plg_members_replace(
            actor=world.organiser, plg=world.plg, members=[factories.PersonFactory()]
        )


def test_plg_members_replace_writes_all_or_nothing(world, monkeypatch):
    before = set(world.plg.members.all())
    newcomer = factories.PersonFactory()
    factories.EnrolmentFactory(trajectory=world.trajectory, person=newcomer)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(PLGMembership.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.plg_members_replace(actor=world.organiser, plg=world.plg, members=[newcomer])

    assert set(world.plg.members.all()) == before


# --- enrolment_withdraw ------------------------------------------------------------------


def test_enrolment_withdraw_removes_the_enrolment_and_audits_it(world):
    person = factories.PersonFactory()
    enrolment = factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
    pk = enrolment.pk

    services.enrolment_withdraw(actor=world.organiser, enrolment=enrolment)

    assert not Enrolment.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="enrolment_withdraw")
    assert (entry.actor, entry.object_id) == (world.organiser, str(pk))
    assert entry.detail == {"person": person.pk, "trajectory": world.trajectory.pk}


def test_enrolment_withdraw_is_refused_for_a_plg_member(world, english):
    enrolment = Enrolment.objects.get(trajectory=world.trajectory, person=world.member)

    with pytest.raises(ValidationError, match="is a member of PLG 3; take them out"):
        services.enrolment_withdraw(actor=world.organiser, enrolment=enrolment)

    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    assert not AuditEntry.objects.exists()


def test_enrolment_withdraw_leaves_the_other_research_codes_alone(world):
    services.enrolment_research_codes_assign(trajectory=world.trajectory)
    person = factories.PersonFactory()
    withdrawn = services.enrolment_set(
        actor=None, trajectory=world.trajectory, person=person, research_consent=True
    )
    others = dict(Enrolment.objects.exclude(pk=withdrawn.pk).values_list("pk", "research_code"))

    services.enrolment_withdraw(actor=world.organiser, enrolment=withdrawn)

    assert dict(Enrolment.objects.values_list("pk", "research_code")) == others
