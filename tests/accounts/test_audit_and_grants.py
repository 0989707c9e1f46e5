"""The audit log and role grants, called directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from leadtogether.accounts.models import AuditEntry, Role, RoleGrant
from leadtogether.accounts.services import audit_record, role_grant_create
from tests import factories


def test_an_audit_entry_names_the_object_by_its_type_and_id(world):
    entry = audit_record(actor=world.organiser, action="plg_update", obj=world.plg)
    assert (entry.object_type, entry.object_id) == ("trajectories.plg", str(world.plg.pk))


def test_an_audit_entry_keeps_the_actor_action_and_detail(world):
    audit_record(actor=world.organiser, action="plg_update", obj=world.plg, detail={"name": "X"})
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.detail) == (
        world.organiser,
        "plg_update",
        {"name": "X"},
    )


def test_an_audit_entry_without_an_object_takes_the_type_and_id_given(db):
    entry = audit_record(actor=None, action="import", object_type="workbook", object_id="a.xlsx")
    assert (entry.object_type, entry.object_id, entry.detail) == ("workbook", "a.xlsx", {})


def test_an_anonymous_actor_is_recorded_as_nobody(db):
    entry = audit_record(actor=AnonymousUser(), action="link_opened")
    assert entry.actor is None


def test_a_role_grant_gives_the_user_the_role_in_the_trajectory(world):
    user = factories.UserFactory(username="new")
    role_grant_create(actor=world.organiser, user=user, trajectory=world.trajectory, role="coach")
    assert list(user.role_grants.values_list("trajectory", "role")) == [
        (world.trajectory.pk, "coach")
    ]


def test_a_role_grant_is_audited_with_its_role(world):
    user = factories.UserFactory(username="new")
    grant = role_grant_create(
        actor=world.organiser, user=user, trajectory=world.trajectory, role=Role.RESEARCHER
    )
    entry = AuditEntry.objects.get(action="role_grant_create")
    assert (entry.actor, entry.object_id, entry.detail) == (
        world.organiser,
        str(grant.pk),
        {"user": user.pk, "trajectory": world.trajectory.pk, "role": "researcher",
         "partnership": None},
    )  # fmt: skip


def test_a_director_grant_names_a_partnership(world):
    user = factories.UserFactory(username="new")
    with pytest.raises(ValidationError):
        role_grant_create(actor=None, user=user, trajectory=world.trajectory, role="director")
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not AuditEntry.objects.exists()


def test_only_a_director_grant_names_a_partnership(world):
    user = factories.UserFactory(username="new")
    with pytest.raises(ValidationError):
        role_grant_create(
            actor=None,
            user=user,
            trajectory=world.trajectory,
            role="coach",
            partnership=world.plg.partnership,
        )
    assert not RoleGrant.objects.filter(user=user).exists()


def test_a_role_is_granted_once_per_trajectory(world):
    with pytest.raises(ValidationError):
        role_grant_create(
            actor=None, user=world.coach, trajectory=world.trajectory, role=Role.COACH
        )
    assert world.coach.role_grants.count() == 1


def test_an_unknown_role_is_refused(world):
    user = factories.UserFactory(username="new")
    with pytest.raises(ValidationError):
        role_grant_create(actor=None, user=user, trajectory=world.trajectory, role="king")
    assert not RoleGrant.objects.filter(user=user).exists()
