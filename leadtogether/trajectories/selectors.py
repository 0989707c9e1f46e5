"""Reads of the trajectories app that span relations.

Every function issues a fixed number of queries, whatever the number of PLGs, people or
sessions (annotations and prefetches, never a query per row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from leadtogether.accounts.models import Role, RoleGrant
from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.access import Access
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)

HELD = Session.Status.HELD
PLANNED = Session.Status.PLANNED
CANCELLED = Session.Status.CANCELLED
MEETING = Session.Kind.PLG_MEETING
SchoolLink = Partnership.schools.through


@dataclass(frozen=True)
class TrajectoryCounts:
    participants: int
    respondents: int
    partnerships: int
    schools: int
    plgs: int
    sessions_held: int
    sessions_planned: int
    sessions_cancelled: int


def trajectory_counts(trajectory: Trajectory) -> TrajectoryCounts:
    """Headline numbers of the whole trajectory (no names; safe for every role)."""
    enrolments = Enrolment.objects.filter(trajectory=trajectory).aggregate(
        participants=Count("pk"), respondents=Count("pk", filter=Q(research_consent=True))
    )
    sessions = Session.objects.filter(trajectory=trajectory).aggregate(
        held=Count("pk", filter=Q(status=HELD)),
        planned=Count("pk", filter=Q(status=PLANNED)),
        cancelled=Count("pk", filter=Q(status=CANCELLED)),
    )
    return TrajectoryCounts(
        participants=enrolments["participants"],
        respondents=enrolments["respondents"],
        partnerships=trajectory.partnerships.count(),
        schools=trajectory_schools(trajectory).count(),
        plgs=PLG.objects.filter(trajectory=trajectory).count(),
        sessions_held=sessions["held"],
        sessions_planned=sessions["planned"],
        sessions_cancelled=sessions["cancelled"],
    )


def trajectory_schools(trajectory: Trajectory) -> QuerySet[School]:
    """Schools of the trajectory's partnerships and of its enrolled people."""
    # two semi-joins instead of joining both relations and removing the duplicates
    return School.objects.filter(
        Q(pk__in=SchoolLink.objects.filter(partnership__trajectories=trajectory).values("school"))
        | Q(
            pk__in=Enrolment.objects.filter(
                trajectory=trajectory, person__school__isnull=False
            ).values("person__school")
        )
    )


