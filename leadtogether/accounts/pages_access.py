"""The scope of the roles pages: a role grant of the trajectory, for its organisers.

Page-level code (it uses the trajectory's access); the core of accounts does not.
"""

from __future__ import annotations

from leadtogether.accounts.models import RoleGrant
from leadtogether.lib.web import Scope
from leadtogether.trajectories.access import ORGANISER, Access


def _role_grant(
    access: Access, roles: frozenset[str], grant_id: int, *, write: bool
) -> RoleGrant | None:
    if ORGANISER not in roles:
        return None
    return (
        RoleGrant.objects.filter(pk=grant_id, trajectory=access.trajectory)
        .select_related("user", "user__person", "partnership", "trajectory")
        .first()
    )


ROLE_GRANT_SCOPE = Scope(name="role grant", kwarg="grant_id", fetch=_role_grant)
