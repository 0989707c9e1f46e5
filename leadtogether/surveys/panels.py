"""The surveys' panel on the trajectory's dashboard: the user's own open surveys with
their personal links (registered in ``SurveysConfig.ready``)."""

from __future__ import annotations

from leadtogether.surveys import selectors
from leadtogether.trajectories.access import COACH, Access
from leadtogether.trajectories.models import PLG
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


def plg_results(access: Access) -> Shown | None:
    """For a coach: the survey results of the PLGs they coach; one query."""
    if COACH not in access.roles or access.person_id is None:
        return None
    plgs = list(
        PLG.objects.filter(trajectory=access.trajectory, coach_id=access.person_id).order_by("ref")
    )
    if not plgs:
        return None
    return Shown("surveys/panels/plg_results.html", {"plgs": plgs})


PLG_RESULTS = Panel("plg-survey-results", 60, plg_results)
