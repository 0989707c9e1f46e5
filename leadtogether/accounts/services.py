"""Writes of the accounts app: audit entries, users, invitations and role grants.

Nothing here knows the trajectories app: a trajectory is passed in as a model instance
(its ``name``, ``partnerships`` and primary key are all that is used). Which person an
invitation is for, and what an invitation changes in a trajectory (a PLG's coach, its
staff), is decided by ``trajectories.services.role_invite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from leadtogether.accounts import emails
from leadtogether.accounts.models import AuditEntry, Role, RoleGrant, User

DEFAULT_LANGUAGE = "nl"


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log; OBJ fills in its type and id."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
    actor_or_none = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor_or_none,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
    )


# Users


def email_clean(email: str) -> str:
    """EMAIL without surrounding spaces, checked; a ValidationError on the field "email"."""
    email = User.objects.normalize_email((email or "").strip())
    if not email:
        raise ValidationError({"email": _("Give an e-mail address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("'%(email)s' is not a valid e-mail address.") % {"email": email}}
        ) from None
    return email


def user_by_email(email: str) -> User | None:
    """The account whose e-mail address or username is EMAIL (regardless of case)."""
    users = list(
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).order_by("pk")[:2]
    )
    if len(users) > 1:
        raise ValidationError(
            {"email": _("Several accounts use %(email)s; an administrator must merge them.")
             % {"email": email}}
        )  # fmt: skip
    return users[0] if users else None


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    person: Any = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """An account for EMAIL (also its username) without a password: the person chooses
    one through the link of their invitation. Linked to PERSON when given."""
    email = email_clean(email)
    if user_by_email(email) is not None:
        raise ValidationError(
            {"email": _("An account for %(email)s already exists.") % {"email": email}}
        )
    if person is not None:
        first_name = first_name or person.first_name
        last_name = last_name or person.last_name
    user = User(
        username=email.lower(),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        person=person,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="user_create",
        obj=user,
        detail={"email": email, "person": person.pk if person is not None else None},
    )
    return user


def _account_for(email: str, person: Any) -> User | None:
    """The existing account of PERSON, else the one using EMAIL (linked to PERSON when
    it has no person yet)."""
    if person is not None:
        linked = User.objects.filter(person=person).first()
        if linked is not None:
            return linked
    user = user_by_email(email)
    if user is None or person is None:
        return user
    if user.person_id is None:
        user.person = person
        user.save(update_fields=["person"])
    elif user.person_id != person.pk:
        raise ValidationError(
            {"email": _("The account %(username)s with this e-mail address belongs to "
                        "another person.") % {"username": user.username}}
        )  # fmt: skip
    return user


# Role grants


def role_partnership_check(*, trajectory: Any, role: str, partnership: Any) -> None:
    """A coordinating director's role names one of the trajectory's partnerships; no
    other role names one."""
    if role == Role.DIRECTOR and partnership is None:
        raise ValidationError(
            {"partnership": _("A coordinating director's role names a partnership.")}
        )
    if role != Role.DIRECTOR and partnership is not None:
        raise ValidationError(
            {"partnership": _("Only a coordinating director's role names a partnership.")}
        )
    if partnership is not None and not trajectory.partnerships.filter(pk=partnership.pk).exists():
        raise ValidationError(
            {"partnership": _("%(partnership)s does not take part in this trajectory.")
             % {"partnership": partnership}}
        )  # fmt: skip


def _check_grant(grant: RoleGrant) -> None:
    """The rules of a grant that name its fields: a director's partnership, and one
    grant of a role per user and trajectory."""
    role_partnership_check(
        trajectory=grant.trajectory, role=grant.role, partnership=grant.partnership
    )
    same = RoleGrant.objects.filter(
        user_id=grant.user_id,
        trajectory_id=grant.trajectory_id,
        role=grant.role,
        partnership=grant.partnership,
    ).exclude(pk=grant.pk)
    if same.exists():
        raise ValidationError(
            {"role": _("%(user)s already holds this role in this trajectory.")
             % {"user": user_label(grant.user)}}
        )  # fmt: skip


def user_label(user: User) -> str:
    """How a person is named in messages: their name, else their e-mail or username."""
    return user.get_full_name() or user.email or user.username


@transaction.atomic
def role_grant_create(
    *,
    actor: User | None,
    user: User,
    trajectory: Any,
    role: Role | str,
    partnership: Any = None,
) -> RoleGrant:
    grant = RoleGrant(user=user, trajectory=trajectory, role=role, partnership=partnership)
    grant.full_clean(validate_constraints=False)
    _check_grant(grant)
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        action="role_grant_create",
        obj=grant,
        detail={
            "user": user.pk,
            "trajectory": trajectory.pk,
            "role": str(role),
            "partnership": partnership.pk if partnership is not None else None,
        },
    )
    return grant


def _keep_an_organiser(grant: RoleGrant, actor: User | None) -> None:
    """Refuse to take away the trajectory's last organiser grant (the organisers' rows
    are locked, so two organisers cannot remove each other at the same moment)."""
    if grant.role != Role.ORGANISER:
        return
    organisers = list(
        RoleGrant.objects.select_for_update()
        .filter(trajectory_id=grant.trajectory_id, role=Role.ORGANISER)
        .values_list("pk", flat=True)
    )
    if any(pk != grant.pk for pk in organisers):
        return
    if actor is not None and actor.pk == grant.user_id:
        message = _(
            "You are the last organiser of this trajectory: make someone else organiser "
            "before you give up the role."
        )
    else:
        message = _(
            "%(user)s is the last organiser of this trajectory: make someone else organiser first."
        ) % {"user": user_label(grant.user)}
    raise ValidationError({"role": message})


@transaction.atomic
def role_grant_update(
    *,
    actor: User | None,
    grant: RoleGrant,
    role: Role | str,
    partnership: Any = None,
) -> RoleGrant:
    """Change the role of GRANT, or the partnership of a director's grant."""
    before = {"role": grant.role, "partnership": grant.partnership_id}
    if str(role) != grant.role:
        _keep_an_organiser(grant, actor)
    grant.role = str(role)
    grant.partnership = partnership
    grant.full_clean(validate_constraints=False)
    _check_grant(grant)
    grant.full_clean()
    grant.save(update_fields=["role", "partnership"])
    audit_record(
        actor=actor,
        action="role_grant_update",
        obj=grant,
        detail={
            "user": grant.user_id,
            "from": before,
            "to": {"role": grant.role, "partnership": grant.partnership_id},
        },
    )
    return grant


