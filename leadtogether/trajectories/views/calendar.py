"""The calendar: the sessions the user may see, a month or a week at a time."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from leadtogether.lib.web import render_page
from leadtogether.trajectories import calendar_grid as grid
from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import PLG_ROLES, Access, page
from leadtogether.trajectories.forms import CalendarFilterForm


@page(read=PLG_ROLES)
def calendar(request: HttpRequest, access: Access) -> HttpResponse:
    """The sessions the user reaches (Access.session_filter) in one month or week."""
    sessions = selectors.visible_sessions(access)
    form = CalendarFilterForm(request.GET, plgs=access.visible_plgs())
    status, view, day = 200, grid.MONTH, None
    if form.is_valid():
        view, day = form.cleaned_data["view"] or grid.MONTH, form.cleaned_data["day"]
        if form.cleaned_data["kind"]:
            sessions = sessions.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["plg"] is not None:
            sessions = sessions.filter(plg__in=form.cleaned_data["plg"])
    else:
        # a bad filter value: say what is wrong and show this month unfiltered (htmx
        # swaps only successful responses, so the fragment keeps status 200)
        status = 200 if getattr(request, "htmx", False) else 400
    stretch = grid.stretch_of(view, day or grid.opening_day(access.trajectory, sessions))
    shown = list(grid.sessions_between(sessions, stretch.first_day, stretch.last_day))
    context = {
        "access": access,
        "form": form,
        "stretch": stretch,
        "period": access.trajectory.period_of(stretch.first_day),
        "weeks": grid.month_weeks(stretch, shown) if view == grid.MONTH else None,
        "days": grid.week_days(stretch, shown) if view == grid.WEEK else None,
        "has_sessions": bool(shown),
        "can_plan": access.can_plan_sessions,
    }
    return render_page(
        request, "trajectories/calendar.html", "trajectories/_calendar.html", context, status
    )
