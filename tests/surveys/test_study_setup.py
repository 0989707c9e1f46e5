"""Setting up a trajectory's surveys as in the study."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from leadtogether.surveys.models import MeasurementMoment, MomentInstrument
from leadtogether.surveys.services.study import study_surveys_setup
from tests.surveys import factories as f


def _asked(trajectory) -> dict[str, str]:
    return dict(
        MomentInstrument.objects.filter(moment__trajectory=trajectory).values_list(
            "moment__key", "version__instrument__key"
        )
    )


def test_it_creates_the_four_moments_with_their_questionnaires(world):
    study_surveys_setup(actor=world.organiser, trajectory=world.trajectory)
    assert _asked(world.trajectory) == {
        "baseline": "study-baseline",
        "year-1": "study-end-of-year",
        "year-2": "study-end-of-year",
        "follow-up": "study-one-year-after",
    }


def test_running_it_again_changes_nothing(world):
    study_surveys_setup(actor=world.organiser, trajectory=world.trajectory)
    assert study_surveys_setup(actor=world.organiser, trajectory=world.trajectory) == []
    assert MeasurementMoment.objects.filter(trajectory=world.trajectory).count() == 4
    assert MomentInstrument.objects.filter(moment__trajectory=world.trajectory).count() == 4


def test_it_keeps_a_questionnaire_the_organiser_chose(world):
    moment = f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="baseline", kind=MeasurementMoment.Kind.BASELINE
    )
    own = f.MomentInstrumentFactory(moment=moment)
    study_surveys_setup(actor=world.organiser, trajectory=world.trajectory)
    assert list(moment.moment_instruments.all()) == [own]


def test_the_command_prints_the_moments(world):
    out = io.StringIO()
    call_command("surveys", "setup", "--trajectory", world.trajectory.slug, stdout=out)
    assert "year-2: 2023-05-01 – 2023-06-30: study-end-of-year v1" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown trajectory 'nope'"):
        call_command("surveys", "setup", "--trajectory", "nope")


def test_the_moments_page_button_sets_up_the_study(world, client):
    client.force_login(world.organiser)
    url = reverse("surveys:moment-defaults", kwargs={"slug": world.trajectory.slug})
    client.post(url)
    assert len(_asked(world.trajectory)) == 4


def test_the_button_is_for_organisers_only(world, client):
    client.force_login(world.researcher)
    url = reverse("surveys:moment-defaults", kwargs={"slug": world.trajectory.slug})
    assert client.post(url).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url).status_code in {403, 404}
    assert _asked(world.trajectory) == {}
