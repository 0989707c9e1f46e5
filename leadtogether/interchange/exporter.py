"""Exporting a trajectory as a workbook that the import reads back unchanged.

The workbook holds the trajectory; its partnerships (those taking part and those of its
PLGs); its people (enrolled, coaching a PLG, member of a PLG, named by a session or an
attendance row, or holding a role); the schools of those partnerships and people; and the
trajectory's enrolments, PLGs, PLG members, sessions, attendance and role grants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from leadtogether.accounts.models import Role, RoleGrant
from leadtogether.interchange import schema
from leadtogether.interchange.workbook import Sheet, Workbook
from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)


def _cell(value: Any) -> Any:
    """The cell for a field value: empty text is an empty cell, times are local and naive."""
    if value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _sheet(spec: schema.SheetSpec, rows: Iterable[tuple[Any, ...]], id_columns: int = 1) -> Sheet:
    """A sheet of ROWS (values in the order of the columns), in natural order of the ids.

    The ids are the first ID_COLUMNS columns.
    """
    columns = spec.column_names
    records = [dict(zip(columns, map(_cell, row), strict=True)) for row in rows]
    records.sort(key=lambda record: tuple(natural_key(record[c]) for c in columns[:id_columns]))
    return Sheet(name=spec.name, columns=columns, rows=records)


def _ref(record: Any) -> str | None:
    return record.ref if record is not None else None


@dataclass
class _Records:
    """Everything the workbook of one trajectory holds, fetched with a query per table."""

    trajectory: Trajectory
    partnerships: list[Partnership]
    schools: list[School]
    people: list[Person]
    enrolments: list[Enrolment]
    plgs: list[PLG]
    plg_members: list[tuple[str, str]]
    sessions: list[Session]
    attendance: list[tuple[str, str, str]]
    roles: list[tuple[str, str, str | None, str | None]]

    @classmethod
    def fetch(cls, trajectory: Trajectory) -> _Records:
        partnerships = list(
            Partnership.objects.filter(Q(trajectories=trajectory) | Q(plgs__trajectory=trajectory))
            .distinct()
            .prefetch_related("schools")
        )
        plgs = list(
            PLG.objects.filter(trajectory=trajectory).select_related("partnership", "coach")
        )
        members = list(
            PLGMembership.objects.filter(plg__trajectory=trajectory).values_list(
                "plg__ref", "person__ref", "person_id"
            )
        )
        enrolments = list(Enrolment.objects.filter(trajectory=trajectory).select_related("person"))
        sessions = list(
            Session.objects.filter(trajectory=trajectory).select_related("plg", "person")
        )
        attendance = list(
            Attendance.objects.filter(session__trajectory=trajectory).values_list(
                "session__ref", "person__ref", "status", "person_id"
            )
        )
        grants = list(
            RoleGrant.objects.filter(trajectory=trajectory).select_related(
                "user", "user__person", "partnership"
            )
        )
        person_pks = (
            {enrolment.person_id for enrolment in enrolments}
            | {grant.user.person_id for grant in grants if grant.user.person_id}
            | {plg.coach_id for plg in plgs if plg.coach_id}
            | {person_pk for _plg, _person, person_pk in members}
            | {session.person_id for session in sessions if session.person_id}
            | {row[3] for row in attendance}
        )
        people = list(Person.objects.filter(pk__in=person_pks).select_related("school"))
        school_pks = {person.school_id for person in people if person.school_id} | {
            school.pk for partnership in partnerships for school in partnership.schools.all()
        }
        return cls(
            trajectory=trajectory,
            partnerships=partnerships,
            schools=list(School.objects.filter(pk__in=school_pks)),
            people=people,
            enrolments=enrolments,
            plgs=plgs,
            plg_members=[(plg, person) for plg, person, _pk in members],
            sessions=sessions,
            attendance=[(session, person, status) for session, person, status, _pk in attendance],
            roles=_role_rows(grants, plgs, members),
        )


def _role_rows(
    grants: list[RoleGrant], plgs: list[PLG], members: list[tuple[str, str, int]]
) -> list[tuple[str, str, str | None, str | None]]:
    """A row per grant (per PLG for a coach of several), named by the account's e-mail
    address (else its person's); grants of accounts without an address are left out."""
    coached: dict[int, list[str]] = {}
    for plg in plgs:
        if plg.coach_id:
            coached.setdefault(plg.coach_id, []).append(plg.ref)
    member_of = {person_pk: plg_ref for plg_ref, _person, person_pk in members}
    rows: list[tuple[str, str, str | None, str | None]] = []
    for grant in grants:
        user = grant.user
        email = user.email or (user.person.email if user.person else "")
        if not email:
            continue
        plg_refs: list[str | None] = [None]
        if grant.role == Role.COACH and user.person_id in coached:
            plg_refs = list(coached[user.person_id])
        elif grant.role == Role.PARTICIPANT and user.person_id in member_of:
            plg_refs = [member_of[user.person_id]]
        rows.extend((email, grant.role, plg_ref, _ref(grant.partnership)) for plg_ref in plg_refs)
    return rows


def workbook_export(*, trajectory: Trajectory) -> Workbook:
    """The workbook of TRAJECTORY, with every sheet of the format (some may be empty)."""
    records = _Records.fetch(trajectory)
    sheets = [
        _trajectory_sheet(records),
        _schools_sheet(records),
        _partnerships_sheet(records),
        _people_sheet(records),
        _sheet(
            schema.ENROLMENTS,
            ((e.person.ref, e.research_consent, e.research_code) for e in records.enrolments),
        ),
        _sheet(
            schema.PLGS,
            ((plg.ref, plg.name, plg.partnership.ref, _ref(plg.coach)) for plg in records.plgs),
        ),
        _sheet(schema.PLG_MEMBERS, records.plg_members, id_columns=2),
        _sessions_sheet(records),
        _sheet(schema.ATTENDANCE, records.attendance, id_columns=2),
        _sheet(schema.ROLES, records.roles, id_columns=4),
    ]
    return {sheet.name: sheet for sheet in sheets}


def _trajectory_sheet(records: _Records) -> Sheet:
    t = records.trajectory
    row = {name: getattr(t, name) for name in schema.TRAJECTORY.column_names}
    return _sheet(schema.TRAJECTORY, [tuple(row.values())])


def _schools_sheet(records: _Records) -> Sheet:
    return _sheet(
        schema.SCHOOLS,
        ((s.ref, s.name, s.level, s.network, s.region) for s in records.schools),
    )


def _partnerships_sheet(records: _Records) -> Sheet:
    def school_ids(partnership: Partnership) -> str:
        return ";".join(sorted((s.ref for s in partnership.schools.all()), key=natural_key))

    return _sheet(
        schema.PARTNERSHIPS,
        (
            (p.ref, p.name, p.form, p.participation, p.learning_level, school_ids(p))
            for p in records.partnerships
        ),
    )


def _people_sheet(records: _Records) -> Sheet:
    return _sheet(
        schema.PEOPLE,
        (
            (
                p.ref,
                p.first_name,
                p.last_name,
                p.email,
                _ref(p.school),
                p.function_title,
                p.function_category,
            )
            for p in records.people
        ),
    )


def _sessions_sheet(records: _Records) -> Sheet:
    return _sheet(
        schema.SESSIONS,
        (
            (
                s.ref,
                s.kind,
                _ref(s.plg),
                _ref(s.person),
                s.starts_at,
                s.status,
                s.cancel_reason,
                s.ends_at,
                s.title,
                s.location,
            )
            for s in records.sessions
        ),
    )
