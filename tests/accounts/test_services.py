"""Users, role grants and invitations: the writes of the accounts app."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.accounts import services
from leadtogether.accounts.models import AuditEntry, Role, RoleGrant, User
from leadtogether.trajectories import services as trajectory_services
from tests import factories


def invite(world, email, role, **kwargs):
    return trajectory_services.role_invite(
        actor=world.organiser, trajectory=world.trajectory, email=email, role=role, **kwargs
    )


# role_grant_create


def test_role_grant_create_makes_the_grant_and_audits_it(world):
    user = factories.UserFactory(username="new")
    grant = services.role_grant_create(
        actor=world.organiser, user=user, trajectory=world.trajectory, role=Role.RESEARCHER
    )
    assert RoleGrant.objects.get(user=user).role == Role.RESEARCHER
    entry = AuditEntry.objects.get(action="role_grant_create", object_id=str(grant.pk))
    assert entry.actor == world.organiser
    assert entry.detail["role"] == "researcher"


def test_role_grant_create_refuses_a_second_grant_of_the_same_role(world):
    with pytest.raises(ValidationError) as error:
        services.role_grant_create(
            actor=None, user=world.coach, trajectory=world.trajectory, role=Role.COACH
        )
    assert "already holds this role" in str(error.value)


def test_role_grant_create_wants_a_partnership_for_a_director_only(world):
    user = factories.UserFactory(username="new")
    with pytest.raises(ValidationError) as error:
        services.role_grant_create(
            actor=None, user=user, trajectory=world.trajectory, role=Role.DIRECTOR
        )
    assert "partnership" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.role_grant_create(
            actor=None,
            user=user,
            trajectory=world.trajectory,
            role=Role.COACH,
            partnership=world.plg.partnership,
        )
    assert "partnership" in error.value.message_dict


def test_role_grant_create_refuses_a_partnership_outside_the_trajectory(world):
    user = factories.UserFactory(username="new")
    elsewhere = factories.PartnershipFactory()
    with pytest.raises(ValidationError) as error:
        services.role_grant_create(
            actor=None,
            user=user,
            trajectory=world.trajectory,
            role=Role.DIRECTOR,
            partnership=elsewhere,
        )
    assert "does not take part" in str(error.value)


def test_role_grant_create_refuses_an_unknown_role(world):
    with pytest.raises(ValidationError) as error:
        services.role_grant_create(
            actor=None, user=world.coach, trajectory=world.trajectory, role="boss"
        )
    assert "role" in error.value.message_dict


# role_grant_update and role_grant_revoke


def test_role_grant_update_moves_a_director_to_another_partnership(world):
    grant = RoleGrant.objects.get(user=world.director)
    services.role_grant_update(
        actor=world.organiser,
        grant=grant,
        role=Role.DIRECTOR,
        partnership=world.other_plg.partnership,
    )
    grant.refresh_from_db()
    assert grant.partnership == world.other_plg.partnership
    entry = AuditEntry.objects.get(action="role_grant_update")
    assert entry.detail["from"]["partnership"] == world.plg.partnership.pk


def test_role_grant_revoke_deletes_the_grant_and_audits_it(world):
    grant = RoleGrant.objects.get(user=world.researcher)
    services.role_grant_revoke(actor=world.organiser, grant=grant)
    assert not RoleGrant.objects.filter(user=world.researcher).exists()
    assert AuditEntry.objects.get(action="role_grant_revoke").detail["role"] == "researcher"


def test_the_last_organiser_cannot_revoke_their_own_grant(world):
    grant = RoleGrant.objects.get(user=world.organiser)
    with pytest.raises(ValidationError) as error:
        services.role_grant_revoke(actor=world.organiser, grant=grant)
    assert "You are the last organiser" in str(error.value)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_last_organiser_grant_cannot_change_into_another_role(world):
    grant = RoleGrant.objects.get(user=world.organiser)
    with pytest.raises(ValidationError):
        services.role_grant_update(actor=None, grant=grant, role=Role.RESEARCHER)
    assert RoleGrant.objects.get(pk=grant.pk).role == Role.ORGANISER


def test_an_organiser_may_step_down_when_another_organiser_remains(world):
    factories.grant(world.researcher, world.trajectory, Role.ORGANISER)
    grant = RoleGrant.objects.get(user=world.organiser)
    services.role_grant_revoke(actor=world.organiser, grant=grant)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


# Invitations


def test_inviting_a_new_coach_registers_the_person_makes_the_account_and_sends_the_link(world):
    invitation = invite(
        world, "Marie.Claes@coach.example", Role.COACH, first_name="Marie", last_name="Claes"
    )
    user = invitation.grant.user
    assert invitation.new_account and invitation.sends_password_link
    assert user.username == "marie.claes@coach.example"
    assert not user.has_usable_password()
    assert user.person.email == "Marie.Claes@coach.example"
    assert user.person in world.trajectory.staff.all()
    [message] = mail.outbox
    assert message.to == ["Marie.Claes@coach.example"]
    assert "Traject schoolleiders" in message.subject
    link = re.search(r"http\S+/accounts/password/(\S+)/(\S+)/", message.body)
    assert link is not None
    assert default_token_generator.check_token(user, link.group(2))
    assert AuditEntry.objects.filter(action="user_invite").exists()


def test_the_invitation_is_in_dutch_unless_asked_otherwise(world):
    invite(world, "marie@coach.example", Role.COACH, first_name="Marie", last_name="Claes")
    invite(
        world,
        "jan@coach.example",
        Role.RESEARCHER,
        first_name="Jan",
        last_name="Smet",
        language="en",
    )
    dutch, english = mail.outbox
    assert "nodigde je uit" in dutch.body and "als coach" in dutch.body
    assert "invited you" in english.body and "as researcher" in english.body


def test_a_coach_invited_with_a_plg_becomes_its_coach(world):
    invitation = invite(
        world,
        "marie@coach.example",
        Role.COACH,
        first_name="Marie",
        last_name="Claes",
        plg=world.other_plg,
    )
    world.other_plg.refresh_from_db()
    assert world.other_plg.coach == invitation.grant.user.person


def test_a_director_is_invited_with_a_partnership(world):
    invitation = invite(
        world,
        "dir@school.example",
        Role.DIRECTOR,
        first_name="Ria",
        last_name="Maes",
        partnership=world.other_plg.partnership,
    )
    assert invitation.grant.partnership == world.other_plg.partnership


def test_a_director_without_a_partnership_is_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as error:
        invite(world, "dir@school.example", Role.DIRECTOR, first_name="Ria", last_name="Maes")
    assert "partnership" in error.value.message_dict
    assert not User.objects.filter(email="dir@school.example").exists()
    assert not world.trajectory.staff.exists()
    assert mail.outbox == []


def test_a_participant_must_be_enrolled(world):
    with pytest.raises(ValidationError) as error:
        invite(world, "nobody@school.example", Role.PARTICIPANT)
    assert "enrolled" in str(error.value)
    coach_person = world.plg.coach
    with pytest.raises(ValidationError):
        invite(world, coach_person.email, Role.PARTICIPANT)


def test_an_enrolled_person_is_invited_as_participant_of_their_plg(world):
    member = world.plg.members.exclude(pk=world.member.pk).first()
    invitation = invite(world, member.email.upper(), Role.PARTICIPANT, plg=world.plg)
    assert invitation.grant.user.person == member
    with pytest.raises(ValidationError) as error:
        other = world.plg.members.exclude(pk__in=[world.member.pk, member.pk]).first()
        invite(world, other.email, Role.PARTICIPANT, plg=world.other_plg)
    assert "not a member" in str(error.value)


def test_a_new_person_needs_a_name(world):
    with pytest.raises(ValidationError) as error:
        invite(world, "new@coach.example", Role.COACH)
    assert set(error.value.message_dict) == {"first_name", "last_name"}


def test_an_invalid_email_is_refused(world):
    with pytest.raises(ValidationError) as error:
        invite(world, "not an address", Role.RESEARCHER, first_name="A", last_name="B")
    assert "not a valid e-mail address" in str(error.value)


def test_someone_with_an_account_gets_the_grant_and_a_notice_without_a_link(world):
    world.coach.email = world.plg.coach.email
    world.coach.save()
    invitation = invite(world, world.coach.email, Role.RESEARCHER)
    assert invitation.grant.user == world.coach
    assert not invitation.new_account and not invitation.sends_password_link
    assert world.coach.has_usable_password()
    [message] = mail.outbox
    assert "/accounts/login/" in message.body
    assert "/accounts/password/" not in message.body


def test_an_account_of_the_person_is_found_by_the_person(world):
    """The coach's account has no e-mail address; the person has one."""
    invitation = invite(world, world.plg.coach.email, Role.RESEARCHER)
    assert invitation.grant.user == world.coach
    assert User.objects.filter(person=world.plg.coach).count() == 1


