"""Writes of invitations: one personal link per enrolled participant per moment, sent by
e-mail, with reminders to those who have not completed the questionnaire."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.registry.models import Person
from leadtogether.surveys.models import (
    Invitation,
    Mailing,
    MailingRecipient,
    MeasurementMoment,
    Response,
)
from leadtogether.surveys.services.moments import moment_is_open
from leadtogether.trajectories.models import PLG, Enrolment

TOKEN_BYTES = 24  # 192 random bits, URL-safe base64
# The e-mails are written in Dutch with the English text below it.
MAIL_LANGUAGES = ("nl", "en")
LANGUAGE_SEPARATOR = "\n\n-----\n\n"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True)
class Sending:
    """The outcome of one round of e-mails."""

    sent: list[Invitation] = field(default_factory=list)
    no_email: list[Person] = field(default_factory=list)


def completed_person_ids(moment: MeasurementMoment) -> set[int]:
    """The people who completed MOMENT: their invitation says so, or they submitted a
    response to every instrument the moment asks (an import, for example, of someone
    who had no invitation yet). Two queries."""
    done = set(
        moment.invitations.filter(completed_at__isnull=False).values_list("person_id", flat=True)
    )
    asked = set(moment.moment_instruments.values_list("version_id", flat=True))
    submitted: dict[int, set[int]] = {}
    for person_id, version_id in Response.objects.filter(
        moment=moment, status=Response.Status.SUBMITTED
    ).values_list("person_id", "version_id"):
        submitted.setdefault(person_id, set()).add(version_id)
    return done | {person for person, versions in submitted.items() if asked <= versions}


@transaction.atomic
def invitations_create(*, actor: User | None, moment: MeasurementMoment) -> list[Invitation]:
    """Invite every enrolled participant of the moment's trajectory who has no invitation.

    Someone who already answered (say, through an import) gets an invitation marked
    started, or completed, so that no e-mail ever asks them again."""
    invited = set(moment.invitations.values_list("person_id", flat=True))
    people = (
        Enrolment.objects.filter(trajectory_id=moment.trajectory_id)
        .exclude(person_id__in=invited)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    completed = completed_person_ids(moment)
    started = set(Response.objects.filter(moment=moment).values_list("person_id", flat=True))
    now = timezone.now()
    created = Invitation.objects.bulk_create(
        Invitation(
            moment=moment,
            person_id=person_id,
            token=new_token(),
            started_at=now if person_id in started or person_id in completed else None,
            completed_at=now if person_id in completed else None,
        )
        for person_id in people
    )
    audit_record(
        actor=actor, action="invitations_create", obj=moment, detail={"created": len(created)}
    )
    return created


def personal_link(invitation: Invitation) -> str:
    """The full address of the invitation's questionnaire (``SITE_URL`` + path)."""
    site = settings.SITE_URL
    path = reverse("respond:survey", args=[invitation.token])
    return f"{site}{path}"


def _in_both_languages(render: Callable[[], str], separator: str) -> str:
    """RENDER in Dutch, then in English; once when both read the same."""
    texts: list[str] = []
    for language in MAIL_LANGUAGES:
        with translation.override(language):
            text = render().strip()
        if text not in texts:
            texts.append(text)
    return separator.join(texts)


def _message(invitation: Invitation, template: str, subject: Callable[[], str]) -> EmailMessage:
    moment = invitation.moment
    instruments = [link.version.instrument for link in moment.moment_instruments.all()]

    def body() -> str:
        return render_to_string(
            template,
            {
                "person": invitation.person,
                "moment": moment,
                "trajectory": moment.trajectory,
                "instruments": [instrument.name for instrument in instruments],
                "closes_on": date_format(moment.closes_on, "j F Y"),
                "opens_on": date_format(moment.opens_on, "j F Y"),
                "link": personal_link(invitation),
            },
        )

    return EmailMessage(
        subject=_in_both_languages(subject, " / "),
        body=_in_both_languages(body, LANGUAGE_SEPARATOR) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.person.email],
    )


def _deliver(
    invitations: Iterable[Invitation], template: str, subject: Callable[[], str]
) -> Sending:
    """One e-mail per invitation whose person has an address."""
    sending = Sending()
    messages = []
    for invitation in invitations:
        if not invitation.person.email:
            sending.no_email.append(invitation.person)
            continue
        messages.append(_message(invitation, template, subject))
        sending.sent.append(invitation)
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return sending


