"""Checking the sheet of roles: who signs in to the trajectory, and as what.

A row names the account by its e-mail address; an address without an account gets a new
account (without a password, linked to the person with that address when there is one).
``plg_id`` is checked, not set: a coach's PLG names them as coach (sheet ``plgs``), a
participant's PLG has them as member.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from leadtogether.accounts.models import Role
from leadtogether.interchange.importer.cells import RowReader
from leadtogether.interchange.importer.plan import Planned
from leadtogether.interchange.importer.reading import Reading
from leadtogether.interchange.schema import ROLES


def _person_by_email(reading: Reading) -> dict[str, str]:
    """E-mail address in lower case -> the id of the person who has it after the import."""
    people = dict(reading.existing.role_people)
    for ref, planned in reading.plan.people.items():
        if planned.values.get("email"):
            people[planned.values["email"].lower()] = ref
    return people


def _coach_of(reading: Reading, plg: str) -> str | None:
    planned = reading.plan.plgs.get(plg)
    if planned is not None:
        return planned.links.get("coach")
    existing = reading.existing.plgs.get(plg)
    return existing.coach.ref if existing is not None and existing.coach else None


def read_roles(reading: Reading) -> None:
    plan, existing = reading.plan, reading.existing
    plgs = plan.plgs.keys() | existing.plgs.keys()
    partnerships = plan.partnerships.keys() | existing.partnerships.keys()
    in_trajectory = plan.partnerships.keys() | existing.trajectory_partnerships
    enrolled = plan.enrolments.keys() | existing.enrolments.keys()
    people = _person_by_email(reading)
    seen: dict[tuple[str, str, str, str], int] = {}
    for row in reading.rows(ROLES):
        email = _email(reading, row)
        role = row.choice("role", Role.values)
        plg = reading.reference(row, "plg_id", plgs, _("PLG"), "plgs")
        partnership = reading.reference(
            row, "partnership_id", partnerships, _("partnership"), "partnerships"
        )
        if not (email and role) or plg is None or partnership is None:
            continue
        person = people.get(email.lower())
        _check_partnership(reading, row, role, partnership, in_trajectory)
        _check_person(reading, row, role, person, plg, enrolled)
        key = (email.lower(), role, partnership, plg)
        if reading.duplicate(row, "email", seen, key, _("this role is listed twice")):
            continue
        plan.roles.setdefault(
            (email.lower(), role, partnership),
            Planned(
                row.number, key, {"email": email}, {"person": person, "partnership": partnership}
            ),
        )


def _email(reading: Reading, row: RowReader) -> str:
    email = row.text("email")
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        row.problem("email", _("'%(email)s' is not a valid e-mail address") % {"email": email})
        return ""
    if email.lower() in reading.existing.shared_emails:
        row.problem(
            "email",
            _("several accounts use '%(email)s'; an administrator must merge them")
            % {"email": email},
        )
        return ""
    return email


def _check_partnership(
    reading: Reading, row: RowReader, role: str, partnership: str, in_trajectory: set[str]
) -> None:
    if role == Role.DIRECTOR and not partnership:
        row.problem("partnership_id", _("a coordinating director needs a partnership_id"))
    elif role != Role.DIRECTOR and partnership:
        row.problem("partnership_id", _("only a coordinating director has a partnership_id"))
    elif (
        partnership and partnership not in in_trajectory and "partnerships" not in reading.unchecked
    ):
        row.problem(
            "partnership_id",
            _("partnership '%(ref)s' is not in this trajectory; list it on the sheet partnerships")
            % {"ref": partnership},
        )


def _check_person(
    reading: Reading,
    row: RowReader,
    role: str,
    person: str | None,
    plg: str,
    enrolled: set[str],
) -> None:
    # a problem on a sheet these checks rely on is reported there, not again here
    failed = {problem.sheet for problem in reading.problems} | reading.unchecked
    if role == Role.PARTICIPANT and (person is None or person not in enrolled):
        if not failed & {"people", "enrolments"}:
            row.problem(
                "email",
                _("a participant is a person enrolled in the trajectory; nobody enrolled has "
                  "this e-mail address"),
            )  # fmt: skip
        return
    if not plg:
        return
    if role == Role.COACH:
        if failed & {"people", "plgs"}:
            return
        if person is None or _coach_of(reading, plg) != person:
            row.problem(
                "plg_id",
                _("the person with this e-mail address is not the coach of PLG '%(plg)s' "
                  "(set the coach on the sheet plgs)") % {"plg": plg},
            )  # fmt: skip
    elif role == Role.PARTICIPANT:
        if failed & {"people", "plg_members"}:
            return
        if reading.plan.member_of.get(person or "") != plg:
            row.problem(
                "plg_id",
                _("person '%(person)s' is not a member of PLG '%(plg)s'")
                % {"person": person, "plg": plg},
            )
    else:
        row.problem("plg_id", _("only a coach or a participant has a plg_id"))
