"""The profile of all enrolled participants, as the study reports it in its text.

The study describes the 149 leaders who started (not only the respondents): their level,
their function and how many enrolled together with a colleague of their own school.
"""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.respondents import FUNCTIONS, LEVELS, percentage

COLUMNS = ("group", "value", "n", "pct")


def _counts(series: pd.Series, values: tuple[str, ...]) -> list[tuple[str, int]]:
    """How often each of VALUES occurs in SERIES, in the order of VALUES."""
    counts = series.astype("string").value_counts().reindex(list(values), fill_value=0)
    return [(str(value), int(n)) for value, n in counts.items()]


def _with_colleague(participants: pd.DataFrame) -> int:
    """Participants with at least one other enrolled participant at their school."""
    schools = participants["school_id"].dropna()
    per_school = schools.map(schools.value_counts())
    return int((per_school > 1).sum())


def participant_profile(participants: pd.DataFrame) -> pd.DataFrame:
    """Enrolled participants by level, by function and by enrolling with a colleague.

    ``pct`` is the share of all enrolled participants, rounded half up to one decimal;
    participants with a missing level or function count in the total only.
    """
    total = len(participants)
    with_colleague = _with_colleague(participants)
    rows: list[tuple[str, str, int]] = [("participants", "total", total)]
    rows += [("level", level, n) for level, n in _counts(participants["level"], LEVELS)]
    rows += [
        ("function", function, n) for function, n in _counts(participants["function"], FUNCTIONS)
    ]
    rows += [
        ("colleague", "with_colleague", with_colleague),
        ("colleague", "without_colleague", total - with_colleague),
    ]
    frame = pd.DataFrame(
        [(group, value, n, percentage(n, total)) for group, value, n in rows],
        columns=list(COLUMNS),
    )
    return frame.astype({"group": "string", "value": "string", "n": "Int64", "pct": "Float64"})
