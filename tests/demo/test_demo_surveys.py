"""The demo's surveys reproduce Table 3 and the intention to continue, with work left open."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from leadtogether.demo import dataset, survey_data
from leadtogether.demo.builder import OPEN_MOMENT_KEY, demo_try_link
from leadtogether.surveys.models import (
    Answer,
    Invitation,
    MeasurementMoment,
    MomentInstrument,
    Response,
)

SLUG = dataset.TRAJECTORY.slug

TABLE_3 = """answer,n,pct
none,43,35.0
limited,18,14.6
extensive_general,21,17.1
extensive_in_depth,25,20.3
intensive,16,13.0
N,123,100.0
"""

WINDOWS = {
    "baseline": (date(2021, 9, 1), date(2021, 9, 30)),
    "year-1": (date(2022, 5, 1), date(2022, 6, 30)),
    "year-2": (date(2023, 5, 1), date(2023, 6, 30)),
    "follow-up": (date(2024, 5, 1), date(2024, 6, 30)),
}
PARTICIPANTS = [person for person in dataset.PEOPLE if person.enrolled]


def _report(name: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("report", name, "--trajectory", SLUG, stdout=out)
    return [line.split(",") for line in out.getvalue().splitlines()]


def _csv(name: str) -> str:
    out = io.StringIO()
    call_command("report", name, "--trajectory", SLUG, stdout=out)
    return out.getvalue()


def test_demo_reproduces_table_3_and_the_intention_to_continue(demo):
    assert _csv("prior-plg-experience") == TABLE_3

    header, *rows = _report("continuation-intention")
    assert header == ["moment", "plg", "yes", "no", "missing", "pct_yes", "plg_intends"]
    assert [row[0] for row in rows] == ["year-1"] * 16 + ["year-2"] * 16
    for moment in ("year-1", "year-2"):
        per_plg = [row for row in rows if row[0] == moment and row[1] != "all"]
        assert [row[1] for row in per_plg] == [f"PLG {n}" for n in range(1, 16)]
        assert all(row[6] == "yes" and int(row[2]) > int(row[3]) for row in per_plg)
        assert any(row[3] != "0" for row in per_plg)  # some individual no's
        (total,) = [row for row in rows if row[:2] == [moment, "all"]]
        yes, no, missing = (int(value) for value in total[2:5])
        assert (yes + no, missing, total[6]) == (131, 0, "yes")


def test_demo_response_rates_leave_the_follow_up_open(demo):
    header, *rows = _report("response-rates")
    assert header == ["moment", "plg", "invited", "started", "completed"]
    totals = {row[0]: [int(value) for value in row[2:]] for row in rows if row[1] == "all"}
    assert list(totals) == ["baseline", "year-1", "year-2", "follow-up", OPEN_MOMENT_KEY]
    assert totals[OPEN_MOMENT_KEY] == [149, 0, 0]
    assert totals["baseline"] == [149, 149, 149]
    assert totals["year-1"][0] == totals["year-2"][0] == 149
    assert totals["year-1"][2] >= 131 and totals["year-2"][2] >= 131
    invited, started, completed = totals["follow-up"]
    assert completed == 24
    assert started > completed  # started, not completed
    assert invited > started  # not started
    follow_up = [row for row in rows if row[0] == "follow-up" and row[1] != "all"]
    unknown = {row[1] for row in follow_up if row[4] == "0"}
    assert unknown == {"PLG 8", "PLG 9", "PLG 13"}


def test_demo_moments_ask_the_built_in_instruments(demo):
    moments = MeasurementMoment.objects.filter(trajectory__slug=SLUG).exclude(key=OPEN_MOMENT_KEY)
    asked = dict(moments.values_list("key", "moment_instruments__version__instrument__key"))
    assert asked == survey_data.MOMENT_INSTRUMENTS
    assert set(MomentInstrument.objects.values_list("version__number", flat=True)) == {1}
    per_moment = Invitation.objects.values("moment").annotate(n=Count("pk"))
    assert {row["n"] for row in per_moment} == {149}
    assert not Invitation.objects.filter(moment__in=moments, sent_at__isnull=True).exists()
    for moment in moments:
        responses = Response.objects.filter(moment=moment)
        assert responses.filter(source=Response.Source.LINK).count() == responses.count()
        for response in responses.select_related("invitation"):
            started = timezone.localtime(response.started_at).date()
            assert moment.opens_on <= started <= moment.closes_on
            assert response.invitation.started_at == response.started_at
            if response.status == Response.Status.SUBMITTED:
                assert response.started_at < response.submitted_at
                assert response.invitation.completed_at == response.submitted_at
                assert response.updated_at == response.submitted_at


def test_demo_baseline_answers_match_the_registry(demo):
    answers = Answer.objects.filter(response__moment__key="baseline").values_list(
        "response__person__ref", "question__code", "value"
    )
    given = {(person, code): value for person, code, value in answers}
    level_of = {school.ref: school.level for school in dataset.SCHOOLS}
    for person in PARTICIPANTS:
        assert given[person.ref, "level"] == level_of[person.school_ref]
        assert given[person.ref, "function_category"] == person.function_category
        assert given[person.ref, "function_title"] == person.function_title
        consent = "yes" if person.research_consent else "no"
        assert given[person.ref, "research_consent"] == consent
    assert given["P001", "partnership_form"] == "A"
    assert given["P001", "partnership_schools"] == 4


def test_demo_participant_login_has_the_follow_up_still_to_answer(demo):
    (participant,) = [a.person_ref for a in dataset.ACCOUNTS if a.role == "participant"]
    invitation = Invitation.objects.get(person__ref=participant, moment__key="follow-up")
    assert invitation.started_at is None and invitation.completed_at is None
    assert invitation.reminder_count == 2


# --- the pure data, without a database -------------------------------------------------


def test_survey_data_is_the_same_on_every_call():
    assert survey_data.demo_surveys(WINDOWS) == survey_data.demo_surveys(WINDOWS)


def test_the_follow_up_sample_follows_the_study():
    surveys = survey_data.demo_surveys(WINDOWS)
    plg_of = {person.ref: person.plg_ref for person in PARTICIPANTS}
    consent = {person.ref: person.research_consent for person in PARTICIPANTS}
    submitted = [
        r for r in surveys.responses if r.moment == "follow-up" and r.submitted_at is not None
    ]
    assert len(submitted) == 24 and all(consent[r.person_ref] for r in submitted)
    per_plg = Counter(plg_of[r.person_ref] for r in submitted)
    assert set(per_plg.values()) == {2} and len(per_plg) == 12
    course = Counter((plg_of[r.person_ref], dict(r.answers)["plg_continued"]) for r in submitted)
    primary = {plg: code for (plg, code) in course if plg <= "PLG06"}
    assert Counter(primary.values()) == {
        "merged_or_integrated": 3,  # PLG 2 integrated, the split PLGs 4 and 5 merged
        "adjusted_group": 2,
        "same_composition": 1,
    }
    secondary = {plg: code for (plg, code) in course if plg > "PLG06"}
    assert Counter(secondary.values())["stopped"] == 2
    assert len(secondary) - 2 == 4  # four continued
    positive = [r for r in submitted if dict(r.answers)["goal_orientation"] in ("4", "5")]
    assert len(positive) == 23
    conditions = [dict(r.answers).get("continuation_conditions") for r in submitted]
    assert sum(1 for text in conditions if text) == 22
    assert Counter(conditions)["Een goede voorbereiding van elke bijeenkomst."] == 5


def test_every_response_lies_within_its_moment():
    surveys = survey_data.demo_surveys(WINDOWS)
    for response in surveys.responses:
        opens_on, closes_on = WINDOWS[response.moment]
        assert opens_on <= response.started_at.date() <= closes_on
        if response.submitted_at is not None:
            assert response.started_at < response.submitted_at
    assert len(surveys.invitations) == 4 * len(PARTICIPANTS)


def test_demo_has_a_moment_open_today_to_try_a_personal_link(demo, client):
    moment = MeasurementMoment.objects.get(trajectory__slug=SLUG, key=OPEN_MOMENT_KEY)
    today = timezone.localdate()
    assert moment.opens_on <= today <= moment.closes_on
    link = demo_try_link("deelnemer")
    assert link.startswith("http://127.0.0.1:8000/s/")
    response = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert "<form" in response.content.decode()
