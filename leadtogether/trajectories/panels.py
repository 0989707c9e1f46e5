"""The dashboard of a trajectory, built from panels.

A panel is a small value: a name, an order and a function that, for the user's
``Access``, returns what to show (``Shown(template, context)``) or None when the panel
has nothing for this user. The dashboard shows the panels in order; each app registers
its own in its ``AppConfig.ready()``::

    from leadtogether.trajectories import panels
    panels.register(panels.Panel("open-surveys", 10, open_surveys))

so this app never imports the apps above it. A panel reads through its app's selectors
(a fixed number of queries, whatever the data) and renders a template of its app with
its context plus ``access``. What is the user's own comes first (orders below 30), what
their roles show of the whole trajectory after.

The panels of this app: the user's next sessions, the trajectory's figures (organisers
and researchers) and the PLGs the user reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import COACH, DIRECTOR, ORGANISER, Access


@dataclass(frozen=True)
class Shown:
    """What one panel shows: TEMPLATE rendered with CONTEXT (and ``access``)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    build: Callable[[Access], Shown | None]


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    """Add PANEL to the dashboard (again under the same name: replace it)."""
    _PANELS[panel.name] = panel
    return panel


def panels_for(access: Access) -> list[Shown]:
    """What the registered panels show the user of ACCESS, in order."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name)):
        result = panel.build(access)
        if result is not None:
            shown.append(result)
    return shown


# The panels of this app


def next_sessions(access: Access) -> Shown | None:
    """The next sessions the user reaches: training days, their PLG's meetings, their
    coaching (every session for organisers)."""
    if access.is_research_only:
        return None
    return Shown(
        "trajectories/panels/next_sessions.html",
        {"next": selectors.next_sessions(access), "can_plan": access.can_plan_sessions},
    )


def trajectory_figures(access: Access) -> Shown | None:
    """Counts of the whole trajectory, for organisers and researchers only."""
    if not (access.is_organiser or access.is_researcher):
        return None
    return Shown(
        "trajectories/panels/figures.html",
        {
            "counts": selectors.trajectory_counts(access.trajectory),
            "counts_only": access.is_research_only,
        },
    )


# The dashboard shows the first PLGs; the PLG list pages through all of them.
PANEL_PLGS = 10


def plgs(access: Access) -> Shown | None:
    """The PLGs the user reaches: a card of their own PLG for a participant, a table for
    the roles that follow several."""
    if access.is_research_only:
        return None
    follows_several = bool(access.roles & {ORGANISER, COACH, DIRECTOR})
    first = selectors.plg_page(access, 1, per_page=PANEL_PLGS)
    return Shown(
        "trajectories/panels/plgs.html",
        {
            "plgs": first.object_list,
            "as_table": follows_several,
            "plg_total": first.paginator.count,
        },
    )


OWN_PANELS = (
    Panel("next-sessions", 20, next_sessions),
    Panel("trajectory-figures", 30, trajectory_figures),
    Panel("plgs", 40, plgs),
)
