"""Reads of mailings: a moment's record of e-mails sent, and one mailing's recipients."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from leadtogether.surveys.models import Mailing, MailingRecipient, MeasurementMoment

PER_PAGE = 50


def moment_mailings(moment: MeasurementMoment) -> QuerySet[Mailing]:
    """The mailings of MOMENT, newest first, with ``recipient_total``; one query."""
    return (
        Mailing.objects.filter(moment=moment)
        .select_related("created_by", "confirmed_by", "plg")
        .annotate(recipient_total=Count("recipients"))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Recipients:
    page: Page
    to_send: int  # would get the e-mail (not sent, not skipped)
    sent: int
    no_email: int
    completed: int
    first: MailingRecipient | None  # the first one who gets the e-mail (the preview)


def mailing_recipients(mailing: Mailing, page: Any = None) -> Recipients:
    """A page (of fifty) of MAILING's recipients by name, with the counts; four queries."""
    recipients = mailing.recipients.select_related("invitation__person__school").order_by(
        "invitation__person__last_name", "invitation__person__first_name", "pk"
    )
    counts = mailing.recipients.aggregate(
        to_send=Count("pk", filter=Q(sent_at__isnull=True, skipped="")),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        no_email=Count("pk", filter=Q(skipped=MailingRecipient.Skipped.NO_EMAIL)),
        completed=Count("pk", filter=Q(skipped=MailingRecipient.Skipped.COMPLETED)),
    )
    first = recipients.filter(skipped="").first()
    return Recipients(
        page=Paginator(recipients, PER_PAGE).get_page(page),
        first=first,
        **counts,
    )
