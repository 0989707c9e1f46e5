"""The surveys' panel on the trajectory's dashboard: the user's own open surveys with
their personal links (registered in ``SurveysConfig.ready``)."""

from __future__ import annotations

from leadtogether.surveys import selectors
from leadtogether.trajectories.access import Access
from leadtogether.trajectories.panels import Panel, Shown


def open_surveys(access: Access) -> Shown | None:
    """The moments open now to which the user is invited; nothing when there are none."""
    if access.person_id is None:
        return None
    invitations = selectors.open_invitations(access.trajectory, access.person_id)
    if not invitations:
        return None
    return Shown("surveys/panels/open_surveys.html", {"invitations": invitations})


OPEN_SURVEYS = Panel("open-surveys", 10, open_surveys)
