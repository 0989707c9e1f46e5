"""Writes of measurement moments."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.surveys.models import (
    InstrumentVersion,
    MeasurementMoment,
    MomentInstrument,
    Response,
)
from leadtogether.trajectories.models import Trajectory

Kind = MeasurementMoment.Kind


def _month_start(day: dt.date, months_back: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months_back
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _month_end(day: dt.date, months_back: int) -> dt.date:
    start = _month_start(day, months_back)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def default_moment_dates(trajectory: Trajectory) -> dict[str, tuple[dt.date, dt.date]]:
    """When the four study moments open and close, from the trajectory's dates.

    The baseline runs in the first month; the other three in May–June before the end
    of training year 1, of training year 2 and of the follow-up year (as in the study:
    09/2021, 05/2022, 05/2023, 05/2024).
    """
    return {
        Kind.BASELINE: (trajectory.start, _month_end(trajectory.start, 0)),
        Kind.END_OF_YEAR_1: (
            _month_start(trajectory.year_one_end, 3),
            _month_end(trajectory.year_one_end, 2),
        ),
        Kind.END_OF_YEAR_2: (_month_start(trajectory.end, 3), _month_end(trajectory.end, 2)),
        Kind.ONE_YEAR_AFTER: (
            _month_start(trajectory.follow_up_end, 3),
            _month_end(trajectory.follow_up_end, 2),
        ),
    }


DEFAULT_KEYS = {
    Kind.BASELINE: "baseline",
    Kind.END_OF_YEAR_1: "year-1",
    Kind.END_OF_YEAR_2: "year-2",
    Kind.ONE_YEAR_AFTER: "follow-up",
}


def _default_name(kind: str) -> str:
    names = {
        Kind.BASELINE: _("Baseline"),
        Kind.END_OF_YEAR_1: _("End of training year 1"),
        Kind.END_OF_YEAR_2: _("End of training year 2"),
        Kind.ONE_YEAR_AFTER: _("One year after the trajectory"),
    }
    return names[kind]


@transaction.atomic
def moment_create(
    *,
    actor: User | None,
    trajectory: Trajectory,
    key: str,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    kind: str = Kind.OTHER,
    position: int | None = None,
) -> MeasurementMoment:
    if position is None:
        position = trajectory.measurement_moments.count() + 1
    moment = MeasurementMoment(
        trajectory=trajectory,
        key=key,
        kind=kind,
        name=name,
        position=position,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    moment.full_clean()
    save_unique(moment)
    audit_record(actor=actor, action="moment_create", obj=moment, detail={"key": key})
    return moment


@transaction.atomic
def moments_create_defaults(
    *, actor: User | None, trajectory: Trajectory
) -> list[MeasurementMoment]:
    """The four study moments (baseline … one year after) that the trajectory lacks."""
    existing = set(trajectory.measurement_moments.values_list("kind", flat=True))
    created = []
    for position, (kind, (opens_on, closes_on)) in enumerate(
        default_moment_dates(trajectory).items(), start=1
    ):
        if kind in existing:
            continue
        created.append(
            moment_create(
                actor=actor,
                trajectory=trajectory,
                key=DEFAULT_KEYS[kind],
                name=_default_name(kind),
                opens_on=opens_on,
                closes_on=closes_on,
                kind=kind,
                position=position,
            )
        )
    return created


def moment_is_open(moment: MeasurementMoment, *, today: dt.date | None = None) -> bool:
    """A moment is open from its opening day up to and including its closing day."""
    return moment.is_open(today)


@transaction.atomic
def moment_update(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
) -> MeasurementMoment:
    """Rename the moment or change when it opens and closes."""
    before = {
        "name": moment.name,
        "opens_on": str(moment.opens_on),
        "closes_on": str(moment.closes_on),
    }
    moment.name = name.strip()
    moment.opens_on = opens_on
    moment.closes_on = closes_on
    moment.full_clean()
    moment.save()
    audit_record(
        actor=actor,
        action="moment_update",
        obj=moment,
        detail={
            "before": before,
            "after": {"name": moment.name, "opens_on": str(opens_on), "closes_on": str(closes_on)},
        },
    )
    return moment


@transaction.atomic
def moment_instrument_attach(
    *, actor: User | None, moment: MeasurementMoment, version: InstrumentVersion
) -> MomentInstrument:
    """Ask VERSION at MOMENT (after the instruments it already has).

    A moment asks one version of an instrument: attaching another version of an
    instrument it already asks is refused.
    """
    other = (
        moment.moment_instruments.filter(version__instrument_id=version.instrument_id)
        .exclude(version=version)
        .select_related("version")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("%(moment)s already asks %(instrument)s (version %(number)s).")
            % {
                "moment": moment.name,
                "instrument": version.instrument.name,
                "number": other.version.number,
            }
        )
    link, created = MomentInstrument.objects.get_or_create(
        moment=moment,
        version=version,
        defaults={"position": moment.moment_instruments.count() + 1},
    )
    if created:
        audit_record(
            actor=actor,
            action="moment_instrument_attach",
            obj=moment,
            detail={"version": version.pk},
        )
    return link


@transaction.atomic
def moment_instrument_detach(
    *, actor: User | None, moment: MeasurementMoment, version: InstrumentVersion
) -> None:
    """Stop asking VERSION at MOMENT; refused once anyone has responded to it there."""
    responses = Response.objects.filter(moment=moment, version=version).count()
    if responses:
        raise ValidationError(
            _(
                "%(instrument)s cannot be removed from %(moment)s: %(count)s response(s) "
                "to it have been recorded there."
            )
            % {"instrument": version.instrument.name, "moment": moment.name, "count": responses}
        )
    deleted, _detail = MomentInstrument.objects.filter(moment=moment, version=version).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="moment_instrument_detach",
            obj=moment,
            detail={"version": version.pk},
        )
