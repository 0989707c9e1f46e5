"""Measurement moments: the study's defaults, editing, and the instruments they ask."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import MeasurementMoment, MomentInstrument
from leadtogether.surveys.services.moments import (
    moment_create,
    moment_instrument_attach,
    moment_instrument_detach,
    moment_is_open,
    moment_update,
    moments_create_defaults,
)
from tests import factories
from tests.surveys import factories as f


@pytest.fixture
def trajectory(db):
    return factories.TrajectoryFactory()


def test_the_four_study_moments_follow_the_trajectory_dates(trajectory):
    created = moments_create_defaults(actor=None, trajectory=trajectory)
    assert [(m.key, m.opens_on, m.closes_on) for m in created] == [
        ("baseline", dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
        ("year-1", dt.date(2022, 5, 1), dt.date(2022, 6, 30)),
        ("year-2", dt.date(2023, 5, 1), dt.date(2023, 6, 30)),
        ("follow-up", dt.date(2024, 5, 1), dt.date(2024, 6, 30)),
    ]
    assert moments_create_defaults(actor=None, trajectory=trajectory) == []
    assert trajectory.measurement_moments.count() == 4


def test_a_moment_is_open_on_its_first_and_last_day():
    moment = MeasurementMoment(opens_on=dt.date(2022, 5, 1), closes_on=dt.date(2022, 6, 30))
    assert not moment_is_open(moment, today=dt.date(2022, 4, 30))
    assert moment_is_open(moment, today=dt.date(2022, 5, 1))
    assert moment_is_open(moment, today=dt.date(2022, 6, 30))
    assert not moment_is_open(moment, today=dt.date(2022, 7, 1))


def test_an_extra_moment_comes_after_the_others(trajectory):
    moments_create_defaults(actor=None, trajectory=trajectory)
    extra = moment_create(
        actor=None,
        trajectory=trajectory,
        key="mid-year",
        name="Tussentijds",
        opens_on=dt.date(2022, 1, 10),
        closes_on=dt.date(2022, 1, 31),
    )
    assert extra.position == 5
    assert extra.kind == MeasurementMoment.Kind.OTHER


def test_dates_and_name_can_change(trajectory):
    moment = f.MeasurementMomentFactory(trajectory=trajectory)
    moment_update(
        actor=None,
        moment=moment,
        name="Einde jaar 1",
        opens_on=dt.date(2022, 5, 15),
        closes_on=dt.date(2022, 6, 15),
    )
    moment.refresh_from_db()
    assert (moment.name, moment.opens_on) == ("Einde jaar 1", dt.date(2022, 5, 15))
    assert AuditEntry.objects.get(action="moment_update").detail["before"]["opens_on"] == (
        "2022-05-01"
    )


def test_a_moment_cannot_close_before_it_opens(trajectory):
    moment = f.MeasurementMomentFactory(trajectory=trajectory)
    with pytest.raises(ValidationError, match="must open before it closes"):
        moment_update(
            actor=None,
            moment=moment,
            name="x",
            opens_on=dt.date(2022, 7, 1),
            closes_on=dt.date(2022, 6, 1),
        )
    moment.refresh_from_db()
    assert moment.closes_on == dt.date(2022, 6, 30)


def test_instruments_are_attached_once_in_one_version(trajectory):
    moment = f.MeasurementMomentFactory(trajectory=trajectory)
    v1 = f.InstrumentVersionFactory()
    v2 = f.InstrumentVersionFactory(instrument=v1.instrument, number=2)
    other = f.InstrumentVersionFactory()
    moment_instrument_attach(actor=None, moment=moment, version=v1)
    moment_instrument_attach(actor=None, moment=moment, version=v1)
    moment_instrument_attach(actor=None, moment=moment, version=other)
    with pytest.raises(ValidationError, match=r"already asks .* \(version 1\)"):
        moment_instrument_attach(actor=None, moment=moment, version=v2)
    assert list(moment.moment_instruments.values_list("version_id", "position")) == [
        (v1.pk, 1),
        (other.pk, 2),
    ]


def test_an_instrument_without_responses_can_be_detached(trajectory):
    link = f.MomentInstrumentFactory(moment__trajectory=trajectory)
    moment_instrument_detach(actor=None, moment=link.moment, version=link.version)
    assert not MomentInstrument.objects.exists()
    assert AuditEntry.objects.filter(action="moment_instrument_detach").count() == 1


def test_detaching_is_refused_once_there_are_responses(trajectory):
    link = f.MomentInstrumentFactory(moment__trajectory=trajectory)
    f.AnswerFactory(response__moment=link.moment, response__version=link.version)
    with pytest.raises(ValidationError, match="1 response\\(s\\) to it have been recorded"):
        moment_instrument_detach(actor=None, moment=link.moment, version=link.version)
    assert MomentInstrument.objects.filter(pk=link.pk).exists()
