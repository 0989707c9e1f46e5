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


def _row(moment: str, plg: str, yes: int, no: int, missing: int, intends: object) -> dict:
    answered = yes + no
    return {
        "moment": moment,
        "plg": plg,
        "yes": yes,
        "no": no,
        "missing": missing,
        "pct_yes": percentage(yes, answered) if answered else pd.NA,
        "plg_intends": intends,
    }


def _intends(yes: int, no: int) -> object:
    if yes + no == 0:
        return pd.NA
    return YES if yes > no else NO


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
    respondents = select_respondents(participants)
    plg_of = dict(
        zip(respondents["person_id"].astype(str), respondents["plg_id"].astype(object), strict=True)
    )
    members: dict[str, list[str]] = {}
    for person_id, plg_id in plg_of.items():
        if not pd.isna(plg_id):
            members.setdefault(str(plg_id), []).append(person_id)
    asked = survey_answers.loc[survey_answers["question"].astype("string").eq(QUESTION)]
    answers = respondent_answers(asked, participants, QUESTION)
    rows = []
    for moment in ordered_moments(asked):
        at_moment = answers.loc[answers["moment"].astype("string").eq(moment)]
        given = {
            str(person): _text(value)
            for person, value in zip(at_moment["person_id"], at_moment["value"], strict=True)
        }
        plg_rows = []
        for plg_id, name in ordered_plgs(plgs):
            people = members.get(plg_id, [])
            yes = sum(1 for person in people if given.get(person) == YES)
            no = sum(1 for person in people if given.get(person) == NO)
            plg_rows.append(_row(moment, name, yes, no, len(people) - yes - no, _intends(yes, no)))
        yes_total = sum(row["yes"] for row in plg_rows)
        no_total = sum(row["no"] for row in plg_rows)
        every = all(_text(row["plg_intends"]) == YES for row in plg_rows)
        intends_all = pd.NA if yes_total + no_total == 0 else (YES if every else NO)
        missing_total = sum(row["missing"] for row in plg_rows)
        rows += plg_rows
        rows.append(_row(moment, ALL_LABEL, yes_total, no_total, missing_total, intends_all))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(_DTYPES)
