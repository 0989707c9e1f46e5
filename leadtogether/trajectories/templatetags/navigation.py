"""The header's menu and trajectory switcher (see ``trajectories/navigation.py``).

``{% trajectory_menu access request as menu %}`` gives the sections of the trajectory's
menu that the user may open, the current one marked; ``{% user_trajectories user as
trajectories %}`` the trajectories the user holds a role in.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from leadtogether.trajectories import navigation
from leadtogether.trajectories.access import Access, trajectories_for_user

register = template.Library()


@register.simple_tag
def trajectory_menu(access: Access | str, request: HttpRequest | str) -> navigation.Menu:
    """(A variable missing from the context arrives as "".)"""
    if not isinstance(access, Access):
        return navigation.Menu(sections=[])
    match = getattr(request, "resolver_match", None)
    return navigation.menu(access, match.view_name if match else "")


@register.simple_tag
def user_trajectories(user: Any) -> list[Any]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(trajectories_for_user(user).order_by("-start", "name"))
