"""Writing the checked rows: the submitted responses with their answers, the personal
links marked started or completed, and the audit entry of the import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.exchange.importing.rows import Plan
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    Response,
)


@dataclass(frozen=True)
class ImportSummary:
    created: int
    replaced: int
    unchanged: int


def _invitations_mark(
    moment: MeasurementMoment, invitations: dict[int, Invitation], now: dt.datetime
) -> None:
    """Mark the invitations started; completed when every instrument of the moment is."""
    asked = set(moment.moment_instruments.values_list("version_id", flat=True))
    submitted: dict[int, set[int]] = {}
    for person_id, version_id in Response.objects.filter(
        moment=moment, person_id__in=list(invitations), status=Response.Status.SUBMITTED
    ).values_list("person_id", "version_id"):
        submitted.setdefault(person_id, set()).add(version_id)
    for person_id, invitation in invitations.items():
        invitation.started_at = invitation.started_at or now
        if asked <= submitted.get(person_id, set()):
            invitation.completed_at = invitation.completed_at or now
    Invitation.objects.bulk_update(invitations.values(), ["started_at", "completed_at"])


def write_responses(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    version: InstrumentVersion,
    plans: list[Plan],
    source_name: str,
    unchanged: int,
) -> ImportSummary:
    now = timezone.now()
    invitations = {
        invitation.person_id: invitation
        for invitation in Invitation.objects.filter(
            moment=moment, person_id__in=[plan.person_id for plan in plans]
        )
    }
    replaced = [plan.existing for plan in plans if plan.existing is not None]
    for response in replaced:
        response.status = Response.Status.SUBMITTED
        response.source = Response.Source.IMPORT
        response.submitted_at = now
        response.updated_at = now
        response.invitation = response.invitation or invitations.get(response.person_id)
    Answer.objects.filter(response__in=replaced).delete()
    Response.objects.bulk_update(
        replaced, ["status", "source", "submitted_at", "invitation", "updated_at"]
    )
    created = Response.objects.bulk_create(
        Response(
            moment=moment,
            person_id=plan.person_id,
            version=version,
            invitation=invitations.get(plan.person_id),
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=now,
        )
        for plan in plans
        if plan.existing is None
    )
    responses = {response.person_id: response for response in [*replaced, *created]}
    Answer.objects.bulk_create(
        Answer(response=responses[plan.person_id], question_id=question_id, value=value)
        for plan in plans
        for question_id, value in plan.answers.items()
    )
    _invitations_mark(moment, invitations, now)
    summary = ImportSummary(created=len(created), replaced=len(replaced), unchanged=unchanged)
    if plans:
        audit_record(
            actor=actor,
            action="responses_import",
            obj=moment,
            detail={
                "file": source_name,
                "instrument": version.instrument.key,
                "version": version.number,
                "created": summary.created,
                "replaced": summary.replaced,
                "unchanged": summary.unchanged,
            },
        )
    return summary