@transaction.atomic
def role_grant_revoke(*, actor: User | None, grant: RoleGrant) -> None:
    """Take away GRANT; never the last organiser grant of a trajectory."""
    _keep_an_organiser(grant, actor)
    audit_record(
        actor=actor,
        action="role_grant_revoke",
        obj=grant,
        detail={
            "user": grant.user_id,
            "trajectory": grant.trajectory_id,
            "role": grant.role,
            "partnership": grant.partnership_id,
        },
    )
    grant.delete()


# Invitations


@dataclass(frozen=True)
class Invitation:
    """The grant an invitation made, and whether the person was sent a link to choose a
    password (a new account, or one whose password was never set)."""

    grant: RoleGrant
    new_account: bool
    sends_password_link: bool


def invitation_pending(user: User) -> bool:
    """Whether USER was invited and has not chosen a password yet."""
    return user.last_login is None and not user.has_usable_password()


@transaction.atomic
def user_invite(
    *,
    actor: User | None,
    trajectory: Any,
    email: str,
    role: Role | str,
    person: Any = None,
    partnership: Any = None,
    first_name: str = "",
    last_name: str = "",
    language: str = DEFAULT_LANGUAGE,
) -> Invitation:
    """Give the person with EMAIL the ROLE in TRAJECTORY and tell them by e-mail.

    A new person gets an account without a password (username: the e-mail address) and
    a link to choose one; someone who already has an account gets the grant and a
    notice with the sign-in link. The e-mail goes out last: when it cannot be sent,
    nothing is written.
    """
    email = email_clean(email)
    user = _account_for(email, person)
    new_account = user is None
    if user is None:
        user = user_create(
            actor=actor, email=email, person=person, first_name=first_name, last_name=last_name
        )
    grant = role_grant_create(
        actor=actor, user=user, trajectory=trajectory, role=role, partnership=partnership
    )
    sends_link = not user.has_usable_password()
    audit_record(
        actor=actor,
        action="user_invite",
        obj=grant,
        detail={"email": email, "role": str(role), "new_account": new_account},
    )
    emails.invitation_send(
        user=user, grant=grant, inviter=actor, language=language, password_link=sends_link
    )
    return Invitation(grant=grant, new_account=new_account, sends_password_link=sends_link)


@transaction.atomic
def invitation_resend(
    *, actor: User | None, grant: RoleGrant, language: str = DEFAULT_LANGUAGE
) -> RoleGrant:
    """Send the invitation of GRANT again, with a new link to choose a password; only
    while its person has not signed in yet."""
    user = grant.user
    if user.last_login is not None:
        raise ValidationError(
            _("%(user)s has already signed in; they can ask for a new password on the "
              "sign-in page.") % {"user": user_label(user)}
        )  # fmt: skip
    if not user.email:
        raise ValidationError(_("%(user)s has no e-mail address.") % {"user": user_label(user)})
    audit_record(actor=actor, action="invitation_resend", obj=grant, detail={"email": user.email})
    emails.invitation_send(
        user=user, grant=grant, inviter=actor, language=language, password_link=True
    )
    return grant
