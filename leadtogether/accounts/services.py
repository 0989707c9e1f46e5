"""Writes of the accounts app: audit entries, users and role grants."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from leadtogether.accounts.models import AuditEntry, Role, RoleGrant, User


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
    grant.full_clean()
    grant.save()
    audit_record(actor=actor, action="role_grant_create", obj=grant, detail={"role": str(role)})
    return grant