def count_of(rows: QuerySet) -> Subquery:
    """The number of ROWS, a queryset filtered on OuterRef: COUNT without GROUP BY, one
    row whatever the number of ROWS (0 when there are none)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("n")[:1], output_field=IntegerField())


def plg_rows(access: Access) -> QuerySet[PLG]:
    """The PLGs the user may see, with partnership, coach and counts.

    Annotated with ``member_count``, ``school_count``, ``meetings_held`` and
    ``meetings_planned``: each a subquery on its own table, so no row is multiplied by
    the rows of another relation.
    """
    members = PLGMembership.objects.filter(plg=OuterRef("pk"))
    # the schools by primary key from the members' school ids: an EXISTS per school
    # would scan every school for every PLG
    schools = School.objects.filter(
        pk__in=PLGMembership.objects.filter(plg=OuterRef(OuterRef("pk"))).values("person__school")
    )
    meetings = Session.objects.filter(plg=OuterRef("pk"), kind=MEETING)
    return (
        PLG.objects.filter(access.plg_filter())
        .select_related("partnership", "coach")
        .annotate(
            member_count=count_of(members),
            school_count=count_of(schools),
            meetings_held=count_of(meetings.filter(status=HELD)),
            meetings_planned=count_of(meetings.filter(status=PLANNED)),
        )
        .order_by("name")
    )


def plg_table(access: Access, pks: Sequence[int] | None = None) -> list[PLG]:
    """The rows of ``plg_rows`` in natural order of their names ("PLG 2" before "PLG 10"),
    only those of PKS when given."""
    rows = plg_rows(access)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return sorted(rows, key=lambda plg: natural_key(plg.name))


def plg_page(access: Access, number: object, query: str = "", per_page: int = 50) -> Page:
    """Page NUMBER of the PLGs the user may see whose name, id or partnership holds QUERY,
    in natural order of their names; its ``object_list`` holds the rows of ``plg_table``.

    Only the names of the PLGs are read to put them in order; the counts are computed for
    the PLGs of the page alone.
    """
    names = PLG.objects.filter(access.plg_filter())
    if query:
        names = names.filter(
            Q(name__icontains=query)
            | Q(ref__icontains=query)
            | Q(partnership__name__icontains=query)
        )
    ordered = sorted(names.values_list("name", "pk"), key=lambda row: natural_key(row[0]))
    page = Paginator([pk for _, pk in ordered], per_page).get_page(number)
    page.object_list = plg_table(access, pks=list(page.object_list))
    return page


def visible_sessions(access: Access) -> QuerySet[Session]:
    """The sessions of the trajectory the user may see, ready to list."""
    return (
        Session.objects.filter(pk__in=Session.objects.filter(access.session_filter()).values("pk"))
        .select_related("plg", "person")
        .order_by("starts_at", "ref")
    )


@dataclass(frozen=True)
class NextSessions:
    upcoming: list[Session]
    recent: list[Session]


def next_sessions(
    access: Access, now: dt.datetime | None = None, upcoming: int = 10, recent: int = 5
) -> NextSessions:
    """The next UPCOMING sessions; when there are none, the RECENT most recent ones."""
    now = now or timezone.now()
    sessions = visible_sessions(access)
    coming = list(sessions.filter(starts_at__gte=now)[:upcoming])
    past = (
        [] if coming else list(sessions.filter(starts_at__lt=now).order_by("-starts_at")[:recent])
    )
    return NextSessions(upcoming=coming, recent=past)


def plg_members(plg: PLG) -> QuerySet[Person]:
    """Members of PLG with school and their attendance at the PLG's held meetings.

    Annotated with ``present``, ``absent`` and ``excused`` (counts over held PLG
    meetings of this PLG).
    """

    def attended(status: str) -> Count:
        return Count(
            "attendance",
            filter=Q(
                attendance__status=status,
                attendance__session__plg=plg,
                attendance__session__kind=MEETING,
                attendance__session__status=HELD,
            ),
            distinct=True,
        )

    return (
        Person.objects.filter(pk__in=PLGMembership.objects.filter(plg=plg).values("person_id"))
        .select_related("school")
        .annotate(
            present=attended(Attendance.Status.PRESENT),
            absent=attended(Attendance.Status.ABSENT),
            excused=attended(Attendance.Status.EXCUSED),
        )
        .order_by("last_name", "first_name")
    )


def plg_sessions(access: Access, plg: PLG) -> QuerySet[Session]:
    """Sessions of PLG that the user may see (its meetings, visible coaching)."""
    return visible_sessions(access).filter(plg=plg)


def plg_held_meetings(plg: PLG) -> int:
    return Session.objects.filter(plg=plg, kind=MEETING, status=HELD).count()


def partnership_with_schools(partnership: Partnership) -> Partnership:
    """PARTNERSHIP with its schools prefetched."""
    return (
        Partnership.objects.prefetch_related(
            Prefetch("schools", queryset=School.objects.order_by("name"))
        )
        .filter(pk=partnership.pk)
        .get()
    )


def enrolled_participants(trajectory: Trajectory) -> QuerySet[Person]:
    """People enrolled in the trajectory, with their school."""
    return (
        Person.objects.filter(enrolments__trajectory=trajectory)
        .select_related("school")
        .order_by("last_name", "first_name")
    )


def member_choices(plg: PLG) -> QuerySet[Person]:
    """Enrolled participants to choose a PLG's members from: its members first, then the
    leaders of its partnership's schools, then everyone else. Annotated with
    ``plg_name``, the PLG of the trajectory they are in (if any)."""
    membership = PLGMembership.objects.filter(
        plg__trajectory_id=plg.trajectory_id, person=OuterRef("pk")
    )
    partnership_schools = Partnership.schools.through.objects.filter(
        partnership_id=plg.partnership_id
    ).values("school_id")
    return (
        enrolled_participants(plg.trajectory)
        .annotate(
            plg_name=Subquery(membership.values("plg__name")[:1]),
            rank=Case(
                When(Exists(membership.filter(plg=plg)), then=Value(0)),
                When(school_id__in=partnership_schools, then=Value(1)),
                default=Value(2),
            ),
        )
        .order_by("rank", "school__name", "last_name", "first_name")
    )


def expected_attendees(session: Session) -> QuerySet[Person]:
    """Who is expected: all participants (training day), the PLG's members (PLG meeting),
    the coached person (coaching)."""
    people = Person.objects.select_related("school").order_by("last_name", "first_name")
    if session.kind == Session.Kind.TRAINING_DAY:
        return people.filter(enrolments__trajectory_id=session.trajectory_id)
    if session.kind == MEETING:
        return people.filter(plg_memberships__plg_id=session.plg_id)
    return people.filter(pk=session.person_id)


@dataclass(frozen=True)
class AttendanceRow:
    person: Person
    status: str  # "" when not recorded
    label: str


def people_seen_by(access: Access) -> Q:
    """The people whose names and attendance the user may see: everyone for organisers,
    otherwise the members of the PLGs the user reaches and the user themself."""
    if access.is_organiser:
        return Q()
    in_reach = PLGMembership.objects.filter(
        person_id=OuterRef("pk"), plg__in=access.visible_plgs(access.roles)
    )
    seen = Q(Exists(in_reach))
    if access.person_id:
        seen |= Q(pk=access.person_id)
    return seen


def attendance_rows(session: Session, access: Access) -> list[AttendanceRow]:
    """One row per expected person, plus anyone else recorded for the session, as far as
    the user may see them (``people_seen_by``)."""
    seen = people_seen_by(access)
    recorded = {
        a.person_id: a
        for a in Attendance.objects.filter(
            session=session, person__in=Person.objects.filter(seen)
        ).select_related("person__school")
    }
    labels = dict(Attendance.Status.choices)
    rows: list[AttendanceRow] = []
    for person in expected_attendees(session).filter(seen):
        entry = recorded.pop(person.pk, None)
        status = entry.status if entry else ""
        rows.append(AttendanceRow(person=person, status=status, label=labels.get(status, "")))
    for entry in sorted(recorded.values(), key=lambda a: (a.person.last_name, a.person.first_name)):
        rows.append(
            AttendanceRow(person=entry.person, status=entry.status, label=labels[entry.status])
        )
    return rows


def attendance_summary(rows: list[AttendanceRow]) -> dict[str, int]:
    summary = {status: 0 for status in Attendance.Status.values}
    for row in rows:
        if row.status:
            summary[row.status] += 1
    return summary


def coached_plgs(access: Access) -> QuerySet[PLG]:
    """PLGs the user coaches in this trajectory (all PLGs for an organiser)."""
    plgs = PLG.objects.filter(trajectory=access.trajectory).order_by("name")
    if access.is_organiser:
        return plgs
    if access.has(Role.COACH) and access.person_id:
        return plgs.filter(coach_id=access.person_id)
    return plgs.none()


def coachable_people(access: Access) -> QuerySet[Person]:
    """People the user may plan a coaching session for: members of the user's PLGs
    (all enrolled participants for an organiser)."""
    if access.is_organiser:
        return enrolled_participants(access.trajectory)
    return (
        Person.objects.filter(plg_memberships__plg__in=coached_plgs(access))
        .select_related("school")
        .order_by("last_name", "first_name")
        .distinct()
    )


def plg_of_person(trajectory: Trajectory, person: Person) -> PLG | None:
    membership = (
        PLGMembership.objects.filter(plg__trajectory=trajectory, person=person)
        .select_related("plg")
        .first()
    )
    return membership.plg if membership else None


def coaching_count(trajectory: Trajectory, person: Person) -> int:
    """Coaching sessions of PERSON in the trajectory that are not cancelled."""
    return (
        Session.objects.filter(trajectory=trajectory, kind=Session.Kind.COACHING, person=person)
        .exclude(status=CANCELLED)
        .count()
    )


def coach_candidates(trajectory: Trajectory) -> QuerySet[Person]:
    """People who may coach a PLG: the trajectory's staff without a school, people who
    hold the coach role in it, and the current coaches of its PLGs."""
    staff = Trajectory.staff.through.objects.filter(
        trajectory_id=trajectory.pk, person_id=OuterRef("pk")
    )
    coach_role = RoleGrant.objects.filter(
        trajectory=trajectory, role=Role.COACH, user__person=OuterRef("pk")
    )
    coaches = PLG.objects.filter(trajectory=trajectory, coach=OuterRef("pk"))
    return Person.objects.filter(
        (Q(school__isnull=True) & Exists(staff)) | Exists(coach_role) | Exists(coaches)
    ).order_by("last_name", "first_name")


def colleagues_of(enrolment: Enrolment) -> QuerySet[Person]:
    """Other people enrolled in the same trajectory who work at the same school."""
    school_id = enrolment.person.school_id
    if school_id is None:
        return Person.objects.none()
    return (
        Person.objects.filter(
            school_id=school_id, enrolments__trajectory_id=enrolment.trajectory_id
        )
        .exclude(pk=enrolment.person_id)
        .order_by("last_name", "first_name")
    )


def role_grant_rows(trajectory: Trajectory, query: str = "") -> QuerySet[RoleGrant]:
    """The role grants of TRAJECTORY for its roles page, by name; QUERY searches names,
    e-mail addresses and usernames."""
    grants = RoleGrant.objects.filter(trajectory=trajectory).select_related(
        "user", "user__person", "partnership"
    )
    for word in query.split():
        grants = grants.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(user__username__icontains=word)
            | Q(user__person__first_name__icontains=word)
            | Q(user__person__last_name__icontains=word)
        )
    return grants.order_by("user__last_name", "user__first_name", "user__username", "role", "pk")


def role_grant_plgs(trajectory: Trajectory, grants: list[RoleGrant]) -> dict[int, list[PLG]]:
    """The PLGs each of GRANTS works in: a coach's PLGs, a participant's PLG (two queries)."""
    person_ids = {g.user.person_id for g in grants if g.user.person_id}
    coached: dict[int, list[PLG]] = {}
    for plg in PLG.objects.filter(trajectory=trajectory, coach_id__in=person_ids).order_by("name"):
        coached.setdefault(plg.coach_id, []).append(plg)
    member_of: dict[int, list[PLG]] = {}
    memberships = PLGMembership.objects.filter(
        plg__trajectory=trajectory, person_id__in=person_ids
    ).select_related("plg")
    for membership in memberships:
        member_of.setdefault(membership.person_id, []).append(membership.plg)
    by_role = {Role.COACH: coached, Role.PARTICIPANT: member_of}
    return {
        grant.pk: by_role[grant.role].get(grant.user.person_id, [])
        for grant in grants
        if grant.role in by_role and grant.user.person_id
    }
