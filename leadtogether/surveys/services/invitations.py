"""Writes of invitations: one personal link per enrolled participant per moment, sent by
e-mail, with reminders to those who have not completed the questionnaire."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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
from leadtogether.surveys.models import Invitation, MeasurementMoment
from leadtogether.surveys.services.moments import moment_is_open
from leadtogether.trajectories.models import Enrolment

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


@transaction.atomic
def invitations_create(*, actor: User | None, moment: MeasurementMoment) -> list[Invitation]:
    """Invite every enrolled participant of the moment's trajectory who has no invitation."""
    invited = set(moment.invitations.values_list("person_id", flat=True))
    people = (
        Enrolment.objects.filter(trajectory_id=moment.trajectory_id)
        .exclude(person_id__in=invited)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    created = Invitation.objects.bulk_create(
        Invitation(moment=moment, person_id=person_id, token=new_token()) for person_id in people
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
    chosen = list(chosen.select_related("person").order_by("person__last_name", "pk"))
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
    pending = list(
        moment.invitations.filter(completed_at__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "pk")
    )
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
