"""Every report counted with grouped operations: small frames, and the same data ten times."""

from __future__ import annotations

import pandas as pd
import pytest

from leadtogether.analysis.reports import REPORTS, build_report
from leadtogether.analysis.tables import (
    continuation_intention,
    participant_profile,
    plg_overview,
    prior_plg_experience,
    respondents_by_level_function,
    response_rates,
)
from leadtogether.lib.tables import render_csv
from leadtogether.surveys.frames import ANSWER_COLUMNS, INVITATION_COLUMNS
from leadtogether.trajectories.frames import PARTICIPANT_COLUMNS, PLG_COLUMNS

COPIES = 10


def participants() -> pd.DataFrame:
    rows = [
        ("A1", True, "S1", "primary", "management", "G1"),
        ("A2", True, "S1", "primary", "middle", "G1"),
        ("A3", False, "S2", "primary", "middle", "G1"),
        ("B1", True, "S3", "secondary", "management", "G2"),
        ("B2", True, "S4", "secondary", None, "G2"),
        ("B3", True, "S4", "primary", "middle", "G2"),
        ("X1", True, "S5", "secondary", "middle", None),
    ]
    return pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS).astype(
        {"research_consent": "bool", "level": "string", "function": "string"}
    )


def plgs() -> pd.DataFrame:
    rows = [
        ("G2", "PLG 10", "SV2", "A+", "full", 3),
        ("G1", "PLG 9", "SV1", "A", "partial", 2),
        ("G3", "PLG 11", "SV3", "B", "", 1),
    ]
    return pd.DataFrame(rows, columns=PLG_COLUMNS).astype({"learning_level": "Int64"})


def survey_answers() -> pd.DataFrame:
    rows = [
        ("base", "baseline", "prior_plg_experience", "A1", "none"),
        ("base", "baseline", "prior_plg_experience", "A2", "limited"),
        ("base", "baseline", "prior_plg_experience", "B1", "none"),
        ("base", "baseline", "prior_plg_experience", "A3", "none"),
        ("base", "baseline", "continue_plg", "A1", "yes"),
        ("base", "baseline", "continue_plg", "B1", "no"),
        ("base", "baseline", "continue_plg", "B2", "yes"),
        ("end", "end_of_year_1", "continue_plg", "A1", "yes"),
        ("end", "end_of_year_1", "continue_plg", "A2", "yes"),
        ("end", "end_of_year_1", "continue_plg", "X1", "no"),
    ]
    return pd.DataFrame(
        [
            (moment, kind, "i", question, person, value)
            for moment, kind, question, person, value in rows
        ],
        columns=ANSWER_COLUMNS,
    ).astype("string")


def invitations() -> pd.DataFrame:
    rows = [
        ("base", "A1", "G1", True, True),
        ("base", "A2", "G1", True, False),
        ("base", "B1", "G2", False, False),
        ("base", "X1", None, True, True),
        ("end", "A1", "G1", True, True),
        ("end", "B3", "G2", True, False),
    ]
    return pd.DataFrame(rows, columns=INVITATION_COLUMNS)


def frames() -> dict[str, pd.DataFrame]:
    return {
        "participants": participants(),
        "plgs": plgs(),
        "survey_answers": survey_answers(),
        "invitations": invitations(),
    }


def _copy(frame: pd.DataFrame, copy: int) -> pd.DataFrame:
    """FRAME with its people and schools renamed for copy number COPY."""
    renamed = frame.copy()
    for column in ("person_id", "school_id"):
        if column in renamed:
            renamed[column] = renamed[column].astype("string") + f"-{copy}"
    return renamed


def scaled(copies: int) -> dict[str, pd.DataFrame]:
    """The frames with every person COPIES times (distinct ids), PLGs and moments as they are."""
    base = frames()
    return {
        name: frame
        if name == "plgs"
        else pd.concat([_copy(frame, copy) for copy in range(copies)], ignore_index=True)
        for name, frame in base.items()
    }


def _csv(table: pd.DataFrame) -> list[str]:
    return render_csv(table).splitlines()


# --- each table on a small frame -----------------------------------------------------------


def test_response_rates_count_each_moment_and_plg_once():
    table = response_rates(invitations=invitations(), plgs=plgs())
    assert _csv(table) == [
        "moment,plg,invited,started,completed",
        "base,PLG 9,2,2,1",
        "base,PLG 10,1,0,0",
        "base,PLG 11,0,0,0",
        "base,all,4,3,2",
        "end,PLG 9,1,1,1",
        "end,PLG 10,1,1,0",
        "end,PLG 11,0,0,0",
        "end,all,2,2,1",
    ]


def test_continuation_counts_the_members_of_each_plg():
    table = continuation_intention(
        survey_answers=survey_answers(), participants=participants(), plgs=plgs()
    )
    assert _csv(table) == [
        "moment,plg,yes,no,missing,pct_yes,plg_intends",
        "base,PLG 9,1,0,1,100.0,yes",
        "base,PLG 10,1,1,1,50.0,no",
        "base,PLG 11,0,0,0,,",
        "base,all,2,1,2,66.7,no",
        "end,PLG 9,2,0,0,100.0,yes",
        "end,PLG 10,0,0,3,,",
        "end,PLG 11,0,0,0,,",
        "end,all,2,0,3,100.0,no",
    ]


def test_respondents_table_counts_known_levels_and_functions():
    table = respondents_by_level_function(participants())
    assert table["n"].tolist() == [1, 2, 3, 1, 1, 2, 2, 3, 5]
    assert table["column_pct"].tolist() == [50.0, 66.7, 60.0, 50.0, 33.3, 40.0, 100.0, 100.0, 100.0]


def test_plg_overview_groups_respondents_by_plg():
    table = plg_overview(participants(), plgs())
    assert _csv(table) == [
        "plg,participants,schools,level,form,participation,learning_level",
        "PLG 9,2,1,primary,A,partial,2",
        "PLG 10,3,2,mixed,A+,full,3",
        "PLG 11,0,0,,B,,1",
        "N,5,3,,,,",
    ]


def test_participant_profile_counts_every_participant():
    table = participant_profile(participants())
    assert table["n"].tolist() == [7, 4, 3, 2, 4, 4, 3]


def test_prior_experience_counts_the_baseline_answers():
    table = prior_plg_experience(survey_answers=survey_answers(), participants=participants())
    assert table["n"].tolist() == [2, 1, 0, 0, 0, 3]


# --- every report on ten times the data ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_a_report_on_ten_times_the_people_counts_ten_times_with_equal_shares(name):
    report = REPORTS[name]
    once = build_report(report, frames())
    tenfold = build_report(report, scaled(COPIES))

    assert list(tenfold.columns) == list(once.columns)
    assert len(tenfold) == len(once)
    for column in once.columns:
        if pd.api.types.is_integer_dtype(once[column]):
            expected = once[column] * COPIES
            if column == "learning_level":
                expected = once[column]
            assert tenfold[column].tolist() == expected.tolist(), column
        else:
            assert tenfold[column].astype(object).fillna("").tolist() == (
                once[column].astype(object).fillna("").tolist()
            ), column