def test_a_failing_email_writes_nothing(world, settings):
    settings.EMAIL_BACKEND = "tests.accounts.failing_mail.Backend"
    with pytest.raises(ValidationError) as error:
        invite(world, "marie@coach.example", Role.COACH, first_name="Marie", last_name="Claes")
    assert "could not be sent" in str(error.value)
    assert not User.objects.filter(email="marie@coach.example").exists()


def test_resending_sends_a_new_link_until_the_person_has_signed_in(world):
    invitation = invite(
        world, "marie@coach.example", Role.COACH, first_name="Marie", last_name="Claes"
    )
    services.invitation_resend(actor=world.organiser, grant=invitation.grant)
    assert len(mail.outbox) == 2
    assert "/accounts/password/" in mail.outbox[1].body
    grant = RoleGrant.objects.get(user=world.coach)
    world.coach.email = "coach@coach.example"
    world.coach.last_login = timezone.now()
    world.coach.save()
    with pytest.raises(ValidationError) as error:
        services.invitation_resend(actor=world.organiser, grant=grant)
    assert "already signed in" in str(error.value)


def test_changing_a_grant_into_participant_needs_an_enrolled_person(world):
    grant = RoleGrant.objects.get(user=world.researcher)
    with pytest.raises(ValidationError) as error:
        trajectory_services.role_grant_change(
            actor=world.organiser, grant=grant, role=Role.PARTICIPANT
        )
    assert "enrolled" in str(error.value)
