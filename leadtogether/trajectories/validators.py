"""Checks of single values of the trajectories' records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Trajectories and their sessions lie in the years 1900 to 2999 (in the site's time
# zone): far enough for any trajectory, and far from the ends of Python's and the
# databases' date ranges, where a day added or a change of time zone overflows (the
# calendar page and feed, reading a session back from PostgreSQL).
FIRST_YEAR = 1900
LAST_YEAR = 2999


def _out_of_range() -> ValidationError:
    return ValidationError(
        _("Choose a date in the years %(first)s to %(last)s."),
        code="date_out_of_range",
        params={"first": FIRST_YEAR, "last": LAST_YEAR},
    )


def validate_trajectory_date(value: dt.date) -> None:
    """A date of a trajectory lies in the years 1900 to 2999."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _out_of_range()


def validate_session_time(value: dt.datetime) -> None:
    """A session's start or end lies in the years 1900 to 2999."""
    # Compared as aware moments: converting VALUE itself could overflow.
    earliest = timezone.make_aware(dt.datetime(FIRST_YEAR, 1, 1))  # noqa: DTZ001
    after_latest = timezone.make_aware(dt.datetime(LAST_YEAR + 1, 1, 1))  # noqa: DTZ001
    aware = value if timezone.is_aware(value) else timezone.make_aware(value)
    if not earliest <= aware < after_latest:
        raise _out_of_range()
