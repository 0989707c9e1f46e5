"""What the organiser and researcher pages of surveys share: who may use them, fetching
a moment, an instrument or a question of the trajectory, rendering pages or fragments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from leadtogether.accounts.models import User
from leadtogether.surveys import selectors
from leadtogether.surveys.models import Instrument, MeasurementMoment, Question
from leadtogether.trajectories.access import (
    Access,
    get_trajectory_for_organiser,
    get_trajectory_for_reports,
)

READ_RULE = "organisers and researchers of the trajectory (get_trajectory_for_reports)"
ORGANISER_RULE = "organisers of the trajectory (get_trajectory_for_organiser)"
BUILDER_RULE = (
    "organisers and researchers (get_trajectory_for_reports); instruments of the "
    "trajectory (get_instrument_for_editor)"
)


def render_page(
    request: HttpRequest, page: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The whole PAGE for a normal request, only the PARTIAL fragment for htmx."""
    template = partial if getattr(request, "htmx", False) else page
    return render(request, template, context, status=status)


def surveys_access(user: User, slug: str) -> Access:
    """Organisers and researchers; 403 for other roles, 404 without a role."""
    return get_trajectory_for_reports(user, slug)


def organiser_access(user: User, slug: str) -> Access:
    return get_trajectory_for_organiser(user, slug)


def get_moment(access: Access, key: str) -> MeasurementMoment:
    moment = (
        MeasurementMoment.objects.filter(trajectory=access.trajectory, key=key)
        .select_related("trajectory")
        .first()
    )
    if moment is None:
        raise Http404
    return moment


def get_instrument(access: Access, key: str) -> Instrument:
    """An instrument the trajectory's builder shows; 404 for any other."""
    instrument = selectors.instruments_for(access.trajectory).filter(key=key).first()
    if instrument is None:
        raise Http404
    return instrument


def get_instrument_for_editor(access: Access, key: str) -> Instrument:
    """As get_instrument; 403 when another trajectory also asks it (read-only here)."""
    instrument = get_instrument(access, key)
    if instrument.used_elsewhere:
        raise PermissionDenied
    return instrument


def get_question(instrument: Instrument, question_id: int) -> Question:
    """A question of the instrument's latest version (the one the builder edits)."""
    question = (
        Question.objects.filter(
            pk=question_id,
            version__instrument=instrument,
            version__number=instrument.latest_number,
        )
        .select_related("version__instrument", "show_if_question")
        .first()
    )
    if question is None:
        raise Http404
    return question
