"""Roles in a trajectory: what a role changes in the trajectory (the accounts app
makes the account, the grant and the e-mail)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts import services as account_services
from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.accounts.services import Invitation
from leadtogether.registry.models import Partnership, Person
from leadtogether.trajectories.models import (
    PLG,
    Enrolment,
    Trajectory,
)
from leadtogether.trajectories.services.enrolments import person_register
from leadtogether.trajectories.services.plgs import plg_update

# Roles: who may hold which role in a trajectory. The accounts app makes the account,
# the grant and the e-mail; what a role changes in the trajectory is done here.


def _role_fits(
    trajectory: Trajectory, role: str, person: Person | None, plg: PLG | None, field: str
) -> None:
    """A participant is enrolled (and a member of PLG when one is given); only coaches
    and participants come with a PLG, and a coach with a PLG is a person."""
    if plg is not None:
        if plg.trajectory_id != trajectory.pk:
            raise ValidationError({"plg": _("This PLG belongs to another trajectory.")})
        if role not in (Role.COACH, Role.PARTICIPANT):
            raise ValidationError({"plg": _("Only a coach or a participant is given a PLG.")})
    if role == Role.PARTICIPANT:
        enrolled = (
            person is not None
            and Enrolment.objects.filter(trajectory=trajectory, person=person).exists()
        )
        if not enrolled:
            raise ValidationError(
                {field: _("A participant is a person enrolled in this trajectory; "
                          "%(who)s is not.") % {"who": person or _("this person")}}
            )  # fmt: skip
        if plg is not None and not plg.memberships.filter(person=person).exists():
            raise ValidationError(
                {"plg": _("%(person)s is not a member of %(plg)s.")
                 % {"person": person, "plg": plg}}
            )  # fmt: skip


def _make_coach(*, actor: User | None, plg: PLG | None, person: Person | None) -> None:
    if plg is None or plg.coach_id == getattr(person, "pk", None):
        return
    if person is None:
        raise ValidationError({"plg": _("Only a registered person can coach a PLG.")})
    plg_update(actor=actor, plg=plg, name=plg.name, coach=person)


def _person_to_invite(
    *, actor: User | None, trajectory: Trajectory, email: str, first_name: str, last_name: str
) -> Person:
    """The registry's person with EMAIL (or the person of the account with EMAIL); else a
    new person without a school, who joins the trajectory's staff."""
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        account = account_services.user_by_email(email)
        person = account.person if account is not None else None
    if person is not None:
        return person
    missing = {
        name: _("Nobody is registered with this e-mail address: give the new person's name.")
        for name, value in (("first_name", first_name), ("last_name", last_name))
        if not value.strip()
    }
    if missing:
        raise ValidationError(missing)
    return person_register(
        actor=actor,
        trajectory=trajectory,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        enrol=False,
    )


@transaction.atomic
def role_invite(
    *,
    actor: User | None,
    trajectory: Trajectory,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    plg: PLG | None = None,
    partnership: Partnership | None = None,
    language: str = account_services.DEFAULT_LANGUAGE,
) -> Invitation:
    """Invite the person with EMAIL to TRAJECTORY as ROLE, by e-mail.

    The person is the registry's person with that address, or a new one (FIRST_NAME,
    LAST_NAME) in the trajectory's staff; a participant must be enrolled already. A
    coach invited with a PLG becomes its coach; a participant's PLG is checked. A
    director's grant names PARTNERSHIP.
    """
    email = account_services.email_clean(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role '%(role)s'.") % {"role": role}})
    account_services.role_partnership_check(
        trajectory=trajectory, role=role, partnership=partnership
    )
    if role == Role.PARTICIPANT:
        person = Person.objects.filter(email__iexact=email).first()
    else:
        _role_fits(trajectory, role, None, plg, "email")
        person = _person_to_invite(
            actor=actor,
            trajectory=trajectory,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
    _role_fits(trajectory, role, person, plg, "email")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=person)
    return account_services.user_invite(
        actor=actor,
        trajectory=trajectory,
        email=email,
        role=role,
        person=person,
        partnership=partnership,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )


@transaction.atomic
def role_grant_change(
    *,
    actor: User | None,
    grant: RoleGrant,
    role: str,
    partnership: Partnership | None = None,
    plg: PLG | None = None,
) -> RoleGrant:
    """Change GRANT's role (or a director's partnership); a coach given PLG becomes its
    coach."""
    trajectory = grant.trajectory
    person = grant.user.person
    _role_fits(trajectory, role, person, plg, "role")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=person)
    return account_services.role_grant_update(
        actor=actor, grant=grant, role=role, partnership=partnership
    )


@transaction.atomic
def role_grant_add(
    *,
    actor: User | None,
    trajectory: Trajectory,
    user: User,
    role: str,
    plg: PLG | None = None,
    partnership: Partnership | None = None,
) -> RoleGrant:
    """Give the existing account USER a ROLE in TRAJECTORY without an e-mail; the same
    rules as an invitation (a participant enrolled, a coach given PLG becomes its coach)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role '%(role)s'.") % {"role": role}})
    _role_fits(trajectory, role, user.person, plg, "email")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=user.person)
    return account_services.role_grant_create(
        actor=actor, user=user, trajectory=trajectory, role=role, partnership=partnership
    )
