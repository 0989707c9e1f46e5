"""Building a registered report for one trajectory."""

from __future__ import annotations

import pandas as pd

from leadtogether.analysis.loaders import load_frames
from leadtogether.analysis.reports import Report, build_report
from leadtogether.trajectories.models import Trajectory


def report_table(report: Report, trajectory: Trajectory) -> pd.DataFrame:
    """The table of REPORT computed from TRAJECTORY's records."""
    return build_report(report, load_frames(trajectory, report.frames))
