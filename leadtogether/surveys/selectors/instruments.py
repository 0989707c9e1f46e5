"""Reads for the instrument builder: the instruments a trajectory shows, their versions,
questions and the moments that ask them.

Every function issues a fixed number of queries, whatever the number of moments,
questions or versions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet

from leadtogether.surveys.models import (
    Answer,
    Choice,
    Instrument,
    InstrumentVersion,
    MeasurementMoment,
    MomentInstrument,
    Question,
    Response,
)
from leadtogether.trajectories.models import Trajectory


def _used_in(trajectory: Trajectory, *, here: bool) -> Exists:
    links = MomentInstrument.objects.filter(version__instrument=OuterRef("pk"))
    if here:
        return Exists(links.filter(moment__trajectory=trajectory))
    return Exists(links.exclude(moment__trajectory=trajectory))


def instruments_for(trajectory: Trajectory) -> QuerySet[Instrument]:
    """The instruments the builder of TRAJECTORY shows: those its moments ask and those
    no moment asks yet. ``used_elsewhere`` marks an instrument another trajectory also
    asks (read-only here)."""
    anywhere = Exists(MomentInstrument.objects.filter(version__instrument=OuterRef("pk")))
    return (
        Instrument.objects.filter(_used_in(trajectory, here=True) | ~anywhere)
        .annotate(
            used_elsewhere=_used_in(trajectory, here=False),
            latest_number=Max("versions__number"),
        )
        .order_by("key")
    )


@dataclass(frozen=True)
class Use:
    """One moment of the trajectory asking one version."""

    moment: MeasurementMoment
    version_number: int


@dataclass(frozen=True)
class InstrumentRow:
    instrument: Instrument
    latest_number: int
    questions: int
    uses: list[Use]


def _uses(trajectory: Trajectory, instrument_ids: Iterable[int]) -> dict[int, list[Use]]:
    links = (
        MomentInstrument.objects.filter(
            moment__trajectory=trajectory, version__instrument_id__in=list(instrument_ids)
        )
        .select_related("moment", "version")
        .order_by("moment__position", "moment__opens_on")
    )
    uses: dict[int, list[Use]] = defaultdict(list)
    for link in links:
        uses[link.version.instrument_id].append(Use(link.moment, link.version.number))
    return uses


def instrument_rows(trajectory: Trajectory) -> list[InstrumentRow]:
    """The instruments of the builder with their latest version, its number of questions
    and the moments of the trajectory that ask them."""
    instruments = list(instruments_for(trajectory))
    ids = [instrument.pk for instrument in instruments]
    counts = {
        (row["version__instrument_id"], row["version__number"]): row["n"]
        for row in Question.objects.filter(version__instrument_id__in=ids)
        .values("version__instrument_id", "version__number")
        .annotate(n=Count("pk"))
    }
    uses = _uses(trajectory, ids)
    return [
        InstrumentRow(
            instrument=instrument,
            latest_number=instrument.latest_number or 1,
            questions=counts.get((instrument.pk, instrument.latest_number), 0),
            uses=uses.get(instrument.pk, []),
        )
        for instrument in instruments
    ]


@dataclass(frozen=True)
class VersionRow:
    version: InstrumentVersion
    responses: int
    has_answers: bool
    uses: list[Use]


@dataclass(frozen=True)
class Builder:
    """What the instrument builder shows: the latest version's questions and where each
    version is in use."""

    instrument: Instrument
    version: InstrumentVersion
    questions: list[Question]
    versions: list[VersionRow]

    @property
    def latest(self) -> VersionRow:
        return next(row for row in self.versions if row.version.pk == self.version.pk)

    @property
    def next_number(self) -> int:
        return self.version.number + 1


def builder(instrument: Instrument, trajectory: Trajectory) -> Builder:
    answered = Exists(Answer.objects.filter(question__version=OuterRef("pk"))) | Exists(
        Response.objects.filter(version=OuterRef("pk"), status=Response.Status.SUBMITTED)
    )
    versions = list(
        InstrumentVersion.objects.filter(instrument=instrument)
        .annotate(response_count=Count("responses"), has_answers=answered)
        .order_by("-number")
    )
    if not versions:  # an instrument always has a version; repair one made elsewhere
        versions = [InstrumentVersion.objects.create(instrument=instrument, number=1)]
        versions[0].response_count = 0
        versions[0].has_answers = False
    latest = versions[0]
    questions = list(
        Question.objects.filter(version=latest)
        .select_related("show_if_question")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position")))
        .order_by("position")
    )
    by_version: dict[int, list[Use]] = defaultdict(list)
    links = (
        MomentInstrument.objects.filter(moment__trajectory=trajectory, version__in=versions)
        .select_related("moment")
        .order_by("moment__position", "moment__opens_on")
    )
    for link in links:
        number = next(v.number for v in versions if v.pk == link.version_id)
        by_version[link.version_id].append(Use(link.moment, number))
    return Builder(
        instrument=instrument,
        version=latest,
        questions=questions,
        versions=[
            VersionRow(
                version=version,
                responses=version.response_count,
                has_answers=bool(version.has_answers),
                uses=by_version.get(version.pk, []),
            )
            for version in versions
        ],
    )
