"""The trajectory's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leadtogether.accounts.rules import signed_in
from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import get_trajectory_for_user
from leadtogether.trajectories.views._common import can_plan_sessions, is_research_only


@signed_in(
    "any role in the trajectory (get_trajectory_for_user); PLGs and sessions scoped by "
    "Access.visible_plgs/session_filter; researchers see the counts only"
)
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_trajectory_for_user(request.user, slug)
    counts_only = is_research_only(access)
    context = {
        "access": access,
        "counts": selectors.trajectory_counts(access.trajectory),
        "counts_only": counts_only,
        "can_plan": can_plan_sessions(access),
    }
    if not counts_only:
        context["plgs"] = selectors.plg_table(access)
        context["next"] = selectors.next_sessions(access)
    return render(request, "trajectories/dashboard.html", context)
