"""The records a workbook refers to that are already in the database.

Everything is fetched up front, with one query per table, so that checking and writing a
workbook of any size takes a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Lower

from leadtogether.accounts.models import RoleGrant, User
from leadtogether.interchange.importer.cells import cell_text, split_refs
from leadtogether.interchange.workbook import Workbook
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)


@dataclass
class Existing:
    trajectory: Trajectory | None = None
    # ids of the partnerships that take part in the trajectory
    trajectory_partnerships: set[str] = field(default_factory=set)
    schools: dict[str, School] = field(default_factory=dict)
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    # partnership id -> school id -> primary key of the link between them
    partnership_schools: dict[str, dict[str, int]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    # e-mail address in lower case -> ids of the people who use it
    emails: dict[str, list[str]] = field(default_factory=dict)
    # the rest belongs to the trajectory
    enrolments: dict[str, Enrolment] = field(default_factory=dict)
    plgs: dict[str, PLG] = field(default_factory=dict)
    # PLG id -> person id -> primary key of the membership
    plg_members: dict[str, dict[str, int]] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    attendance: dict[tuple[str, str], Attendance] = field(default_factory=dict)
    # accounts by e-mail address (or username) in lower case, for the roles sheet; the
    # addresses used by several accounts
    users: dict[str, User] = field(default_factory=dict)
    shared_emails: set[str] = field(default_factory=set)
    # e-mail address in lower case -> id of the person with it (for the roles sheet)
    role_people: dict[str, str] = field(default_factory=dict)
    # the trajectory's grants as (user, role, partnership id or "")
    grants: set[tuple[int, str, str]] = field(default_factory=set)


def _column(workbook: Workbook, sheet: str, column: str, *, several: bool = False) -> set[str]:
    """The ids in one column of WORKBOOK (a ';'-separated list when SEVERAL)."""
    if sheet not in workbook:
        return set()
    refs: set[str] = set()
    for row in workbook[sheet].rows:
        if several:
            refs.update(split_refs(row.get(column)))
        else:
            refs.add(cell_text(row.get(column)))
    refs.discard("")
    return refs


def load_existing(workbook: Workbook) -> Existing:
    existing = Existing()
    school_refs = (
        _column(workbook, "schools", "school_id")
        | _column(workbook, "partnerships", "school_ids", several=True)
        | _column(workbook, "people", "school_id")
    )
    existing.schools = {s.ref: s for s in School.objects.filter(ref__in=school_refs)}

    partnership_refs = (
        _column(workbook, "partnerships", "partnership_id")
        | _column(workbook, "plgs", "partnership_id")
        | _column(workbook, "roles", "partnership_id")
    )
    existing.partnerships = {p.ref: p for p in Partnership.objects.filter(ref__in=partnership_refs)}
    links = Partnership.schools.through.objects.filter(
        partnership__ref__in=partnership_refs
    ).values_list("partnership__ref", "school__ref", "pk")
    for partnership_ref, school_ref, pk in links:
        existing.partnership_schools.setdefault(partnership_ref, {})[school_ref] = pk

    person_refs = set().union(
        _column(workbook, "people", "person_id"),
        _column(workbook, "enrolments", "person_id"),
        _column(workbook, "plgs", "coach_person_id"),
        _column(workbook, "plg_members", "person_id"),
        _column(workbook, "sessions", "person_id"),
        _column(workbook, "attendance", "person_id"),
    )
    existing.people = {p.ref: p for p in Person.objects.filter(ref__in=person_refs)}
    emails = {email.lower() for email in _column(workbook, "people", "email")}
    by_email: dict[str, list[str]] = defaultdict(list)
    people_by_email = (
        Person.objects.annotate(email_folded=Lower("email"))
        .filter(email_folded__in=emails)
        .values_list("email_folded", "ref")
    )
    for email, ref in people_by_email:
        by_email[email].append(ref)
    existing.emails = dict(by_email)
    _load_accounts(existing, {email.lower() for email in _column(workbook, "roles", "email")})

    slugs = _column(workbook, "trajectory", "slug")
    trajectory = Trajectory.objects.filter(slug__in=slugs).first() if len(slugs) == 1 else None
    if trajectory is not None:
        _load_trajectory(existing, trajectory)
    return existing


def _load_trajectory(existing: Existing, trajectory: Trajectory) -> None:
    existing.trajectory = trajectory
    existing.trajectory_partnerships = set(trajectory.partnerships.values_list("ref", flat=True))
    existing.enrolments = {
        e.person_ref: e
        for e in Enrolment.objects.filter(trajectory=trajectory).annotate(
            person_ref=F("person__ref")
        )
    }
    existing.plgs = {
        plg.ref: plg for plg in PLG.objects.filter(trajectory=trajectory).select_related("coach")
    }
    memberships = PLGMembership.objects.filter(plg__trajectory=trajectory).values_list(
        "plg__ref", "person__ref", "pk"
    )
    for plg_ref, person_ref, pk in memberships:
        existing.plg_members.setdefault(plg_ref, {})[person_ref] = pk
    existing.sessions = {s.ref: s for s in Session.objects.filter(trajectory=trajectory)}
    attendance = Attendance.objects.filter(session__trajectory=trajectory).annotate(
        session_ref=F("session__ref"), person_ref=F("person__ref")
    )
    existing.attendance = {(a.session_ref, a.person_ref): a for a in attendance}
    grants = RoleGrant.objects.filter(trajectory=trajectory).values_list(
        "user_id", "role", "partnership__ref"
    )
    existing.grants = {(user, role, ref or "") for user, role, ref in grants}


def _load_accounts(existing: Existing, emails: set[str]) -> None:
    """The accounts and people that the roles sheet's addresses name."""
    accounts = User.objects.annotate(
        email_folded=Lower("email"), username_folded=Lower("username")
    ).filter(Q(email_folded__in=emails) | Q(username_folded__in=emails))
    for user in accounts.order_by("pk"):
        for key in {user.email_folded, user.username_folded} & emails:
            other = existing.users.setdefault(key, user)
            if other.pk != user.pk:
                existing.shared_emails.add(key)
    people = Person.objects.annotate(email_folded=Lower("email")).filter(email_folded__in=emails)
    for person in people:
        existing.people.setdefault(person.ref, person)
        existing.role_people[person.email_folded] = person.ref
