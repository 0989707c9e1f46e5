"""The survey reports on small hand-made frames, and the frames read from the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.utils import timezone

from leadtogether.analysis.loaders import FRAME_LOADERS, load_frames
from leadtogether.analysis.reports import REPORTS, build_report
from leadtogether.analysis.tables import (
    continuation_intention,
    prior_plg_experience,
    response_rates,
)
from leadtogether.lib.tables import render_csv
from leadtogether.surveys.frames import ANSWER_COLUMNS, INVITATION_COLUMNS
from leadtogether.surveys.models import MeasurementMoment, Question, Response
from tests.surveys import factories as f

PARTICIPANT_COLUMNS = ["person_id", "research_consent", "school_id", "level", "function", "plg_id"]


def participants(*rows: tuple[str, bool, str | None]) -> pd.DataFrame:
    """(person_id, research consent, plg_id) per participant."""
    return pd.DataFrame(
        [(person, consent, "S1", "primary", "management", plg) for person, consent, plg in rows],
        columns=PARTICIPANT_COLUMNS,
    )


def plgs(*names: tuple[str, str]) -> pd.DataFrame:
    """(plg_id, name) per PLG."""
    return pd.DataFrame(
        [(plg_id, name, "SV1", "A", "full", 2) for plg_id, name in names],
        columns=["plg_id", "plg", "partnership_id", "form", "participation", "learning_level"],
    )


def answers(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(moment, moment_kind, question, person_id, value) per answer."""
    return pd.DataFrame(
        [
            (moment, kind, "instrument", question, person, value)
            for moment, kind, question, person, value in rows
        ],
        columns=ANSWER_COLUMNS,
    ).astype("string")


def invitations(*rows: tuple[str, str, str | None, bool, bool]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=INVITATION_COLUMNS)


def no_answers() -> pd.DataFrame:
    return pd.DataFrame(columns=ANSWER_COLUMNS).astype("string")


# --- prior-plg-experience (Table 3) ---------------------------------------------------


def _baseline(person: str, value: str, moment: str = "baseline") -> tuple[str, ...]:
    return (moment, "baseline", "prior_plg_experience", person, value)


def test_table_3_from_the_study_s_counts():
    counts = {
        "none": 43,
        "limited": 18,
        "extensive_general": 21,
        "extensive_in_depth": 25,
        "intensive": 16,
    }
    people = [(answer, f"P{answer}{i}") for answer, n in counts.items() for i in range(n)]
    frame = answers(*(_baseline(person, answer) for answer, person in people))
    everyone = participants(*((person, True, "G1") for _, person in people))
    table = prior_plg_experience(survey_answers=frame, participants=everyone)
    assert render_csv(table) == (
        "answer,n,pct\n"
        "none,43,35.0\n"
        "limited,18,14.6\n"
        "extensive_general,21,17.1\n"
        "extensive_in_depth,25,20.3\n"
        "intensive,16,13.0\n"
        "N,123,100.0\n"
    )


def test_prior_experience_counts_respondents_at_the_baseline_only():
    frame = answers(
        _baseline("P1", "none"),
        _baseline("P2", "intensive"),
        _baseline("P3", "none"),  # no research consent
        _baseline("P4", "often"),  # not an answer of Table 3
        ("year-1", "end_of_year_1", "prior_plg_experience", "P5", "none"),
        ("baseline", "baseline", "continue_plg", "P5", "yes"),
    )
    people = participants(
        ("P1", True, "G1"), ("P2", True, "G1"), ("P3", False, "G1"), ("P4", True, None)
    )
    people.loc[len(people)] = ["P5", True, "S1", "primary", "middle", "G1"]
    table = prior_plg_experience(survey_answers=frame, participants=people)
    assert table["n"].tolist() == [1, 0, 0, 0, 1, 2]
    assert table["pct"].tolist() == [50.0, 0.0, 0.0, 0.0, 50.0, 100.0]


def test_prior_experience_takes_the_last_answer_of_a_person():
    frame = answers(_baseline("P1", "none"), _baseline("P1", "limited", moment="baseline-2"))
    table = prior_plg_experience(
        survey_answers=frame, participants=participants(("P1", True, "G1"))
    )
    assert dict(zip(table["answer"], table["n"], strict=True))["limited"] == 1
    assert table["n"].iloc[-1] == 1


def test_prior_experience_without_answers():
    table = prior_plg_experience(survey_answers=no_answers(), participants=participants())
    assert table["answer"].tolist() == [
        "none",
        "limited",
        "extensive_general",
        "extensive_in_depth",
        "intensive",
        "N",
    ]
    assert table["n"].sum() == 0
    assert render_csv(table).splitlines()[-1] == "N,0,0.0"


# --- continuation-intention -----------------------------------------------------------


def _continue(moment: str, person: str, value: str) -> tuple[str, ...]:
    return (moment, f"kind-{moment}", "continue_plg", person, value)


def _rows(table: pd.DataFrame) -> list[str]:
    return render_csv(table).splitlines()


