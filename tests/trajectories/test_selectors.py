"""Reads that span relations: what they return for the shared world."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import trajectory_access
from leadtogether.trajectories.models import Session
from tests import factories


def test_colleagues_are_the_other_enrolled_leaders_of_the_same_school(world):
    school = world.member.school
    colleague = factories.PersonFactory(school=school)
    factories.EnrolmentFactory(trajectory=world.trajectory, person=colleague)
    factories.PersonFactory(school=school)  # works there, not enrolled
    elsewhere = factories.TrajectoryFactory()
    factories.EnrolmentFactory(trajectory=elsewhere, person=factories.PersonFactory(school=school))
    enrolment = world.trajectory.enrolments.get(person=world.member)
    assert list(selectors.colleagues_of(enrolment)) == [colleague]


def test_a_person_without_a_school_has_no_colleagues(world):
    loner = factories.PersonFactory(school=None)
    enrolment = factories.EnrolmentFactory(trajectory=world.trajectory, person=loner)
    assert list(selectors.colleagues_of(enrolment)) == []


def test_coach_candidates_are_the_school_less_staff_and_current_coaches(world):
    free = factories.CoachFactory()
    world.trajectory.staff.add(free)
    enrolled = factories.CoachFactory()
    factories.EnrolmentFactory(trajectory=world.trajectory, person=enrolled)
    candidates = set(selectors.coach_candidates(world.trajectory))
    assert {free, world.plg.coach, world.other_plg.coach} <= candidates
    assert enrolled not in candidates
    assert world.member not in candidates


def test_the_coaches_of_another_trajectory_are_no_candidates(world):
    elsewhere = factories.TrajectoryFactory()
    theirs = factories.CoachFactory()
    elsewhere.staff.add(theirs)
    factories.PLGFactory(trajectory=elsewhere, coach=factories.CoachFactory())
    candidates = set(selectors.coach_candidates(world.trajectory))
    assert candidates == {world.plg.coach, world.other_plg.coach}


def test_member_choices_put_the_members_first_then_the_partnerships_leaders(world):
    outsider = factories.PersonFactory()  # a school outside the partnership
    factories.EnrolmentFactory(trajectory=world.trajectory, person=outsider)
    loose = factories.PersonFactory(school=world.plg.partnership.schools.first())
    factories.EnrolmentFactory(trajectory=world.trajectory, person=loose)
    choices = list(selectors.member_choices(world.plg))
    assert set(choices[:4]) == set(world.plg.members.all())
    assert choices[4] == loose
    assert {p.plg_name for p in choices[:4]} == {"PLG 3"}
    assert choices.index(outsider) > 4


def test_the_trajectory_counts_leave_other_trajectories_out(world):
    factories.EnrolmentFactory(trajectory=factories.TrajectoryFactory())
    factories.EnrolmentFactory(trajectory=world.trajectory, research_consent=False)
    counts = selectors.trajectory_counts(world.trajectory)
    assert (counts.participants, counts.respondents, counts.schools) == (9, 8, 9)


def test_a_coaching_session_expects_only_the_coached_person(world):
    session = factories.SessionFactory(
        trajectory=world.trajectory, kind=Session.Kind.COACHING, person=world.member
    )
    assert list(selectors.expected_attendees(session)) == [world.member]


def test_the_coach_may_plan_coaching_for_the_members_of_the_own_plg_only(world):
    access = trajectory_access(world.coach, world.trajectory.slug)
    assert set(selectors.coachable_people(access)) == set(world.plg.members.all())
    assert list(selectors.coached_plgs(access)) == [world.plg]


def test_the_plg_rows_count_each_member_once(world):
    factories.SessionFactory(
        trajectory=world.trajectory, kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    access = trajectory_access(world.participant, world.trajectory.slug)
    (row,) = selectors.plg_table(access)
    assert (row.member_count, row.meetings_planned) == (4, 1)


def test_the_plg_rows_count_members_schools_and_meetings_of_a_busy_plg(world):
    for status in ["held", "held", "planned", "cancelled"]:
        factories.SessionFactory(
            trajectory=world.trajectory, kind=Session.Kind.PLG_MEETING, plg=world.plg,
            status=status, cancel_reason="Ziek" if status == "cancelled" else "",
        )  # fmt: skip
    access = trajectory_access(world.organiser, world.trajectory.slug)
    rows = {row.name: row for row in selectors.plg_table(access)}
    row = rows["PLG 3"]
    assert (row.member_count, row.school_count) == (4, 4)
    assert (row.meetings_held, row.meetings_planned) == (2, 1)
    assert rows["PLG 7"].meetings_held == 0


def test_the_plg_rows_and_counts_never_count_distinct_over_joined_rows(world):
    access = trajectory_access(world.organiser, world.trajectory.slug)
    with CaptureQueriesContext(connection) as queries:
        selectors.plg_table(access)
        selectors.trajectory_counts(world.trajectory)
    assert not [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
