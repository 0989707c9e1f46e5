"""Writing a checked workbook: every sheet with a few bulk queries, in one transaction.

Records are matched on their id (``ref``) and created or updated; nothing is deleted
except the PLG memberships and partnership schools that the workbook replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from leadtogether.accounts.models import RoleGrant, User
from leadtogether.interchange.importer.existing import Existing
from leadtogether.interchange.importer.plan import Count, Plan, Planned
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)
from leadtogether.trajectories.services import enrolment_research_codes_assign

M = TypeVar("M", bound=models.Model)


def _upsert(
    model: type[M],
    planned: Mapping[Any, Planned],
    existing: Mapping[Any, M],
    fields: Callable[[Planned], dict[str, Any]],
    changed_elsewhere: Iterable[Hashable] = (),
) -> tuple[Count, list[M]]:
    """Create the PLANNED records that are not in EXISTING and update those that differ.

    A record in CHANGED_ELSEWHERE counts as updated even when its own fields are equal.
    Returns the counts and the created records.
    """
    count = Count()
    changed_elsewhere = set(changed_elsewhere)
    created: list[M] = []
    changed: list[M] = []
    changed_fields: set[str] = set()
    for key, row in planned.items():
        values = fields(row)
        record = existing.get(key)
        if record is None:
            created.append(model(**values))
            continue
        differences = [name for name, value in values.items() if getattr(record, name) != value]
        for name in differences:
            setattr(record, name, values[name])
        if differences:
            changed.append(record)
            changed_fields.update(differences)
        elif key in changed_elsewhere:
            count.updated += 1
        else:
            count.unchanged += 1
    # updates first: they may free a unique value that a new record takes
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields))
    model.objects.bulk_create(created)
    count.created = len(created)
    count.updated += len(changed)
    return count, created


def _release(
    model: type[models.Model],
    existing: Mapping[str, models.Model],
    planned: Mapping[str, Planned],
    field: str,
    placeholder: Any,
) -> None:
    """Set the unique FIELD to PLACEHOLDER on the records where it changes.

    The database checks uniqueness row by row, so a value can only move from one record
    to another (or two records swap their values) once the old holder has let go of it.
    """
    moving = [
        record.pk
        for key, record in existing.items()
        if key in planned and planned[key].values.get(field) != getattr(record, field)
    ]
    if moving:
        model.objects.filter(pk__in=moving).update(**{field: placeholder})


def _pks(
    existing: Mapping[str, models.Model], created: Iterable[tuple[str, int]]
) -> dict[str, int]:
    """Primary keys by id: of the EXISTING records and of the (id, key) pairs CREATED."""
    pks = {ref: record.pk for ref, record in existing.items()}
    pks.update(created)
    return pks


class Writer:
    """Writes a plan; SHEET names the sheet being written, to report a failure."""

    def __init__(self, plan: Plan, existing: Existing) -> None:
        self.plan = plan
        self.existing = existing
        self.sheet = ""
        self.counts: dict[str, Count] = {}
        self._trajectory: Trajectory | None = existing.trajectory
        self.school_pk: dict[str, int] = {}
        self.partnership_pk: dict[str, int] = {}
        self.person_pk: dict[str, int] = {}
        self.plg_pk: dict[str, int] = {}
        self.session_pk: dict[str, int] = {}

    def write(self) -> Trajectory:
        steps: list[tuple[str, Callable[[], Count]]] = [
            ("trajectory", self.trajectory_row),
            ("schools", self.schools),
            ("partnerships", self.partnerships),
            ("people", self.people),
            ("enrolments", self.enrolments),
            ("plgs", self.plgs),
            ("plg_members", self.plg_members),
            ("sessions", self.sessions),
            ("attendance", self.attendance),
            ("roles", self.roles),
        ]
        for sheet, step in steps:
            self.sheet = sheet
            self.counts[sheet] = step()
        self.sheet = ""
        return self.trajectory

    @property
    def trajectory(self) -> Trajectory:
        if self._trajectory is None:
            raise RuntimeError("The trajectory is written first.")
        return self._trajectory

    @property
    def trajectory_pk(self) -> int:
        return self.trajectory.pk

    def trajectory_row(self) -> Count:
        planned = self.plan.trajectory
        if planned is None:
            raise RuntimeError("A checked workbook has its trajectory.")
        if self._trajectory is None:
            self._trajectory = Trajectory.objects.create(**planned.values)
            return Count(created=1)
        differences = [
            name
            for name, value in planned.values.items()
            if getattr(self.trajectory, name) != value
        ]
        if not differences:
            return Count(unchanged=1)
        for name in differences:
            setattr(self.trajectory, name, planned.values[name])
        self.trajectory.save(update_fields=differences)
        return Count(updated=1)

    def schools(self) -> Count:
        count, created = _upsert(
            School,
            self.plan.schools,
            self.existing.schools,
            lambda row: {"ref": row.key, **row.values},
        )
        self.school_pk = _pks(
            self.existing.schools,
            School.objects.filter(ref__in=[s.ref for s in created]).values_list("ref", "pk"),
        )
        return count

    def partnerships(self) -> Count:
        plan, existing = self.plan, self.existing
        current = existing.partnership_schools
        relinked = {
            ref
            for ref, schools in plan.partnership_schools.items()
            if set(schools) != set(current.get(ref, {}))
        }
        count, created = _upsert(
            Partnership,
            plan.partnerships,
            existing.partnerships,
            lambda row: {"ref": row.key, **row.values},
            changed_elsewhere=relinked & existing.partnerships.keys(),
        )
        self.partnership_pk = _pks(
            existing.partnerships,
            Partnership.objects.filter(ref__in=[p.ref for p in created]).values_list("ref", "pk"),
        )
        link = Partnership.schools.through
        unlinked = [
            pk
            for ref, schools in plan.partnership_schools.items()
            for school, pk in current.get(ref, {}).items()
            if school not in schools
        ]
        link.objects.filter(pk__in=unlinked).delete()
        link.objects.bulk_create(
            link(partnership_id=self.partnership_pk[ref], school_id=self.school_pk[school])
            for ref, schools in plan.partnership_schools.items()
            for school in schools
            if school not in current.get(ref, {})
        )
        self.trajectory.partnerships.add(*(self.partnership_pk[ref] for ref in plan.partnerships))
        return count

    def people(self) -> Count:
        # an empty e-mail address is not unique
        _release(Person, self.existing.people, self.plan.people, "email", "")
        count, created = _upsert(
            Person,
            self.plan.people,
            self.existing.people,
            lambda row: {
                "ref": row.key,
                **row.values,
                "school_id": self.school_pk.get(row.links["school"] or ""),
            },
        )
        self.person_pk = _pks(
            self.existing.people,
            Person.objects.filter(ref__in=[p.ref for p in created]).values_list("ref", "pk"),
        )
        return count

    def enrolments(self) -> Count:
        count, _created = _upsert(
            Enrolment,
            self.plan.enrolments,
            self.existing.enrolments,
            lambda row: {
                "trajectory_id": self.trajectory_pk,
                "person_id": self.person_pk[row.key],
                **row.values,
            },
        )
        enrolment_research_codes_assign(trajectory=Trajectory(pk=self.trajectory_pk))
        return count

    def plgs(self) -> Count:
        # names are trimmed on import and in forms, so none starts with a space
        placeholder = Concat(Value(" "), F("ref"))
        _release(PLG, self.existing.plgs, self.plan.plgs, "name", placeholder)
        count, created = _upsert(
            PLG,
            self.plan.plgs,
            self.existing.plgs,
            lambda row: {
                "trajectory_id": self.trajectory_pk,
                "ref": row.key,
                **row.values,
                "partnership_id": self.partnership_pk[row.links["partnership"] or ""],
                "coach_id": self.person_pk.get(row.links["coach"] or ""),
            },
        )
        created_pks = PLG.objects.filter(
            trajectory_id=self.trajectory_pk, ref__in=[plg.ref for plg in created]
        ).values_list("ref", "pk")
        self.plg_pk = _pks(self.existing.plgs, created_pks)
        return count

    def plg_members(self) -> Count:
        count = Count()
        removed: list[int] = []
        added: list[PLGMembership] = []
        for plg, members in self.plan.plg_members.items():
            current = self.existing.plg_members.get(plg, {})
            removed += [pk for person, pk in current.items() if person not in members]
            added += [
                PLGMembership(plg_id=self.plg_pk[plg], person_id=self.person_pk[person])
                for person in members
                if person not in current
            ]
            count.unchanged += len(members.keys() & current.keys())
        PLGMembership.objects.filter(pk__in=removed).delete()
        PLGMembership.objects.bulk_create(added)
        count.created, count.removed = len(added), len(removed)
        return count

    def sessions(self) -> Count:
        count, created = _upsert(
            Session,
            self.plan.sessions,
            self.existing.sessions,
            lambda row: {
                "trajectory_id": self.trajectory_pk,
                "ref": row.key,
                **row.values,
                "plg_id": self.plg_pk.get(row.links["plg"] or ""),
                "person_id": self.person_pk.get(row.links["person"] or ""),
            },
        )
        created_pks = Session.objects.filter(
            trajectory_id=self.trajectory_pk, ref__in=[s.ref for s in created]
        ).values_list("ref", "pk")
        self.session_pk = _pks(self.existing.sessions, created_pks)
        return count

    def attendance(self) -> Count:
        count, _created = _upsert(
            Attendance,
            self.plan.attendance,
            self.existing.attendance,
            lambda row: {
                "session_id": self.session_pk[row.links["session"] or ""],
                "person_id": self.person_pk[row.links["person"] or ""],
                **row.values,
            },
        )
        return count

    def roles(self) -> Count:
        """The grants of the roles sheet; an address without an account gets one (no
        password: the person asks for one with "Forgot your password?"). No e-mail is
        sent."""
        count = Count()
        accounts = dict(self.existing.users)
        new_users: dict[str, User] = {}
        for (email, _role, _partnership), planned in self.plan.roles.items():
            if email in accounts or email in new_users:
                continue
            person_ref = planned.links["person"] or ""
            planned_person = self.plan.people.get(person_ref)
            names = planned_person.values if planned_person else {}
            known = self.existing.people.get(person_ref)
            new_users[email] = User(
                username=email,
                email=planned.values["email"],
                first_name=names.get("first_name", known.first_name if known else ""),
                last_name=names.get("last_name", known.last_name if known else ""),
                person_id=self.person_pk.get(person_ref) or (known.pk if known else None),
                password=make_password(None),
            )
        # a person has one account: one who has an account already is not linked again
        linked = set(
            User.objects.filter(
                person_id__in=[u.person_id for u in new_users.values() if u.person_id]
            ).values_list("person_id", flat=True)
        )
        for user in new_users.values():
            if user.person_id in linked:
                user.person_id = None
        User.objects.bulk_create(new_users.values())
        created = User.objects.filter(username__in=list(new_users)).in_bulk(field_name="username")
        accounts.update(created)
        grants = []
        for email, role, partnership in self.plan.roles:
            user = accounts[email]
            if (user.pk, role, partnership) in self.existing.grants:
                count.unchanged += 1
                continue
            grants.append(
                RoleGrant(
                    user_id=user.pk,
                    trajectory_id=self.trajectory_pk,
                    role=role,
                    partnership_id=self.partnership_pk.get(partnership) if partnership else None,
                )
            )
        RoleGrant.objects.bulk_create(grants)
        count.created = len(grants)
        return count
