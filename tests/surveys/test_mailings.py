"""Invitations and reminders as mailings: a chosen group, a preview, a confirmation with
the number of recipients, and a record of every sending. Nobody who completed the
questionnaire ever gets an e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import Invitation, Mailing, MailingRecipient, Response
from leadtogether.surveys.services import invitations as services
from tests.conftest import World
from tests.surveys import factories as f

DURING = dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC)
SITE = "https://leadtogether.example"


@pytest.fixture(autouse=True)
def setup(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def moment(world: World):
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="year-1", name="Einde opleidingsjaar 1"
    )
    version = f.InstrumentVersionFactory()
    f.MomentInstrumentFactory(moment=moment, version=version)
    moment.version = version
    return moment


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, world: World, **kwargs) -> str:
    return reverse(
        f"surveys:{name}", kwargs={"slug": world.trajectory.slug, "key": "year-1", **kwargs}
    )


def texts(moment, audience=Mailing.Audience.NOT_INVITED) -> dict[str, str]:
    return services.default_texts(moment, audience)


def submit(moment, person) -> None:
    f.ResponseFactory(
        moment=moment,
        person=person,
        version=moment.version,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        source=Response.Source.IMPORT,
    )


def draft(world, moment, audience=Mailing.Audience.NOT_INVITED, **kwargs) -> Mailing:
    return services.mailing_create(
        actor=world.organiser, moment=moment, audience=audience, **texts(moment, audience), **kwargs
    )


def send(world, mailing) -> Mailing:
    services.mailing_confirm(
        actor=world.organiser, mailing=mailing, expected=services.mailing_pending_count(mailing)
    )
    return services.mailing_send(mailing=mailing)


def test_a_draft_sends_nothing(world, moment, mailoutbox):
    mailing = draft(world, moment)
    assert mailing.recipients.count() == 8
    assert mailoutbox == []
    assert not Invitation.objects.filter(sent_at__isnull=False).exists()


def test_the_confirmed_mailing_reaches_everyone_once_with_their_own_link(world, moment, mailoutbox):
    mailing = send(world, draft(world, moment))
    assert mailing.sent_count == 8 and len(mailoutbox) == 8
    invitation = Invitation.objects.get(person=world.member)
    [message] = [m for m in mailoutbox if m.to == [world.member.email]]
    assert f"{SITE}/s/{invitation.token}/" in message.body
    assert f"Beste {world.member.first_name}," in message.body
    assert "Einde opleidingsjaar 1" in message.subject
    assert invitation.sent_at is not None


def test_someone_who_completed_is_never_invited(world, moment, mailoutbox):
    """The case seen: a response imported for someone without an invitation; the next
    round of invitations went to them too."""
    submit(moment, world.member)
    mailing = send(world, draft(world, moment))
    assert mailing.sent_count == 7
    assert [world.member.email] not in [m.to for m in mailoutbox]
    assert Invitation.objects.get(person=world.member).completed_at is not None


def test_someone_who_completed_is_never_reminded(world, moment, mailoutbox):
    send(world, draft(world, moment))
    mailoutbox.clear()
    Invitation.objects.filter(person=world.member).update(started_at=DURING)
    Invitation.objects.filter(person=world.other_member).update(
        started_at=DURING, completed_at=DURING
    )
    submit(moment, world.plg.members.order_by("pk")[1])
    Invitation.objects.filter(person=world.plg.members.order_by("pk")[1]).update(started_at=DURING)
    mailing = send(world, draft(world, moment, Mailing.Audience.STARTED))
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    assert mailing.sent_count == 1
    assert Invitation.objects.get(person=world.member).reminder_count == 1


def test_someone_who_completes_after_the_preview_gets_nothing(world, moment, mailoutbox):
    send(world, draft(world, moment))
    mailoutbox.clear()
    mailing = draft(world, moment, Mailing.Audience.NOT_STARTED)
    expected = services.mailing_pending_count(mailing)
    Invitation.objects.filter(person=world.member).update(completed_at=DURING)
    with pytest.raises(ValidationError, match="changed since the preview"):
        services.mailing_confirm(actor=world.organiser, mailing=mailing, expected=expected)
    assert mailoutbox == []
    services.mailing_confirm(actor=world.organiser, mailing=mailing, expected=expected - 1)
    services.mailing_send(mailing=mailing)
    assert len(mailoutbox) == 7
    assert [world.member.email] not in [m.to for m in mailoutbox]


def test_sending_again_sends_nobody_twice(world, moment, mailoutbox):
    mailing = draft(world, moment)
    services.mailing_confirm(actor=world.organiser, mailing=mailing, expected=8)
    first = mailing.recipients.order_by("pk").first()
    first.sent_at = timezone.now()  # as if the run stopped after the first message
    first.save()
    services.mailing_send(mailing=mailing)
    services.mailing_send(mailing=mailing)
    assert len(mailoutbox) == 7
    assert mailing.recipients.filter(sent_at__isnull=False).count() == 8


def test_one_plg(world, moment, mailoutbox):
    send(world, draft(world, moment, Mailing.Audience.PLG, plg=world.other_plg))
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        world.other_plg.members.values_list("email", flat=True)
    )


def test_the_plg_audience_needs_a_plg(world, moment):
    with pytest.raises(ValidationError):
        draft(world, moment, Mailing.Audience.PLG)


def test_unknown_placeholders_and_a_text_without_link_are_refused(world, moment):
    with pytest.raises(ValidationError) as raised:
        services.mailing_create(
            actor=world.organiser,
            moment=moment,
            audience=Mailing.Audience.NOT_INVITED,
            subject_nl="Vragenlijst {moment}",
            body_nl="Beste {naam}, vul de vragenlijst in.",
        )
    messages = raised.value.message_dict["body_nl"]
    assert any("{naam}" in message for message in messages)
    assert any("{link}" in message for message in messages)
    assert not Mailing.objects.exists()


def test_people_without_email_are_left_out_and_counted(world, moment, mailoutbox):
    world.member.email = ""
    world.member.save()
    mailing = draft(world, moment)
    assert mailing.recipients.filter(skipped=MailingRecipient.Skipped.NO_EMAIL).count() == 1
    assert services.mailing_pending_count(mailing) == 7


def test_no_mailing_after_the_moment_closed(world, moment):
    with time_machine.travel(dt.datetime(2022, 7, 2, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError, match="closed"):
            draft(world, moment)


def test_every_sending_is_recorded(world, moment):
    mailing = send(world, draft(world, moment))
    entry = AuditEntry.objects.get(action="mailing_send")
    assert entry.detail["sent"] == 8 and entry.actor == world.organiser
    mailing.refresh_from_db()
    assert mailing.confirmed_by == world.organiser and mailing.finished_at is not None


# --- pages -----------------------------------------------------------------------------


def test_the_organiser_previews_then_sends(world, moment, mailoutbox):
    client = client_for(world.organiser)
    form = client.get(url("mailing-create", world) + "?audience=not_invited")
    assert form.status_code == 200
    data = {"audience": "not_invited", **texts(moment)}
    response = client.post(url("mailing-create", world), data)
    mailing = Mailing.objects.get()
    assert response.status_code == 302 and mailoutbox == []
    preview = client.get(url("mailing-detail", world, mailing_id=mailing.pk)).content.decode()
    assert "Send to 8 people" in preview
    first = mailing.recipients.order_by(
        "invitation__person__last_name", "invitation__person__first_name", "pk"
    ).first()
    assert first.invitation.token in preview
    response = client.post(
        url("mailing-send", world, mailing_id=mailing.pk), {"expected": 8}, follow=True
    )
    assert "The e-mail was sent to 8 people." in response.content.decode()
    assert len(mailoutbox) == 8


def test_a_form_error_is_shown_next_to_the_text(world, moment):
    data = {"audience": "not_invited", **texts(moment), "body_nl": "Geen link"}
    response = client_for(world.organiser).post(url("mailing-create", world), data)
    assert response.status_code == 200
    assert "{link}" in response.content.decode()
    assert not Mailing.objects.exists()


def test_the_organiser_edits_and_discards_a_draft(world, moment):
    client = client_for(world.organiser)
    mailing = draft(world, moment)
    data = {"audience": "plg", "plg": world.plg.pk, **texts(moment)}
    client.post(url("mailing-edit", world, mailing_id=mailing.pk), data)
    assert mailing.recipients.count() == 4
    client.post(url("mailing-discard", world, mailing_id=mailing.pk))
    assert not Mailing.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "researcher", "coach"])
def test_only_organisers_mail(world, moment, mailoutbox, persona):
    client = client_for(getattr(world, persona))
    mailing = draft(world, moment)
    assert client.get(url("mailing-create", world)).status_code in (403, 404)
    assert client.get(url("mailing-detail", world, mailing_id=mailing.pk)).status_code in (403, 404)
    response = client.post(url("mailing-send", world, mailing_id=mailing.pk), {"expected": 8})
    assert response.status_code in (403, 404)
    assert mailoutbox == []


def test_a_mailing_of_another_moment_is_not_found(world, moment):
    other = f.MeasurementMomentFactory(trajectory=world.trajectory, key="other")
    mailing = draft(world, other)
    response = client_for(world.organiser).get(url("mailing-detail", world, mailing_id=mailing.pk))
    assert response.status_code == 404
