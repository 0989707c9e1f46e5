"""The trajectory's records as data frames for the analysis (one query per table)."""

from __future__ import annotations

import pandas as pd

from leadtogether.trajectories.models import PLG, Enrolment, PLGMembership, Trajectory

PARTICIPANT_COLUMNS = ["person_id", "research_consent", "school_id", "level", "function", "plg_id"]
PLG_COLUMNS = ["plg_id", "plg", "partnership_id", "form", "participation", "learning_level"]


def _blank_to_na(series: pd.Series) -> pd.Series:
    return series.astype("string").replace("", pd.NA)


def participants_frame(trajectory: Trajectory) -> pd.DataFrame:
    """One row per enrolled participant: consent, school, level, function and PLG."""
    enrolments = pd.DataFrame.from_records(
        Enrolment.objects.filter(trajectory=trajectory).values_list(
            "person__ref",
            "research_consent",
            "person__school__ref",
            "person__school__level",
            "person__function_category",
        ),
        columns=["person_id", "research_consent", "school_id", "level", "function"],
    )
    memberships = pd.DataFrame.from_records(
        PLGMembership.objects.filter(plg__trajectory=trajectory).values_list(
            "person__ref", "plg__ref"
        ),
        columns=["person_id", "plg_id"],
    ).drop_duplicates("person_id")
    frame = enrolments.merge(memberships, on="person_id", how="left")
    frame["research_consent"] = frame["research_consent"].astype(bool)
    for column in ["person_id", "school_id", "level", "function", "plg_id"]:
        frame[column] = _blank_to_na(frame[column])
    return frame[PARTICIPANT_COLUMNS]


def plgs_frame(trajectory: Trajectory) -> pd.DataFrame:
    """One row per PLG with its partnership's form, participation and learning level."""
    frame = pd.DataFrame.from_records(
        PLG.objects.filter(trajectory=trajectory).values_list(
            "ref",
            "name",
            "partnership__ref",
            "partnership__form",
            "partnership__participation",
            "partnership__learning_level",
        ),
        columns=PLG_COLUMNS,
    )
    for column in ["plg_id", "plg", "partnership_id", "form", "participation"]:
        frame[column] = frame[column].astype("string")
    frame["learning_level"] = frame["learning_level"].astype("Int64")
    return frame
