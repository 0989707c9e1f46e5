"""Table 2: the PLGs of a trajectory with their respondents, schools and partnership."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.respondents import LEVELS, select_respondents
from leadtogether.lib.tables import natural_key

COLUMNS = (
    "plg",
    "participants",
    "schools",
    "level",
    "form",
    "participation",
    "learning_level",
)
TOTAL_LABEL = "N"
MIXED = "mixed"

_DTYPES = {
    "plg": "string",
    "participants": "Int64",
    "schools": "Int64",
    "level": "string",
    "form": "string",
    "participation": "string",
    "learning_level": "Int64",
}


def _level_of(levels: pd.Series) -> str:
    """The shared level of a group of respondents, "mixed" for both, "" for none."""
    present = set(levels.dropna()) & set(LEVELS)
    if len(present) > 1:
        return MIXED
    return present.pop() if present else ""


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value)


def _total_row(members: pd.DataFrame) -> dict[str, object]:
    return {
        "plg": TOTAL_LABEL,
        "participants": len(members),
        "schools": members["school_id"].dropna().nunique(),
        "level": "",
        "form": "",
        "participation": "",
        "learning_level": pd.NA,
    }


def plg_overview(participants: pd.DataFrame, plgs: pd.DataFrame) -> pd.DataFrame:
    """Table 2: one row per PLG in natural order of its name, then the total row "N".

    ``participants`` counts the respondents in the PLG and ``schools`` their distinct
    schools (respondents without a school count as participants only). ``level`` is
    primary or secondary when all those respondents share it, "mixed" when both occur
    and empty when there are none. PLGs without respondents are listed with 0 and 0.

    The total row counts the respondents of the listed PLGs and their distinct schools;
    respondents outside these PLGs (no PLG, or a PLG not in ``plgs``) are left out.
    """
    respondents = select_respondents(participants).astype({"plg_id": "string"})
    plg_ids = plgs["plg_id"].astype("string")
    in_listed_plgs = respondents.loc[respondents["plg_id"].isin(plg_ids).fillna(False)]
    per_plg = in_listed_plgs.groupby("plg_id").agg(
        participants=("person_id", "size"),
        schools=("school_id", "nunique"),
        level=("level", _level_of),
    )
    order = sorted(
        range(len(plgs)),
        key=lambda i: (natural_key(_text(plgs["plg"].iloc[i])), str(plgs["plg_id"].iloc[i])),
    )
    listed = plgs.iloc[order]
    found = per_plg.reindex(listed["plg_id"].astype("string"))
    table = pd.DataFrame(
        {
            "plg": listed["plg"].map(_text).to_numpy(),
            "participants": found["participants"].fillna(0).to_numpy(),
            "schools": found["schools"].fillna(0).to_numpy(),
            "level": found["level"].fillna("").to_numpy(),
            "form": listed["form"].map(_text).to_numpy(),
            "participation": listed["participation"].map(_text).to_numpy(),
            "learning_level": listed["learning_level"].to_numpy(),
        },
        columns=list(COLUMNS),
    )
    total = pd.DataFrame([_total_row(in_listed_plgs)], columns=list(COLUMNS))
    return pd.concat([table.astype(_DTYPES), total.astype(_DTYPES)], ignore_index=True)
