"""Scopes of the survey pages: a measurement moment or an instrument of the trajectory.

Organisers and researchers reach every moment and instrument of their trajectory; other
roles reach none (their surveys come to them through personal links).
"""

from __future__ import annotations

from leadtogether.lib.web import Scope
from leadtogether.surveys import selectors
from leadtogether.surveys.models import Instrument, MeasurementMoment
from leadtogether.trajectories.access import ORGANISER, RESEARCHER, TRAJECTORY_WIDE, Access

# Who works on the surveys of a trajectory.
SURVEY_READERS = frozenset({ORGANISER, RESEARCHER})
ORGANISERS = frozenset({ORGANISER})
RESEARCHERS = frozenset({RESEARCHER})


def _moment(
    access: Access, roles: frozenset[str], key: str, *, write: bool
) -> MeasurementMoment | None:
    if not roles & TRAJECTORY_WIDE:
        return None
    return (
        MeasurementMoment.objects.filter(trajectory=access.trajectory, key=key)
        .select_related("trajectory")
        .first()
    )


def _instrument(
    access: Access, roles: frozenset[str], key: str, *, write: bool
) -> Instrument | None:
    """An instrument the trajectory's builder shows; to change it, one that no other
    trajectory asks (read-only here otherwise)."""
    if not roles & TRAJECTORY_WIDE:
        return None
    instrument = selectors.instruments_for(access.trajectory).filter(key=key).first()
    if instrument is not None and write and instrument.used_elsewhere:
        return None
    return instrument


MOMENT_SCOPE = Scope(name="moment", kwarg="key", fetch=_moment)
INSTRUMENT_SCOPE = Scope(name="instrument", kwarg="key", fetch=_instrument)
