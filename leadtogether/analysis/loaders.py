"""Where each input frame of the reports comes from.

The analysis itself is pure (``tables``, ``reports``); this module is the glue that asks
the apps for their records as data frames, one query per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from leadtogether.surveys import frames as survey_frames
from leadtogether.trajectories import frames as trajectory_frames
from leadtogether.trajectories.models import Trajectory

FrameLoader = Callable[[Trajectory], pd.DataFrame]

FRAME_LOADERS: dict[str, FrameLoader] = {
    "participants": trajectory_frames.participants_frame,
    "plgs": trajectory_frames.plgs_frame,
    "survey_answers": survey_frames.survey_answers_frame,
    "invitations": survey_frames.invitations_frame,
}


def load_frames(trajectory: Trajectory, names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The named input frames of TRAJECTORY."""
    return {name: FRAME_LOADERS[name](trajectory) for name in names}
