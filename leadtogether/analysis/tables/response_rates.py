"""How far the invited participants got with each survey, per moment and PLG."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.continuation import ALL_LABEL, ordered_moments, ordered_plgs

COLUMNS = ("moment", "plg", "invited", "started", "completed")


def _counts(invitations: pd.DataFrame) -> tuple[int, int, int]:
    started = invitations["started"].astype("boolean").fillna(False)
    completed = invitations["completed"].astype("boolean").fillna(False)
    return len(invitations), int(started.sum()), int(completed.sum())


def response_rates(invitations: pd.DataFrame, plgs: pd.DataFrame) -> pd.DataFrame:
    """Per moment (in the order of the invitations frame) and PLG (natural name order).

    ``invited`` counts the invitations, ``started`` those whose survey was opened
    (completed ones included) and ``completed`` those whose response was submitted.
    Every invited person counts, with or without research consent. A PLG without
    invitations at a moment is listed with zeros. The moment's last row, ``plg`` "all",
    counts every invitation of the moment, also of people outside the listed PLGs.
    """
    plg_ids = invitations["plg_id"].astype("string")
    moments = invitations["moment"].astype("string")
    rows = []
    for moment in ordered_moments(invitations):
        at_moment = moments.eq(moment).fillna(False)
        for plg_id, name in ordered_plgs(plgs):
            in_plg = at_moment & plg_ids.eq(plg_id).fillna(False)
            rows.append((moment, name, *_counts(invitations.loc[in_plg.to_numpy(dtype=bool)])))
        rows.append((moment, ALL_LABEL, *_counts(invitations.loc[at_moment.to_numpy(dtype=bool)])))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.astype(
        {
            "moment": "string",
            "plg": "string",
            "invited": "int64",
            "started": "int64",
            "completed": "int64",
        }
    )
