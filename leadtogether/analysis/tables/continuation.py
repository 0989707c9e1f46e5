"""The wish to continue the PLG after the trajectory, per moment and PLG (study, 5.2)."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.prior_experience import respondent_answers
from leadtogether.analysis.tables.respondents import percentage, select_respondents
from leadtogether.lib.tables import natural_key

QUESTION = "continue_plg"
YES, NO = "yes", "no"
ALL_LABEL = "all"
COLUMNS = ("moment", "plg", "yes", "no", "missing", "pct_yes", "plg_intends")

_DTYPES = {
    "moment": "string",
    "plg": "string",
    "yes": "Int64",
    "no": "Int64",
    "missing": "Int64",
    "pct_yes": "Float64",
    "plg_intends": "string",
}


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value)


def ordered_plgs(plgs: pd.DataFrame) -> list[tuple[str, str]]:
    """(plg_id, name) of every PLG in natural order of the name (then of the id)."""
    pairs = [
        (_text(plg_id), _text(name))
        for plg_id, name in zip(plgs["plg_id"], plgs["plg"], strict=True)
    ]
    return sorted(pairs, key=lambda pair: (natural_key(pair[1]), pair[0]))


def ordered_moments(frame: pd.DataFrame) -> list[str]:
    """The moment keys of FRAME in the order in which they first appear."""
    return [str(moment) for moment in frame["moment"].dropna().astype(str).unique()]


def _pct_yes(yes: int, no: int) -> object:
    return percentage(yes, yes + no) if yes + no else pd.NA


def _intends(yes: int, no: int) -> object:
    if yes + no == 0:
        return pd.NA
    return YES if yes > no else NO


def _members(participants: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent in a PLG: person and PLG id as text."""
    respondents = select_respondents(participants)
    people = pd.DataFrame(
        {
            "person": respondents["person_id"].astype(str).to_numpy(),
            "plg_id": respondents["plg_id"].astype(object).to_numpy(),
        }
    ).drop_duplicates("person", keep="last")
    people = people.loc[people["plg_id"].notna().to_numpy(dtype=bool)]
    return people.assign(plg_id=people["plg_id"].astype(str))


def _votes(answers: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Yes and no per moment and PLG among the members' answers."""
    given = pd.DataFrame(
        {
            "moment": answers["moment"].astype("string").to_numpy(),
            "person": answers["person_id"].astype(str).to_numpy(),
            "value": answers["value"].map(_text).to_numpy(),
        }
    ).drop_duplicates(["moment", "person"], keep="last")
    joined = given.merge(members, on="person")
    joined["yes"] = joined["value"].eq(YES).astype("int64")
    joined["no"] = joined["value"].eq(NO).astype("int64")
    return joined.groupby(["moment", "plg_id"])[["yes", "no"]].sum()


def continuation_intention(
    survey_answers: pd.DataFrame, participants: pd.DataFrame, plgs: pd.DataFrame
) -> pd.DataFrame:
    """Per moment that asked ``continue_plg`` and per PLG: the respondents' yes and no.

    Moments are those with at least one answer to the question, in the order of the
    answers frame (the order of the moments). Within a moment one row per PLG in natural
    order of its name: ``yes`` and ``no`` count the PLG's respondents (enrolled with
    research consent) by their answer, ``missing`` the PLG's respondents without a yes
    or no at that moment, ``pct_yes`` is yes / (yes + no) rounded half up to one decimal
    and ``plg_intends`` is "yes" when more respondents answered yes than no, "no"
    otherwise (a tie is "no"); both are empty when none of the PLG's respondents
    answered.

    The moment's last row, ``plg`` "all", adds up the PLG rows (respondents outside the
    listed PLGs are left out, as in Table 2); its ``plg_intends`` is "yes" when every
    PLG's is "yes" (a PLG where nobody answered does not intend), "no" otherwise, and
    empty when nobody answered at all.
    """
    members = _members(participants)
    asked = survey_answers.loc[survey_answers["question"].astype("string").eq(QUESTION)]
    answers = respondent_answers(asked, participants, QUESTION)
    moments = ordered_moments(asked)
    listed = ordered_plgs(plgs)
    plg_ids = [plg_id for plg_id, _ in listed]
    grid = pd.MultiIndex.from_product([moments, plg_ids], names=["moment", "plg_id"])
    plg_rows = _votes(answers, members).reindex(grid, fill_value=0).reset_index(drop=True)
    sizes = members.groupby("plg_id").size().reindex(plg_ids, fill_value=0).to_list()
    plg_rows.insert(0, "moment", [moment for moment in moments for _ in listed])
    plg_rows.insert(1, "plg", [name for _ in moments for _, name in listed])
    plg_rows["missing"] = sizes * len(moments) - plg_rows["yes"] - plg_rows["no"]
    plg_rows["plg_intends"] = [
        _intends(yes, no) for yes, no in zip(plg_rows["yes"], plg_rows["no"], strict=True)
    ]
    plg_rows["order"] = list(range(len(listed))) * len(moments)
    every = plg_rows["plg_intends"].map(lambda intends: _text(intends) == YES)
    totals = plg_rows.groupby("moment")[["yes", "no", "missing"]].sum()
    totals = totals.reindex(moments, fill_value=0).reset_index(drop=True)
    totals["every"] = (
        every.groupby(plg_rows["moment"]).all().reindex(moments, fill_value=True).to_numpy()
    )
    totals.insert(0, "moment", moments)
    totals.insert(1, "plg", ALL_LABEL)
    totals["plg_intends"] = [
        pd.NA if yes + no == 0 else (YES if every else NO)
        for yes, no, every in zip(totals["yes"], totals["no"], totals["every"], strict=True)
    ]
    totals["order"] = len(listed)
    table = pd.concat([plg_rows, totals.drop(columns="every")], ignore_index=True)
    table["pct_yes"] = [
        _pct_yes(yes, no) for yes, no in zip(table["yes"], table["no"], strict=True)
    ]
    table["position"] = table["moment"].map({moment: i for i, moment in enumerate(moments)})
    table = table.sort_values(["position", "order"], kind="stable")
    return table[list(COLUMNS)].reset_index(drop=True).astype(_DTYPES)
