"""A person's own invitations (their dashboard's "open surveys")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leadtogether.surveys.models import Invitation
from leadtogether.trajectories.models import Trajectory


def open_invitations(
    trajectory: Trajectory, person_id: int, today: dt.date | None = None
) -> list[Invitation]:
    """PERSON_ID's invitations to the moments of TRAJECTORY that are open TODAY (as
    ``MeasurementMoment.is_open`` says: from the opening day through the closing day),
    the one closing first first; one query."""
    today = today or timezone.localdate()
    return list(
        Invitation.objects.filter(
            person_id=person_id,
            moment__trajectory=trajectory,
            moment__opens_on__lte=today,
            moment__closes_on__gte=today,
        )
        .select_related("moment")
        .order_by("moment__closes_on", "moment__position", "moment__pk")
    )
