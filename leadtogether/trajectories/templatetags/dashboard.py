"""``{% dashboard_panel shown %}``: one panel of the dashboard (``trajectories/panels.py``)."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from leadtogether.trajectories import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panel(context: template.Context, shown: panels.Shown) -> str:
    """One panel of the dashboard (``trajectories/panels.py``), with ``access``."""
    return render_to_string(
        shown.template,
        {**shown.context, "access": context["access"]},
        request=context.get("request"),
    )
