"""The trajectory's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadtogether.trajectories import panels
from leadtogether.trajectories.access import EVERY_ROLE, Access, page


@page(read=EVERY_ROLE)
def dashboard(request: HttpRequest, access: Access) -> HttpResponse:
    """What is the user's own first (open surveys, next sessions, their PLG), then what
    their roles show of the trajectory: the registered panels (trajectories/panels.py)."""
    context = {"access": access, "panels": panels.panels_for(access)}
    return render(request, "trajectories/dashboard.html", context)