def _with_mail_context(moment: MeasurementMoment) -> MeasurementMoment:
    """MOMENT with its trajectory and instruments loaded once for all its e-mails."""
    return (
        MeasurementMoment.objects.select_related("trajectory")
        .prefetch_related("moment_instruments__version__instrument")
        .get(pk=moment.pk)
    )


def _audit_detail(sending: Sending) -> dict[str, object]:
    return {
        "sent": len(sending.sent),
        "invitations": [invitation.pk for invitation in sending.sent],
        "no_email": [person.ref for person in sending.no_email],
    }


@transaction.atomic
def invitations_send(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    invitations: Iterable[Invitation] | None = None,
) -> Sending:
    """E-mail the personal link of INVITATIONS (by default: the moment's invitations not
    sent yet). People without an e-mail address are listed in ``no_email``."""
    if timezone.localdate() > moment.closes_on:
        raise ValidationError(
            _("%(moment)s closed on %(date)s; invitations are no longer sent.")
            % {"moment": moment.name, "date": date_format(moment.closes_on, "j F Y")}
        )
    moment = _with_mail_context(moment)
    if invitations is None:
        chosen = moment.invitations.filter(sent_at__isnull=True)
    else:
        ids = [invitation.pk for invitation in invitations]
        chosen = moment.invitations.filter(pk__in=ids)
        if chosen.count() != len(set(ids)):
            raise ValidationError(_("Some of these invitations belong to another moment."))
    completed = completed_person_ids(moment)
    chosen = [
        invitation
        for invitation in chosen.select_related("person").order_by("person__last_name", "pk")
        if invitation.completed_at is None and invitation.person_id not in completed
    ]
    for invitation in chosen:
        invitation.moment = moment

    def subject() -> str:
        return _("Questionnaire: %(moment)s") % {"moment": moment.name}

    sending = _deliver(chosen, "surveys/email/invitation.txt", subject)
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in sending.sent]).update(sent_at=now)
    for invitation in sending.sent:
        invitation.sent_at = now
    audit_record(actor=actor, action="invitations_send", obj=moment, detail=_audit_detail(sending))
    return sending


@transaction.atomic
def reminders_send(*, actor: User | None, moment: MeasurementMoment) -> Sending:
    """Remind everyone whose invitation was sent but who has not completed the
    questionnaire; only while the moment is open."""
    if not moment_is_open(moment):
        raise ValidationError(
            _("Reminders are sent only while %(moment)s is open (%(opens)s – %(closes)s).")
            % {
                "moment": moment.name,
                "opens": date_format(moment.opens_on, "j F Y"),
                "closes": date_format(moment.closes_on, "j F Y"),
            }
        )
    moment = _with_mail_context(moment)
    completed = completed_person_ids(moment)
    pending = [
        invitation
        for invitation in moment.invitations.filter(completed_at__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "pk")
        if invitation.person_id not in completed
    ]
    for invitation in pending:
        invitation.moment = moment
    reachable = [i for i in pending if i.sent_at is not None or not i.person.email]

    def subject() -> str:
        return _("Reminder: questionnaire %(moment)s") % {"moment": moment.name}

    sending = _deliver(reachable, "surveys/email/reminder.txt", subject)
    now = timezone.now()
    Invitation.objects.filter(pk__in=[i.pk for i in sending.sent]).update(
        reminder_count=F("reminder_count") + 1, last_reminded_at=now
    )
    for invitation in sending.sent:
        invitation.reminder_count += 1
        invitation.last_reminded_at = now
    audit_record(actor=actor, action="reminders_send", obj=moment, detail=_audit_detail(sending))
    return sending


# ---------------------------------------------------------------------------
# Mailings: a chosen group, a previewed text, a confirmed sending


