"""What the trajectory views share: rendering pages or htmx fragments, role checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadtogether.accounts.models import Role
from leadtogether.trajectories.access import Access


def render_page(
    request: HttpRequest,
    page: str,
    partial: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The whole PAGE for a normal request, only the PARTIAL fragment for htmx."""
    template = partial if getattr(request, "htmx", False) else page
    return render(request, template, context, status=status)


def is_research_only(access: Access) -> bool:
    """True when the user's only role here is researcher (no names, no PLG pages)."""
    return not access.is_organiser and not (access.roles - {Role.RESEARCHER})


def ensure_not_research_only(access: Access) -> None:
    """Researchers see the reports and the dashboard counts only."""
    if is_research_only(access):
        raise PermissionDenied


def can_plan_sessions(access: Access) -> bool:
    """Organisers plan any session; coaches the meetings and coaching of their PLGs."""
    return access.is_organiser or (Role.COACH in access.roles and access.person_id is not None)