def test_continuation_per_moment_and_plg_in_natural_order():
    people = participants(
        ("A1", True, "G10"),
        ("A2", True, "G10"),
        ("A3", True, "G10"),
        ("B1", True, "G2"),
        ("B2", True, "G2"),
        ("B3", False, "G2"),  # not a respondent: neither counted nor missing
        ("X1", True, None),  # respondent without a PLG: left out of "all"
    )
    frame = answers(
        _continue("year-1", "A1", "yes"),
        _continue("year-1", "A2", "no"),
        _continue("year-1", "A3", "yes"),
        _continue("year-1", "B1", "yes"),
        _continue("year-1", "B3", "no"),
        _continue("year-1", "X1", "no"),
        _continue("year-2", "A1", "yes"),
        _continue("year-2", "B1", "no"),
        _continue("year-2", "B2", "yes"),
    )
    table = continuation_intention(
        survey_answers=frame,
        participants=people,
        plgs=plgs(("G10", "PLG 10"), ("G2", "PLG 2")),
    )
    assert _rows(table) == [
        "moment,plg,yes,no,missing,pct_yes,plg_intends",
        "year-1,PLG 2,1,0,1,100.0,yes",
        "year-1,PLG 10,2,1,0,66.7,yes",
        "year-1,all,3,1,1,75.0,yes",
        "year-2,PLG 2,1,1,0,50.0,no",
        "year-2,PLG 10,1,0,2,100.0,yes",
        "year-2,all,2,1,2,66.7,no",
    ]


def test_a_plg_without_respondents_or_answers_has_empty_intention():
    people = participants(("A1", True, "G1"), ("B1", True, "G2"))
    frame = answers(_continue("year-1", "A1", "yes"))
    table = continuation_intention(
        survey_answers=frame,
        participants=people,
        plgs=plgs(("G1", "PLG 1"), ("G2", "PLG 2"), ("G3", "PLG 3")),
    )
    assert _rows(table)[1:] == [
        "year-1,PLG 1,1,0,0,100.0,yes",
        "year-1,PLG 2,0,0,1,,",
        "year-1,PLG 3,0,0,0,,",
        "year-1,all,1,0,1,100.0,no",
    ]


def test_a_tie_is_no_intention():
    people = participants(("A1", True, "G1"), ("A2", True, "G1"))
    frame = answers(_continue("year-1", "A1", "yes"), _continue("year-1", "A2", "no"))
    table = continuation_intention(
        survey_answers=frame, participants=people, plgs=plgs(("G1", "PLG 1"))
    )
    assert _rows(table)[1:] == ["year-1,PLG 1,1,1,0,50.0,no", "year-1,all,1,1,0,50.0,no"]


def test_a_moment_where_only_others_answered_is_listed_with_missing_respondents():
    people = participants(("A1", True, "G1"), ("A2", False, "G1"))
    frame = answers(_continue("year-1", "A2", "yes"))
    table = continuation_intention(
        survey_answers=frame, participants=people, plgs=plgs(("G1", "PLG 1"))
    )
    assert _rows(table)[1:] == ["year-1,PLG 1,0,0,1,,", "year-1,all,0,0,1,,"]


def test_continuation_without_answers_is_an_empty_table():
    table = continuation_intention(
        survey_answers=no_answers(),
        participants=participants(("A1", True, "G1")),
        plgs=plgs(("G1", "PLG 1")),
    )
    assert _rows(table) == ["moment,plg,yes,no,missing,pct_yes,plg_intends"]


# --- response-rates ----------------------------------------------------------------------


def test_response_rates_per_moment_and_plg():
    frame = invitations(
        ("baseline", "A1", "G10", True, True),
        ("baseline", "A2", "G10", True, False),
        ("baseline", "B1", "G2", False, False),
        ("baseline", "X1", None, True, True),  # no PLG: counted in "all" only
        ("follow-up", "A1", "G10", False, False),
    )
    table = response_rates(
        invitations=frame, plgs=plgs(("G10", "PLG 10"), ("G2", "PLG 2"), ("G3", "PLG 3"))
    )
    assert _rows(table) == [
        "moment,plg,invited,started,completed",
        "baseline,PLG 2,1,0,0",
        "baseline,PLG 3,0,0,0",
        "baseline,PLG 10,2,2,1",
        "baseline,all,4,3,2",
        "follow-up,PLG 2,0,0,0",
        "follow-up,PLG 3,0,0,0",
        "follow-up,PLG 10,1,0,0",
        "follow-up,all,1,0,0",
    ]


def test_response_rates_without_invitations():
    table = response_rates(invitations=invitations(), plgs=plgs(("G1", "PLG 1")))
    assert _rows(table) == ["moment,plg,invited,started,completed"]