Audience = Mailing.Audience
# The words between braces that a mailing's subject and text may hold.
PLACEHOLDERS = ("name", "link", "moment", "closes_on")
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def placeholder_help() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def default_texts(moment: MeasurementMoment, audience: str) -> dict[str, str]:
    """The suggested subject and text (Dutch and English) of a mailing to AUDIENCE."""
    reminder = audience in (Audience.STARTED, Audience.NOT_STARTED)
    texts: dict[str, str] = {}
    for language in MAIL_LANGUAGES:
        with translation.override(language):
            if reminder:
                subject = _("Reminder: questionnaire {moment}")
                body = _(
                    "Dear {name},\n\n"
                    "A friendly reminder: we have not yet received your completed questionnaire "
                    'for "{moment}".\n\n'
                    "Your personal link:\n{link}\n\n"
                    "The questionnaire is open until {closes_on}. If you have already started, "
                    "the link takes you back to where you stopped.\n\n"
                    "Thank you for taking part."
                )
            else:
                subject = _("Questionnaire: {moment}")
                body = _(
                    "Dear {name},\n\n"
                    "As a participant in %(trajectory)s you are invited to fill in the "
                    'questionnaire for "{moment}".\n\n'
                    "Your personal link (do not share it; it opens your own answers):\n{link}\n\n"
                    "You can answer until {closes_on}. You can stop and continue later with "
                    "the same link.\n\n"
                    "Thank you for taking part."
                ) % {"trajectory": moment.trajectory.name}
        texts[f"subject_{language}"] = subject
        texts[f"body_{language}"] = body
    return texts


