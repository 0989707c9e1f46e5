"""The calendar: the sessions the user may see, grouped by month."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from leadtogether.lib.tables import natural_key
from leadtogether.lib.web import render_page
from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import PLG_ROLES, Access, page
from leadtogether.trajectories.forms import CalendarFilterForm
from leadtogether.trajectories.models import Period, Session


def by_month(sessions: list[Session]) -> list[tuple[dt.date, list[Session]]]:
    """(first day of the month, sessions) pairs in the current time zone."""

    def month(session: Session) -> dt.date:
        return timezone.localtime(session.starts_at).date().replace(day=1)

    return [(first, list(group)) for first, group in groupby(sessions, key=month)]


def _default_period(access: Access, sessions: QuerySet[Session]) -> str:
    """The period of today, else of the latest session the user may see, else year 1."""
    trajectory = access.trajectory
    period = trajectory.period_of(timezone.localdate())
    if period is None:
        latest = sessions.aggregate(latest=Max("starts_at"))["latest"]
        if latest is not None:
            period = trajectory.period_of(timezone.localtime(latest).date())
    return period.key if period is not None else trajectory.periods()[0].key


def _in_period(sessions: QuerySet[Session], period: Period) -> QuerySet[Session]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.first_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return sessions.filter(starts_at__gte=start, starts_at__lt=end)


@page(read=PLG_ROLES)
def calendar(request: HttpRequest, access: Access) -> HttpResponse:
    """The sessions the user reaches (Access.session_filter), one period at a time."""
    plgs = sorted(access.visible_plgs(), key=lambda plg: natural_key(plg.name))
    periods = access.trajectory.periods()
    sessions = selectors.visible_sessions(access)
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = _default_period(access, sessions)
    form = CalendarFilterForm(data, plgs=plgs, periods=periods)
    status = 200
    if form.is_valid():
        chosen = form.cleaned_data["period"]
        period = next((p for p in periods if p.key == chosen), None)
        if period is not None:
            sessions = _in_period(sessions, period)
        if form.cleaned_data["kind"]:
            sessions = sessions.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["plg"]:
            sessions = sessions.filter(plg__ref=form.cleaned_data["plg"])
    else:
        # a bad filter value: say what is wrong and show the unfiltered calendar (htmx
        # swaps only successful responses, so the fragment keeps status 200)
        status = 200 if getattr(request, "htmx", False) else 400
    context = {
        "access": access,
        "form": form,
        "months": by_month(list(sessions)),
        "can_plan": access.can_plan_sessions,
        "now": timezone.now(),
    }
    return render_page(
        request, "trajectories/calendar.html", "trajectories/_calendar.html", context, status
    )
