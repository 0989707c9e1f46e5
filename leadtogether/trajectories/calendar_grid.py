"""The calendar's stretches of days: a month (a grid of weeks) or a week (a list of
days), and the sessions of each day. Only the sessions of the stretch are read, so the
page's size does not grow with the length of the trajectory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Max, QuerySet
from django.utils import timezone

from leadtogether.trajectories.models import Session, Trajectory

MONTH = "month"
WEEK = "week"
# a day of the month grid lists this many sessions and links to its week for the rest
PER_DAY = 4
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Stretch:
    """The days a calendar page shows, with the first days of the pages before and after."""

    view: str
    first_day: dt.date
    last_day: dt.date
    previous: dt.date
    next: dt.date


def stretch_of(view: str, day: dt.date) -> Stretch:
    """The month or (Monday to Sunday) week of DAY."""
    if view == WEEK:
        first = day - dt.timedelta(days=day.weekday())
        last = first + 6 * DAY
        return Stretch(WEEK, first, last, first - 7 * DAY, first + 7 * DAY)
    first = day.replace(day=1)
    following = (first + 31 * DAY).replace(day=1)
    return Stretch(MONTH, first, following - DAY, (first - DAY).replace(day=1), following)


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: list[Session]
    more: int  # sessions of the day left out of the month grid
    in_stretch: bool
    is_today: bool

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def opening_day(trajectory: Trajectory, sessions: QuerySet[Session]) -> dt.date:
    """Today; after the trajectory, the day of the latest of SESSIONS (if any)."""
    today = timezone.localdate()
    if today > trajectory.follow_up_end:
        latest = sessions.aggregate(latest=Max("starts_at"))["latest"]
        if latest is not None:
            return timezone.localtime(latest).date()
    return today


def sessions_between(
    sessions: QuerySet[Session], first: dt.date, last: dt.date
) -> QuerySet[Session]:
    """SESSIONS starting from FIRST to LAST (whole days in the current time zone)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last + DAY, dt.time.min, tzinfo=zone)
    return sessions.filter(starts_at__gte=start, starts_at__lt=end)


def _days(
    first: dt.date, last: dt.date, stretch: Stretch, sessions: list[Session], per_day: int | None
) -> list[Day]:
    def local_day(session: Session) -> dt.date:
        return timezone.localtime(session.starts_at).date()

    by_day = {day: list(group) for day, group in groupby(sessions, key=local_day)}
    today = timezone.localdate()
    days = []
    day = first
    while day <= last:
        of_day = by_day.get(day, [])
        shown = of_day if per_day is None else of_day[:per_day]
        in_stretch = stretch.first_day <= day <= stretch.last_day
        days.append(Day(day, shown, len(of_day) - len(shown), in_stretch, day == today))
        day += DAY
    return days


def week_days(stretch: Stretch, sessions: list[Session]) -> list[Day]:
    """The seven days of a week with all their SESSIONS (in order of start)."""
    return _days(stretch.first_day, stretch.last_day, stretch, sessions, None)


def month_weeks(stretch: Stretch, sessions: list[Session]) -> list[list[Day]]:
    """The weeks (Monday to Sunday) that hold the month, each day with at most PER_DAY of
    its SESSIONS (in order of start); days of the months around are empty."""
    first = stretch.first_day - dt.timedelta(days=stretch.first_day.weekday())
    last = stretch.last_day + dt.timedelta(days=6 - stretch.last_day.weekday())
    days = _days(first, last, stretch, sessions, PER_DAY)
    return [days[start : start + 7] for start in range(0, len(days), 7)]
