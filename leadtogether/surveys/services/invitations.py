"""Writes of invitations: one personal link per enrolled participant per moment."""

from __future__ import annotations

import secrets

from django.db import transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.models import Invitation, MeasurementMoment
from leadtogether.trajectories.models import Enrolment

TOKEN_BYTES = 24  # 192 random bits, URL-safe base64


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


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
