"""How far the invited participants got with each survey, per moment and PLG."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.continuation import ALL_LABEL, ordered_moments, ordered_plgs

COLUMNS = ("moment", "plg", "invited", "started", "completed")
COUNTS = ["invited", "started", "completed"]

_DTYPES = {
    "moment": "string",
    "plg": "string",
    "invited": "int64",
    "started": "int64",
    "completed": "int64",
}


def _progress(invitations: pd.DataFrame) -> pd.DataFrame:
    """One row per invitation: moment, PLG id and 0/1 for invited, started, completed."""
    return pd.DataFrame(
        {
            "moment": invitations["moment"].astype("string"),
            "plg_id": invitations["plg_id"].astype("string"),
            "invited": 1,
            "started": invitations["started"].astype("boolean").fillna(False).astype("int64"),
            "completed": invitations["completed"].astype("boolean").fillna(False).astype("int64"),
        }
    )


def response_rates(invitations: pd.DataFrame, plgs: pd.DataFrame) -> pd.DataFrame:
    """Per moment (in the order of the invitations frame) and PLG (natural name order).

    ``invited`` counts the invitations, ``started`` those whose survey was opened
    (completed ones included) and ``completed`` those whose response was submitted.
    Every invited person counts, with or without research consent. A PLG without
    invitations at a moment is listed with zeros. The moment's last row, ``plg`` "all",
    counts every invitation of the moment, also of people outside the listed PLGs.
    """
    moments = ordered_moments(invitations)
    listed = ordered_plgs(plgs)
    progress = _progress(invitations)
    per_plg = progress.groupby(["moment", "plg_id"])[COUNTS].sum()
    per_moment = progress.groupby("moment")[COUNTS].sum()
    grid = pd.MultiIndex.from_product(
        [moments, [plg_id for plg_id, _ in listed]], names=["moment", "plg_id"]
    )
    plg_rows = per_plg.reindex(grid, fill_value=0).reset_index(drop=True)
    plg_rows.insert(0, "moment", [moment for moment in moments for _ in listed])
    plg_rows.insert(1, "plg", [name for _ in moments for _, name in listed])
    plg_rows["order"] = list(range(len(listed))) * len(moments)
    all_rows = per_moment.reindex(moments, fill_value=0).reset_index(drop=True)
    all_rows.insert(0, "moment", moments)
    all_rows.insert(1, "plg", ALL_LABEL)
    all_rows["order"] = len(listed)
    table = pd.concat([plg_rows, all_rows], ignore_index=True)
    table["position"] = table["moment"].map({m: i for i, m in enumerate(moments)})
    table = table.sort_values(["position", "order"], kind="stable")
    return table[list(COLUMNS)].reset_index(drop=True).astype(_DTYPES)
