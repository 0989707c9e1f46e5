"""Table 3: prior participation in learning communities, asked at the baseline."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.tables.respondents import percentage, select_respondents

QUESTION = "prior_plg_experience"
MOMENT_KIND = "baseline"
# The five answers in the order of Table 3.
ANSWERS = ("none", "limited", "extensive_general", "extensive_in_depth", "intensive")
TOTAL_LABEL = "N"
COLUMNS = ("answer", "n", "pct")


def respondent_answers(
    survey_answers: pd.DataFrame, participants: pd.DataFrame, question: str
) -> pd.DataFrame:
    """The respondents' answers to QUESTION: one row per moment and person.

    A respondent is an enrolled participant with research consent. When a person
    answered the question twice at one moment (two submitted responses), the later row
    of the frame counts.
    """
    respondents = set(select_respondents(participants)["person_id"].dropna().astype(str))
    answers = survey_answers.loc[survey_answers["question"].astype("string").eq(question)]
    answers = answers.loc[answers["person_id"].astype("string").isin(respondents).fillna(False)]
    return answers.drop_duplicates(["moment", "person_id"], keep="last")


def prior_plg_experience(survey_answers: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Table 3: the respondents per answer to ``prior_plg_experience`` at the baseline.

    One row per answer in the order of Table 3, then the row "N" with the number of
    respondents who answered. ``pct`` is the share of those who answered, rounded half
    up to one decimal (the "N" row is 100.0, or 0.0 when nobody answered).

    Only answers given at a moment of kind ``baseline`` count; a respondent who answered
    at more than one baseline moment counts once, with the last answer. Answers other
    than the five of Table 3 are left out of every count.
    """
    at_baseline = survey_answers.loc[
        survey_answers["moment_kind"].astype("string").eq(MOMENT_KIND).fillna(False)
    ]
    answers = respondent_answers(at_baseline, participants, QUESTION)
    answers = answers.drop_duplicates("person_id", keep="last")["value"].astype("string")
    per_answer = answers.value_counts().reindex(list(ANSWERS), fill_value=0)
    counts = {answer: int(n) for answer, n in per_answer.items()}
    total = sum(counts.values())
    rows = [(answer, n, percentage(n, total)) for answer, n in counts.items()]
    rows.append((TOTAL_LABEL, total, percentage(total, total)))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.astype({"answer": "string", "n": "int64", "pct": "float64"})
