"""``{% if access|may_open:"registry:school-list" %}``: whether one of the user's roles
may open a page of the trajectory, as its access rule says (the menu offers only those)."""

from __future__ import annotations

from django import template

from leadtogether.trajectories.access import Access

register = template.Library()


@register.filter
def may_open(access: Access | None, url_name: str) -> bool:
    return access is not None and access.may_open(url_name)
