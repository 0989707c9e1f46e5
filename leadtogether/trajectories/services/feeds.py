"""Personal calendar feeds: the secret link of a user's .ics feed."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.trajectories.models import (
    CalendarFeed,
    Trajectory,
)


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def calendar_feed_for(*, user: User, trajectory: Trajectory) -> CalendarFeed:
    """The calendar feed of USER in TRAJECTORY, made (and audited) the first time."""
    feed = CalendarFeed.objects.filter(user=user, trajectory=trajectory).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(user=user, trajectory=trajectory, token=_new_feed_token())
    feed.full_clean()
    try:
        with transaction.atomic():
            feed.save()
    except IntegrityError:
        # made at the same moment by another request of the same user
        return CalendarFeed.objects.get(user=user, trajectory=trajectory)
    audit_record(
        actor=user, action="calendar_feed_create", obj=feed, detail={"trajectory": trajectory.pk}
    )
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: User | None, feed: CalendarFeed) -> CalendarFeed:
    """Give FEED a new token: the old link stops working at once."""
    feed.token = _new_feed_token()
    feed.full_clean()
    feed.save(update_fields=["token"])
    audit_record(
        actor=actor,
        action="calendar_feed_renew",
        obj=feed,
        detail={"user": feed.user_id, "trajectory": feed.trajectory_id},
    )
    return feed
