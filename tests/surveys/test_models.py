"""Derived properties of the survey records."""

from __future__ import annotations

import datetime as dt

from leadtogether.surveys.models import MeasurementMoment


def _moment() -> MeasurementMoment:
    return MeasurementMoment(opens_on=dt.date(2022, 5, 1), closes_on=dt.date(2022, 6, 30))


def test_a_moment_is_open_from_its_opening_day_through_its_closing_day():
    moment = _moment()
    assert moment.status(dt.date(2022, 4, 30)) == "upcoming"
    assert moment.status(dt.date(2022, 5, 1)) == "open"
    assert moment.is_open(dt.date(2022, 6, 30))
    assert moment.status(dt.date(2022, 7, 1)) == "closed"
