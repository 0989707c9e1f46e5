"""Setting up a trajectory's surveys as in the study, in one step."""

from __future__ import annotations

from django.db import transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys import library
from leadtogether.surveys.models import MeasurementMoment
from leadtogether.surveys.services.moments import moment_instrument_attach, moments_create_defaults
from leadtogether.trajectories.models import Trajectory

Kind = MeasurementMoment.Kind

# The built-in instrument each study moment asks.
STUDY_INSTRUMENTS: dict[str, str] = {
    Kind.BASELINE: library.BASELINE,
    Kind.END_OF_YEAR_1: library.END_OF_YEAR,
    Kind.END_OF_YEAR_2: library.END_OF_YEAR,
    Kind.ONE_YEAR_AFTER: library.ONE_YEAR_AFTER,
}


@transaction.atomic
def study_surveys_setup(*, actor: User | None, trajectory: Trajectory) -> list[MeasurementMoment]:
    """The study's four moments, each asking its built-in instrument.

    Installs the built-in instruments when missing, creates the moments the trajectory
    lacks and gives each study moment that asks no instrument yet its built-in one.
    Running it again changes nothing. Returns the moments that got an instrument.
    """
    instruments = library.library_install(actor=actor)
    moments_create_defaults(actor=actor, trajectory=trajectory)
    equipped = []
    moments = trajectory.measurement_moments.filter(kind__in=STUDY_INSTRUMENTS).prefetch_related(
        "moment_instruments"
    )
    for moment in moments:
        if moment.moment_instruments.all():
            continue
        instrument = instruments[STUDY_INSTRUMENTS[moment.kind]]
        version = instrument.versions.order_by("-number").first()
        moment_instrument_attach(actor=actor, moment=moment, version=version)
        equipped.append(moment)
    audit_record(
        actor=actor,
        action="study_surveys_setup",
        obj=trajectory,
        detail={"moments": [moment.key for moment in equipped]},
    )
    return equipped
