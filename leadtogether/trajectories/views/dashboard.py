"""The trajectory's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import EVERY_ROLE, Access, page


@page(read=EVERY_ROLE)
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    """PLGs and sessions as far as the user reaches them; researchers see counts only."""
    counts_only = access.is_research_only
    context = {
        "access": access,
        "counts": selectors.trajectory_counts(access.trajectory),
        "counts_only": counts_only,
        "can_plan": access.can_plan_sessions,
    }
    if not counts_only:
        context["plgs"] = selectors.plg_table(access)
        context["next"] = selectors.next_sessions(access)
    return render(request, "trajectories/dashboard.html", context)
