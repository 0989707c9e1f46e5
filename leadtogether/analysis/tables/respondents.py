"""Table 1: respondents by school level and function, with column percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

LEVELS = ("primary", "secondary")
FUNCTIONS = ("management", "middle")
TOTAL = "total"

COLUMNS = ("level", "function", "n", "column_pct")


def select_respondents(participants: pd.DataFrame) -> pd.DataFrame:
    """The enrolled participants who consented to research use of their data."""
    consent = participants["research_consent"].astype("boolean").fillna(False)
    return participants.loc[consent.to_numpy(dtype=bool)]


def percentage(part: int, whole: int) -> float:
    """part / whole × 100 rounded half up to one decimal; 0.0 when whole is 0."""
    if whole == 0:
        return 0.0
    exact = Decimal(part) * 100 / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _counts(respondents: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Respondents per (level, function), totals included (one crosstab)."""
    level = respondents["level"].astype("string")
    function = respondents["function"].astype("string")
    known = (level.isin(LEVELS).fillna(False) & function.isin(FUNCTIONS).fillna(False)).to_numpy(
        dtype=bool
    )
    table = pd.crosstab(level[known], function[known], margins=True, margins_name=TOTAL)
    table = table.reindex(index=[*LEVELS, TOTAL], columns=[*FUNCTIONS, TOTAL], fill_value=0)
    return {
        (row_level, column_function): int(table.loc[row_level, column_function])
        for row_level in table.index
        for column_function in table.columns
    }


def respondents_by_level_function(participants: pd.DataFrame) -> pd.DataFrame:
    """Table 1: respondents per level (rows) and function (columns), with column %.

    One row per (level, function) pair, levels primary, secondary, total and within each
    the functions management, middle, total. ``column_pct`` is the share of the row's
    count in the total of its function column, rounded half up to one decimal.

    Respondents whose level or function is missing (or not one of the known values) are
    left out of every count, totals included.
    """
    counts = _counts(select_respondents(participants))
    rows = [
        (
            level,
            function,
            counts[level, function],
            percentage(counts[level, function], counts[TOTAL, function]),
        )
        for level in (*LEVELS, TOTAL)
        for function in (*FUNCTIONS, TOTAL)
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.astype(
        {"level": "string", "function": "string", "n": "int64", "column_pct": "float64"}
    )