def test_the_three_reports_are_registered_with_their_frames():
    assert REPORTS["prior-plg-experience"].frames == ("survey_answers", "participants")
    assert REPORTS["continuation-intention"].frames == (
        "survey_answers",
        "participants",
        "plgs",
    )
    assert REPORTS["response-rates"].frames == ("invitations", "plgs")
    assert {"survey_answers", "invitations"} <= set(FRAME_LOADERS)
    table = build_report(
        REPORTS["response-rates"],
        {"invitations": invitations(("m", "A1", "G1", True, True)), "plgs": plgs(("G1", "PLG 1"))},
    )
    assert _rows(table)[-1] == "m,all,1,1,1"


# --- the frames, read from the database ----------------------------------------------------


@pytest.fixture
def surveyed(world):
    """Two moments of the world's trajectory: answers, a response in progress, invitations."""
    version = f.InstrumentVersionFactory(instrument__key="eind")
    continue_plg = f.choice_question(version, "continue_plg", Question.Kind.YES_NO, ["yes", "no"])
    roles = f.choice_question(version, "roles", Question.Kind.MULTIPLE, ["a", "b", "c"])
    sessions = f.QuestionFactory(version=version, code="sessions", kind=Question.Kind.NUMBER)
    later = f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="year-2", kind="end_of_year_2", position=3
    )
    earlier = f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="year-1", kind="end_of_year_1", position=2
    )
    submitted = timezone.make_aware(dt.datetime(2022, 5, 10, 10, 0))
    member, other = world.member, world.other_member
    for moment in (later, earlier):
        f.InvitationFactory(
            moment=moment, person=member, started_at=submitted, completed_at=submitted
        )
        f.InvitationFactory(moment=moment, person=other, started_at=submitted)
        response = f.ResponseFactory(
            moment=moment,
            person=member,
            version=version,
            status=Response.Status.SUBMITTED,
            submitted_at=submitted,
        )
        f.AnswerFactory(response=response, question=continue_plg, value="yes")
        f.AnswerFactory(response=response, question=roles, value=["a", "c"])
        f.AnswerFactory(response=response, question=sessions, value=3)
        in_progress = f.ResponseFactory(moment=moment, person=other, version=version)
        f.AnswerFactory(response=in_progress, question=continue_plg, value="no")
    return world


def test_survey_answers_frame_has_the_submitted_answers_in_moment_order(surveyed):
    frame = load_frames(surveyed.trajectory, ["survey_answers"])["survey_answers"]
    assert list(frame.columns) == ANSWER_COLUMNS
    assert frame.values.tolist() == [
        ["year-1", "end_of_year_1", "eind", "continue_plg", surveyed.member.ref, "yes"],
        ["year-1", "end_of_year_1", "eind", "roles", surveyed.member.ref, "a;c"],
        ["year-1", "end_of_year_1", "eind", "sessions", surveyed.member.ref, "3"],
        ["year-2", "end_of_year_2", "eind", "continue_plg", surveyed.member.ref, "yes"],
        ["year-2", "end_of_year_2", "eind", "roles", surveyed.member.ref, "a;c"],
        ["year-2", "end_of_year_2", "eind", "sessions", surveyed.member.ref, "3"],
    ]


def test_invitations_frame_has_progress_and_plg(surveyed):
    unrelated = f.InvitationFactory(moment=MeasurementMoment.objects.get(key="year-1"))
    frame = load_frames(surveyed.trajectory, ["invitations"])["invitations"]
    assert list(frame.columns) == INVITATION_COLUMNS
    rows = {(row.moment, row.person_id): row for row in frame.itertuples()}
    assert len(rows) == 5
    member = rows["year-1", surveyed.member.ref]
    assert (member.plg_id, member.started, member.completed) == (surveyed.plg.ref, True, True)
    other = rows["year-2", surveyed.other_member.ref]
    assert (other.plg_id, other.started, other.completed) == (surveyed.other_plg.ref, True, False)
    assert pd.isna(rows["year-1", unrelated.person.ref].plg_id)
    assert frame["moment"].tolist()[:3] == ["year-1"] * 3


def test_survey_frames_take_one_query_per_table(surveyed, django_assert_num_queries):
    with django_assert_num_queries(3):
        load_frames(surveyed.trajectory, ["survey_answers", "invitations"])


def test_the_reports_from_the_database(surveyed):
    # the other member's "no" is in a response still in progress: it does not count
    frames = load_frames(surveyed.trajectory, ["survey_answers", "participants", "plgs"])
    table = build_report(REPORTS["continuation-intention"], frames)
    rows = _rows(table)
    assert "year-1,PLG 3,1,0,3,100.0,yes" in rows
    assert "year-1,PLG 7,0,0,4,," in rows
    assert rows[1].startswith("year-1,") and rows[-1].startswith("year-2,all,")


def test_empty_trajectory_gives_empty_frames(world):
    frames = load_frames(world.trajectory, ["survey_answers", "invitations"])
    assert (
        frames["survey_answers"].empty and list(frames["survey_answers"].columns) == ANSWER_COLUMNS
    )
    assert frames["invitations"].empty and list(frames["invitations"].columns) == INVITATION_COLUMNS
