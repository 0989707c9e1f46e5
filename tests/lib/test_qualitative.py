import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from leadtogether.lib import qualitative as q


def _units(ratings: dict[str, dict[str, list[int]]]) -> pd.DataFrame:
    """{code: {coder: [0/1 per unit]}} as a units frame."""
    rows = []
    for code, by_coder in ratings.items():
        for coder, values in by_coder.items():
            for index, present in enumerate(values):
                rows.append((f"T1:{index}", "T1", "R001", code, coder, present))
    return pd.DataFrame(rows, columns=list(q.UNIT_COLUMNS))


def test_two_coders_match_the_libraries():
    a = [1, 1, 0, 0, 1, 0, 0, 0, 1, 0]
    b = [1, 0, 0, 0, 1, 0, 1, 0, 1, 0]
    table = q.coder_agreement(_units({"X": {"ann": a, "bob": b}}))
    row = table.iloc[0]
    assert row["code_path"] == "X"
    assert row["coders"] == 2 and row["units"] == 10
    assert row["pct_agreement"] == pytest.approx(80.0)
    assert row["kappa"] == pytest.approx(cohen_kappa_score(a, b))
    assert row["alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    )
    assert list(table.columns) == list(q.AGREEMENT_COLUMNS)
    assert table.iloc[-1]["code_path"] == "overall"


def test_overall_pools_codes_as_units():
    x = {"ann": [1, 0, 1, 0], "bob": [1, 0, 0, 0]}
    y = {"ann": [0, 0, 1, 1], "bob": [0, 1, 1, 1]}
    table = q.coder_agreement(_units({"X": x, "Y": y}))
    overall = table.iloc[-1]
    assert overall["units"] == 8
    assert overall["pct_agreement"] == pytest.approx(75.0)
    pooled_a = [1, 0, 0, 0, 1, 1, 0, 1]  # units ordered T1:0..3 with X,Y per unit
    pooled_b = [1, 0, 0, 1, 0, 1, 0, 1]
    assert overall["kappa"] == pytest.approx(cohen_kappa_score(pooled_a, pooled_b))


def test_three_coders_have_alpha_but_no_kappa():
    table = q.coder_agreement(
        _units({"X": {"a": [1, 0, 1, 0], "b": [1, 0, 1, 1], "c": [1, 0, 0, 0]}})
    )
    row = table.iloc[0]
    assert row["coders"] == 3
    assert math.isnan(row["kappa"])
    assert row["pct_agreement"] == pytest.approx(50.0)
    expected = krippendorff.alpha(
        reliability_data=np.array([[1, 0, 1, 0], [1, 0, 1, 1], [1, 0, 0, 0]]),
        level_of_measurement="nominal",
    )
    assert row["alpha"] == pytest.approx(expected)


def test_no_variation_leaves_kappa_and_alpha_missing():
    row = q.coder_agreement(_units({"X": {"a": [0, 0, 0], "b": [0, 0, 0]}})).iloc[0]
    assert row["pct_agreement"] == 100.0
    assert math.isnan(row["kappa"]) and math.isnan(row["alpha"])


def test_disagreements_and_prevalence():
    units = _units({"X": {"ann": [1, 0, 1, 0], "bob": [1, 0, 0, 0]}})
    listed = q.disagreements(units)
    assert listed.to_dict("records") == [
        {
            "unit": "T1:2",
            "transcript": "T1",
            "respondent": "R001",
            "code_path": "X",
            "coders": "ann",
        }
    ]
    assert q.prevalence(units).iloc[0]["prevalence"] == pytest.approx(37.5)


def _codings() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("year-2", "A", "R001", "T1", 1, "ann", "primary"),
            ("year-2", "A", "R001", "T1", 2, "ann", "primary"),
            ("year-2", "A", "R002", "T2", 3, "ann", "secondary"),
            ("year-2", "B", "R002", "T2", 3, "ann", "secondary"),
            ("follow-up", "A", "R001", "T3", 4, "ann", "primary"),
        ],
        columns=["moment", "code_path", "respondent", "transcript", "segment", "coder", "level"],
    )


def test_code_frequencies_count_respondents_and_segments():
    table = q.code_frequencies(_codings(), codes=[("year-2", "C")])
    assert table.to_dict("records") == [
        {"moment": "year-2", "code_path": "C", "respondents": 0, "segments": 0},
        {"moment": "year-2", "code_path": "A", "respondents": 2, "segments": 3},
        {"moment": "year-2", "code_path": "B", "respondents": 1, "segments": 1},
        {"moment": "follow-up", "code_path": "A", "respondents": 1, "segments": 1},
    ]


def test_code_by_group_and_co_occurrence():
    matrix = q.code_by_group(_codings(), "level")
    assert matrix.loc["A", "primary"] == 1 and matrix.loc["A", "secondary"] == 1
    assert matrix.loc["B", "primary"] == 0
    together = q.co_occurrence(_codings())
    assert together.loc["A", "B"] == 1 and together.loc["A", "A"] == 2