def _check_placeholders(texts: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field_name, text in texts.items():
        unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
        if unknown:
            errors.setdefault(field_name, []).append(
                _("Unknown placeholder %(unknown)s; the text may use %(known)s.")
                % {
                    "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                    "known": placeholder_help(),
                }
            )
    for field_name in ("body_nl", "body_en"):
        if texts.get(field_name) and "{link}" not in texts[field_name]:
            errors.setdefault(field_name, []).append(
                _("The text must hold {link}: without it nobody can open the questionnaire.")
            )
    return errors


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    body: str


def mailing_message(mailing: Mailing, invitation: Invitation) -> MailMessage:
    """The e-mail INVITATION's person gets from MAILING: the Dutch text, then the English
    one (when given), each with the placeholders filled in."""
    moment = mailing.moment
    person = invitation.person
    subjects, bodies = [], []
    for language in MAIL_LANGUAGES:
        subject = getattr(mailing, f"subject_{language}").strip()
        body = getattr(mailing, f"body_{language}").strip()
        with translation.override(language):
            values = {
                "name": person.first_name or person.full_name,
                "link": personal_link(invitation),
                "moment": moment.name,
                "closes_on": date_format(moment.closes_on, "j F Y"),
            }
        if subject:
            filled = _fill(subject, values)
            if filled not in subjects:
                subjects.append(filled)
        if body:
            filled = _fill(body, values)
            if filled not in bodies:
                bodies.append(filled)
    return MailMessage(
        to=person.email,
        subject=" / ".join(subjects),
        body=LANGUAGE_SEPARATOR.join(bodies) + "\n",
    )


def audience_invitations(
    moment: MeasurementMoment, audience: str, plg_id: int | None = None
) -> list[Invitation]:
    """The invitations of the people in AUDIENCE, never of anyone who completed, by name.

    ``not_invited``: everyone enrolled whose invitation was not sent yet (their
    invitations must exist: ``invitations_create``); ``started``: started, not
    finished; ``not_started``: invited, not started; ``plg``: the members of PLG_ID who
    have not completed."""
    invitations = moment.invitations.filter(completed_at__isnull=True)
    if audience == Audience.NOT_INVITED:
        invitations = invitations.filter(
            sent_at__isnull=True,
            person__enrolments__trajectory_id=moment.trajectory_id,
        )
    elif audience == Audience.STARTED:
        invitations = invitations.filter(started_at__isnull=False)
    elif audience == Audience.NOT_STARTED:
        invitations = invitations.filter(sent_at__isnull=False, started_at__isnull=True)
    elif audience == Audience.PLG:
        invitations = invitations.filter(
            person__plg_memberships__plg_id=plg_id,
            person__plg_memberships__plg__trajectory_id=moment.trajectory_id,
        )
    else:
        raise ValueError(f"unknown audience {audience!r}")
    completed = completed_person_ids(moment)
    return [
        invitation
        for invitation in invitations.select_related("person").order_by(
            "person__last_name", "person__first_name", "pk"
        )
        if invitation.person_id not in completed
    ]


def _mailing_check(mailing: Mailing) -> None:
    moment = mailing.moment
    if timezone.localdate() > moment.closes_on:
        raise ValidationError(
            _("%(moment)s closed on %(date)s; nothing is sent any more.")
            % {"moment": moment.name, "date": date_format(moment.closes_on, "j F Y")}
        )
    if mailing.is_reminder and not moment_is_open(moment):
        raise ValidationError(
            _("Reminders are sent only while %(moment)s is open (%(opens)s – %(closes)s).")
            % {
                "moment": moment.name,
                "opens": date_format(moment.opens_on, "j F Y"),
                "closes": date_format(moment.closes_on, "j F Y"),
            }
        )
    if mailing.audience == Audience.PLG and (
        mailing.plg_id is None or mailing.plg.trajectory_id != moment.trajectory_id
    ):
        raise ValidationError({"plg": _("Choose one of the trajectory's PLGs.")})
    errors = _check_placeholders(
        {
            "subject_nl": mailing.subject_nl,
            "subject_en": mailing.subject_en,
            "body_nl": mailing.body_nl,
            "body_en": mailing.body_en,
        }
    )
    if errors:
        raise ValidationError(errors)


def _recipients_set(mailing: Mailing) -> None:
    if mailing.audience in (Audience.NOT_INVITED, Audience.PLG):
        invitations_create(actor=None, moment=mailing.moment)
    chosen = audience_invitations(mailing.moment, mailing.audience, mailing.plg_id)
    mailing.recipients.all().delete()
    MailingRecipient.objects.bulk_create(
        MailingRecipient(
            mailing=mailing,
            invitation=invitation,
            skipped="" if invitation.person.email else MailingRecipient.Skipped.NO_EMAIL,
        )
        for invitation in chosen
    )


@transaction.atomic
def mailing_create(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    audience: str,
    plg: PLG | None = None,
    subject_nl: str,
    subject_en: str = "",
    body_nl: str,
    body_en: str = "",
) -> Mailing:
    """A draft mailing of MOMENT to AUDIENCE with its recipients fixed; nothing is sent
    until it is confirmed (``mailing_confirm``, then ``mailing_send``)."""
    mailing = Mailing(
        moment=moment,
        audience=audience,
        plg=plg if audience == Audience.PLG else None,
        subject_nl=subject_nl.strip(),
        subject_en=subject_en.strip(),
        body_nl=body_nl.strip(),
        body_en=body_en.strip(),
        created_by=actor,
    )
    mailing.full_clean()
    _mailing_check(mailing)
    mailing.save()
    _recipients_set(mailing)
    audit_record(
        actor=actor,
        action="mailing_create",
        obj=moment,
        detail={"mailing": mailing.pk, "audience": audience},
    )
    return mailing


@transaction.atomic
def mailing_update(
    *,
    actor: User | None,
    mailing: Mailing,
    audience: str,
    plg: PLG | None = None,
    subject_nl: str,
    subject_en: str = "",
    body_nl: str,
    body_en: str = "",
) -> Mailing:
    """Change a draft's group or text; its recipients are chosen again."""
    mailing = Mailing.objects.select_for_update(of=("self",)).get(pk=mailing.pk)
    if mailing.confirmed_at is not None:
        raise ValidationError(_("This mailing was confirmed already; it can no longer change."))
    mailing.audience = audience
    mailing.plg = plg if audience == Audience.PLG else None
    mailing.subject_nl, mailing.subject_en = subject_nl.strip(), subject_en.strip()
    mailing.body_nl, mailing.body_en = body_nl.strip(), body_en.strip()
    mailing.full_clean()
    _mailing_check(mailing)
    mailing.save()
    _recipients_set(mailing)
    audit_record(
        actor=actor, action="mailing_update", obj=mailing.moment, detail={"mailing": mailing.pk}
    )
    return mailing


@transaction.atomic
def mailing_discard(*, actor: User | None, mailing: Mailing) -> None:
    """Remove a draft that was never confirmed."""
    mailing = Mailing.objects.select_for_update(of=("self",)).get(pk=mailing.pk)
    if mailing.confirmed_at is not None:
        raise ValidationError(_("This mailing was confirmed already; it is kept as a record."))
    audit_record(
        actor=actor, action="mailing_discard", obj=mailing.moment, detail={"mailing": mailing.pk}
    )
    mailing.delete()


@transaction.atomic
def mailing_confirm(*, actor: User | None, mailing: Mailing, expected: int) -> Mailing:
    """Confirm a draft: EXPECTED is the number of recipients the organiser saw; it must
    still be the number that would get the e-mail now. Sending is ``mailing_send``."""
    mailing = (
        Mailing.objects.select_for_update(of=("self",))
        .select_related("moment", "plg")
        .get(pk=mailing.pk)
    )
    if mailing.confirmed_at is not None:
        return mailing
    _mailing_check(mailing)
    count = mailing_pending_count(mailing)
    if count != expected:
        raise ValidationError(
            _(
                "The group changed since the preview: %(count)s people would get the e-mail "
                "now, not %(expected)s. Check the preview again."
            )
            % {"count": count, "expected": expected}
        )
    mailing.confirmed_by = actor
    mailing.confirmed_at = timezone.now()
    mailing.save(update_fields=["confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="mailing_confirm",
        obj=mailing.moment,
        detail={"mailing": mailing.pk, "recipients": count},
    )
    return mailing


def mailing_pending_count(mailing: Mailing) -> int:
    """How many of the mailing's recipients would get the e-mail now."""
    completed = completed_person_ids(mailing.moment)
    return sum(
        1
        for person_id in mailing.recipients.filter(
            sent_at__isnull=True, skipped="", invitation__completed_at__isnull=True
        ).values_list("invitation__person_id", flat=True)
        if person_id not in completed
    )


def mailing_send(*, mailing: Mailing) -> Mailing:
    """Send a confirmed mailing: one e-mail per recipient not reached yet.

    Each message is recorded in its own transaction as it goes out (the recipient's row
    is locked, the message sent, the row marked sent), so running this again, after a
    failure halfway or from a queue that retries, never sends anyone a second message.
    Recipients who completed the questionnaire in the meantime are skipped. Can run
    outside a request (``actor`` is the one who confirmed)."""
    mailing = Mailing.objects.select_related("moment__trajectory", "plg").get(pk=mailing.pk)
    if mailing.confirmed_at is None:
        raise ValidationError(_("A mailing is sent only once it is confirmed."))
    if mailing.finished_at is not None:
        return mailing
    completed = completed_person_ids(mailing.moment)
    pending = list(
        mailing.recipients.filter(sent_at__isnull=True, skipped="").values_list("pk", flat=True)
    )
    with get_connection() as connection:
        for recipient_id in pending:
            _recipient_send(mailing, recipient_id, completed, connection)
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update(of=("self",)).get(pk=mailing.pk)
        mailing.sent_count = mailing.recipients.filter(sent_at__isnull=False).count()
        mailing.finished_at = timezone.now()
        mailing.save(update_fields=["sent_count", "finished_at"])
        audit_record(
            actor=mailing.confirmed_by,
            action="mailing_send",
            obj=mailing.moment,
            detail={
                "mailing": mailing.pk,
                "audience": mailing.audience,
                "sent": mailing.sent_count,
                "subject": mailing.subject_nl,
            },
        )
    return mailing


@transaction.atomic
def _recipient_send(
    mailing: Mailing, recipient_id: int, completed: set[int], connection: Any
) -> None:
    recipient = (
        MailingRecipient.objects.select_for_update(of=("self",))
        .select_related("invitation__person")
        .filter(pk=recipient_id, sent_at__isnull=True, skipped="")
        .first()
    )
    if recipient is None:  # sent by an earlier run
        return
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=recipient.invitation_id)
    invitation.person = recipient.invitation.person
    if invitation.completed_at is not None or invitation.person_id in completed:
        recipient.skipped = MailingRecipient.Skipped.COMPLETED
        recipient.save(update_fields=["skipped"])
        return
    if not invitation.person.email:
        recipient.skipped = MailingRecipient.Skipped.NO_EMAIL
        recipient.save(update_fields=["skipped"])
        return
    invitation.moment = mailing.moment
    message = mailing_message(mailing, invitation)
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        connection=connection,
    ).send()
    now = timezone.now()
    recipient.sent_at = now
    recipient.save(update_fields=["sent_at"])
    if invitation.sent_at is None:
        invitation.sent_at = now
        invitation.save(update_fields=["sent_at"])
    else:
        invitation.reminder_count += 1
        invitation.last_reminded_at = now
        invitation.save(update_fields=["reminder_count", "last_reminded_at"])
