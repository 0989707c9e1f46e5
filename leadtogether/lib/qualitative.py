"""Counting and agreement of qualitative codings: pure functions over data frames.

Two frames go in:

- *codings*: one row per coding, columns ``moment``, ``code_path``, ``respondent``,
  ``transcript``, ``segment``, ``coder`` (and any group columns such as ``level``,
  ``plg``, ``form``). A coding of a duo interview counts for each respondent of that
  segment's turn: the loader writes one row per respondent.
- *units*: the unit matrix of an agreement check, one row per unit × code × coder with
  columns ``unit``, ``transcript``, ``respondent``, ``code_path``, ``coder`` and
  ``present`` (0/1) — the same as ``leadtogether coding units`` writes.

Agreement follows the usual definitions: percent agreement is the share of units on
which all coders agree (for two coders, the share of units with the same value);
Cohen's kappa (scikit-learn) only for exactly two coders; Krippendorff's alpha
(``krippendorff``, nominal) for any number of coders. Where a statistic is undefined
(one coder, or every unit the same value so there is no variation to agree on) it is
missing (NaN), never a made-up number. The ``overall`` row pools every unit × code
pair as one unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

OVERALL = "overall"
AGREEMENT_COLUMNS = ("code_path", "coders", "units", "pct_agreement", "kappa", "alpha")
UNIT_COLUMNS = ("unit", "transcript", "respondent", "code_path", "coder", "present")


def percent_agreement(matrix: np.ndarray) -> float:
    """Share (0–100) of columns (units) on which every row (coder) has the same value."""
    if matrix.size == 0:
        return math.nan
    same = (matrix == matrix[0]).all(axis=0)
    return float(same.mean() * 100)


def cohen_kappa(first: np.ndarray, second: np.ndarray) -> float:
    """Cohen's kappa of two coders' 0/1 ratings (scikit-learn); NaN without variation."""
    from sklearn.metrics import cohen_kappa_score

    if len(first) == 0 or len(set(first.tolist()) | set(second.tolist())) < 2:
        return math.nan
    return float(cohen_kappa_score(first, second))


def krippendorff_alpha(matrix: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) of a coders × units matrix; NaN without variation."""
    import krippendorff

    values = matrix[~np.isnan(matrix)] if matrix.dtype.kind == "f" else matrix.ravel()
    if matrix.shape[0] < 2 or len(np.unique(values)) < 2:
        return math.nan
    return float(
        krippendorff.alpha(reliability_data=matrix.astype(float), level_of_measurement="nominal")
    )


def _coder_matrix(units: pd.DataFrame) -> pd.DataFrame:
    """Coders (rows) × (unit, code) columns of 0/1, only units every coder rated."""
    table = units.pivot_table(
        index="coder", columns=["unit", "code_path"], values="present", aggfunc="max"
    )
    return table.dropna(axis=1, how="any").astype(int)


def _row(code_path: str, matrix: pd.DataFrame) -> dict[str, object]:
    values = matrix.to_numpy()
    coders = values.shape[0]
    return {
        "code_path": code_path,
        "coders": coders,
        "units": values.shape[1],
        "pct_agreement": percent_agreement(values) if coders >= 2 else math.nan,
        "kappa": cohen_kappa(values[0], values[1]) if coders == 2 else math.nan,
        "alpha": krippendorff_alpha(values) if coders >= 2 else math.nan,
    }


def coder_agreement(units: pd.DataFrame) -> pd.DataFrame:
    """Per code (in the order the units frame lists them) and overall: coders, units,
    percent agreement, Cohen's kappa and Krippendorff's alpha.

    A unit counts for a code when every coder of the check rated it (each coder has a
    row for it); ``units`` is that number, ``coders`` the number of coders.
    """
    if units.empty:
        return pd.DataFrame(
            [_row(OVERALL, pd.DataFrame(np.zeros((0, 0))))], columns=list(AGREEMENT_COLUMNS)
        )
    frame = units.assign(present=units["present"].astype(int))
    matrix = _coder_matrix(frame)
    rows = []
    for code_path in pd.unique(frame["code_path"]):
        if code_path in matrix.columns.get_level_values("code_path"):
            rows.append(_row(code_path, matrix.xs(code_path, axis=1, level="code_path")))
        else:
            rows.append(_row(code_path, pd.DataFrame(np.zeros((0, 0)))))
    rows.append(_row(OVERALL, matrix))
    table = pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
    return table.astype({"coders": "int64", "units": "int64"})


def prevalence(units: pd.DataFrame) -> pd.DataFrame:
    """Per code the share (0–100) of unit ratings in which the code is present: kappa
    is low for rare codes even when coders agree on nearly every unit."""
    if units.empty:
        return pd.DataFrame(columns=["code_path", "prevalence"])
    shares = units.groupby("code_path", sort=False)["present"].mean() * 100
    return shares.rename("prevalence").reset_index()


def disagreements(units: pd.DataFrame) -> pd.DataFrame:
    """The unit × code pairs the coders rated differently, with who saw the code."""
    if units.empty:
        return pd.DataFrame(columns=["unit", "transcript", "respondent", "code_path", "coders"])
    keys = ["unit", "transcript", "respondent", "code_path"]
    grouped = units.groupby(keys, sort=False)["present"]
    split = grouped.transform("min") != grouped.transform("max")
    differing = units[split & (units["present"].astype(int) == 1)]
    return (
        differing.groupby(keys, sort=False)["coder"]
        .agg(lambda coders: ", ".join(sorted(coders)))
        .rename("coders")
        .reset_index()
    )


# Counts


def code_frequencies(codings: pd.DataFrame, codes: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """Per moment and code the distinct respondents mentioning it (n) and the segments.

    CODES lists (moment, code_path) pairs to show even without codings (with zeros).
    Rows are ordered by moment (first appearance), then code path in the order given by
    CODES, then the order of the codings.
    """
    columns = ["moment", "code_path", "respondents", "segments"]
    if codings.empty:
        counted = pd.DataFrame(columns=columns)
    else:
        grouped = codings.groupby(["moment", "code_path"], sort=False)
        counted = pd.DataFrame(
            {
                "respondents": grouped["respondent"].nunique(),
                "segments": grouped["segment"].nunique(),
            }
        ).reset_index()
    wanted = pd.DataFrame(list(codes), columns=["moment", "code_path"])
    table = pd.concat([wanted, counted[["moment", "code_path"]]], ignore_index=True)
    table = table.drop_duplicates(["moment", "code_path"]).reset_index(drop=True)
    table = table.merge(counted, on=["moment", "code_path"], how="left")
    table[["respondents", "segments"]] = table[["respondents", "segments"]].fillna(0)
    return table[columns].astype(
        {"moment": "string", "code_path": "string", "respondents": "int64", "segments": "int64"}
    )


def code_by_group(codings: pd.DataFrame, group: str) -> pd.DataFrame:
    """A code × group matrix of distinct respondents (codes as rows, groups as columns)."""
    if codings.empty or group not in codings:
        return pd.DataFrame()
    present = codings.dropna(subset=[group])
    table = present.groupby(["code_path", group])["respondent"].nunique().unstack(fill_value=0)
    return table.astype("int64")


def co_occurrence(codings: pd.DataFrame, by: str = "respondent") -> pd.DataFrame:
    """Code × code matrix: the number of BY values (respondents, transcripts or segments)
    in which both codes occur; the diagonal is the code's own count."""
    if codings.empty:
        return pd.DataFrame()
    incidence = pd.crosstab(codings[by], codings["code_path"]).clip(upper=1)
    return incidence.T.dot(incidence).astype("int64")
