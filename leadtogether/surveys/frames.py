"""A trajectory's survey records as data frames for the analysis (one query per table).

Rows come in the order of the measurement moments (their position, then opening date),
so a table that lists moments can keep the order in which they first appear.
"""

from __future__ import annotations

import pandas as pd

from leadtogether.surveys.models import Answer, Invitation, Question, Response
from leadtogether.trajectories.models import PLGMembership, Trajectory

ANSWER_COLUMNS = ["moment", "moment_kind", "instrument", "question", "person_id", "value"]
INVITATION_COLUMNS = ["moment", "person_id", "plg_id", "started", "completed"]


def answer_texts(values: pd.Series, multiple: pd.Series) -> pd.Series:
    """Stored answers as text, column-wise: a list of codes (where MULTIPLE, the rows of
    multiple-choice questions) joined with ";", a number as digits, a text as it is."""
    texts = values.where(~multiple).astype("string")
    if multiple.any():
        texts = texts.mask(multiple, values[multiple].str.join(";").astype("string"))
    return texts


def survey_answers_frame(trajectory: Trajectory) -> pd.DataFrame:
    """One row per answer of a submitted response at one of the trajectory's moments.

    ``moment`` is the moment's key, ``instrument`` the instrument's key, ``question`` the
    question's code (variable name), ``person_id`` the person's ref and ``value`` the
    stored answer as text (see ``answer_texts``). Answers of responses still in progress
    are left out.
    """
    rows = (
        Answer.objects.filter(
            response__moment__trajectory=trajectory,
            response__status=Response.Status.SUBMITTED,
        )
        .order_by(
            "response__moment__position",
            "response__moment__opens_on",
            "response__moment_id",
            "response__person__ref",
            "response__submitted_at",
            "response_id",
            "question__position",
        )
        .values_list(
            "response__moment__key",
            "response__moment__kind",
            "response__version__instrument__key",
            "question__code",
            "response__person__ref",
            "question__kind",
            "value",
        )
    )
    records = pd.DataFrame.from_records(rows, columns=[*ANSWER_COLUMNS[:-1], "kind", "value"])
    frame = records[ANSWER_COLUMNS[:-1]].astype("string")
    frame["value"] = answer_texts(records["value"], records["kind"] == Question.Kind.MULTIPLE)
    return frame


def invitations_frame(trajectory: Trajectory) -> pd.DataFrame:
    """One row per invitation: moment key, person ref, the person's PLG ref and progress.

    ``started`` is true once the person opened the survey (also when completed),
    ``completed`` once the response was submitted. ``plg_id`` is empty for a person
    without a PLG in the trajectory.
    """
    invitations = pd.DataFrame.from_records(
        Invitation.objects.filter(moment__trajectory=trajectory)
        .order_by("moment__position", "moment__opens_on", "moment_id", "person__ref")
        .values_list("moment__key", "person__ref", "started_at", "completed_at"),
        columns=["moment", "person_id", "started_at", "completed_at"],
    )
    invitations["completed"] = invitations["completed_at"].notna()
    invitations["started"] = invitations["started_at"].notna() | invitations["completed"]
    memberships = pd.DataFrame.from_records(
        PLGMembership.objects.filter(plg__trajectory=trajectory)
        .order_by("plg__ref", "person__ref")
        .values_list("person__ref", "plg__ref"),
        columns=["person_id", "plg_id"],
    ).drop_duplicates("person_id")
    frame = invitations.merge(memberships, on="person_id", how="left")
    frame = frame[INVITATION_COLUMNS]
    return frame.astype(
        {
            "moment": "string",
            "person_id": "string",
            "plg_id": "string",
            "started": "bool",
            "completed": "bool",
        }
    )
