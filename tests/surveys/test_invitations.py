"""Personal links by e-mail, and reminders to those who have not completed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import Invitation
from leadtogether.surveys.services.invitations import (
    invitations_create,
    invitations_send,
    new_token,
    reminders_send,
)
from tests.conftest import World
from tests.surveys import factories as f

SITE = "https://leadtogether.example"
DURING = dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2022, 7, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def moment(world: World):
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory,
        name="Einde opleidingsjaar 1",
        opens_on=dt.date(2022, 5, 1),
        closes_on=dt.date(2022, 6, 30),
    )
    version = f.InstrumentVersionFactory(instrument__name_en="End of year survey")
    f.MomentInstrumentFactory(moment=moment, version=version)
    invitations_create(actor=world.organiser, moment=moment)
    return moment


def link(invitation: Invitation) -> str:
    return f"{SITE}/s/{invitation.token}/"


def test_tokens_are_long_and_different():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(token) == 32 for token in tokens)


@time_machine.travel(DURING, tick=False)
def test_everyone_gets_an_email_with_the_own_link(world, moment, mailoutbox):
    sending = invitations_send(actor=world.organiser, moment=moment)

    invitations = list(moment.invitations.select_related("person"))
    assert len(sending.sent) == len(invitations) == 8
    assert len(mailoutbox) == 8
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    for invitation in invitations:
        mail = by_recipient[invitation.person.email]
        assert link(invitation) in mail.body
        assert invitation.person.first_name in mail.body
        assert "Einde opleidingsjaar 1" in mail.subject
        assert "End of year survey" in mail.body
        assert "30 June 2022" in mail.body
    assert moment.invitations.filter(sent_at=timezone.now()).count() == 8
    entry = AuditEntry.objects.get(action="invitations_send")
    assert entry.detail["sent"] == 8


@time_machine.travel(DURING, tick=False)
def test_invitations_already_sent_are_not_sent_again(world, moment, mailoutbox):
    invitations_send(actor=world.organiser, moment=moment)
    again = invitations_send(actor=world.organiser, moment=moment)
    assert again.sent == []
    assert len(mailoutbox) == 8


@time_machine.travel(DURING, tick=False)
def test_one_invitation_can_be_sent_again(world, moment, mailoutbox):
    invitations_send(actor=world.organiser, moment=moment)
    one = moment.invitations.get(person=world.member)
    sending = invitations_send(actor=world.organiser, moment=moment, invitations=[one])
    assert [i.pk for i in sending.sent] == [one.pk]
    assert mailoutbox[-1].to == [world.member.email]


@time_machine.travel(DURING, tick=False)
def test_people_without_an_email_address_are_listed(world, moment, mailoutbox):
    world.member.email = ""
    world.member.save()
    sending = invitations_send(actor=world.organiser, moment=moment)
    assert sending.no_email == [world.member]
    assert len(mailoutbox) == 7
    assert moment.invitations.get(person=world.member).sent_at is None
    assert AuditEntry.objects.get(action="invitations_send").detail["no_email"] == [
        world.member.ref
    ]


@time_machine.travel(AFTER, tick=False)
def test_no_invitations_after_the_moment_closed(world, moment, mailoutbox):
    with pytest.raises(ValidationError, match="closed on 30 June 2022"):
        invitations_send(actor=world.organiser, moment=moment)
    assert mailoutbox == []
    assert not moment.invitations.filter(sent_at__isnull=False).exists()


def test_reminders_go_to_those_who_have_not_completed(world, moment, mailoutbox):
    with time_machine.travel(DURING, tick=False):
        invitations_send(actor=world.organiser, moment=moment)
    done = moment.invitations.get(person=world.member)
    done.completed_at = DURING
    done.save()
    mailoutbox.clear()

    with time_machine.travel(DURING + dt.timedelta(days=7), tick=False):
        sending = reminders_send(actor=world.organiser, moment=moment)

    assert len(sending.sent) == len(mailoutbox) == 7
    assert world.member.email not in {mail.to[0] for mail in mailoutbox}
    for mail in mailoutbox:
        invitation = moment.invitations.get(person__email=mail.to[0])
        assert link(invitation) in mail.body
        assert "Reminder" in mail.subject
        assert invitation.reminder_count == 1
        assert invitation.last_reminded_at == DURING + dt.timedelta(days=7)
    done.refresh_from_db()
    assert done.reminder_count == 0
    assert AuditEntry.objects.get(action="reminders_send").detail["sent"] == 7


def test_reminders_count_up_and_skip_people_without_email(world, moment, mailoutbox):
    world.other_member.email = ""
    world.other_member.save()
    with time_machine.travel(DURING, tick=False):
        invitations_send(actor=world.organiser, moment=moment)
        reminders_send(actor=world.organiser, moment=moment)
        sending = reminders_send(actor=world.organiser, moment=moment)
    assert sending.no_email == [world.other_member]
    assert set(moment.invitations.values_list("reminder_count", flat=True)) == {0, 2}
    assert moment.invitations.get(person=world.other_member).reminder_count == 0


def test_invitations_not_sent_yet_get_no_reminder(world, moment, mailoutbox):
    with time_machine.travel(DURING, tick=False):
        sending = reminders_send(actor=world.organiser, moment=moment)
    assert sending.sent == []
    assert mailoutbox == []


@pytest.mark.parametrize("when", [dt.datetime(2022, 4, 30, 9, tzinfo=dt.UTC), AFTER])
def test_reminders_only_while_the_moment_is_open(world, moment, mailoutbox, when):
    Invitation.objects.update(sent_at=DURING)
    with time_machine.travel(when, tick=False), pytest.raises(ValidationError, match="only while"):
        reminders_send(actor=world.organiser, moment=moment)
    assert mailoutbox == []
    assert not moment.invitations.filter(reminder_count__gt=0).exists()
