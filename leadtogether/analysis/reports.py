"""The registry of reports: every report has the same shape and is built the same way.

To add a report, write its table builder in ``leadtogether.analysis.tables`` and add a
``Report`` entry to ``REPORTS`` (copy an existing one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext_lazy as _

from leadtogether.analysis.tables import (
    continuation_intention,
    participant_profile,
    plg_overview,
    prior_plg_experience,
    respondents_by_level_function,
    response_rates,
)


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    frames: tuple[str, ...]
    build: Callable[..., pd.DataFrame]


class UnknownReport(KeyError):
    """Raised for a report name that is not registered."""

    def __str__(self) -> str:
        # KeyError would show the message with quotes around it
        return str(self.args[0]) if self.args else ""


class MissingFrames(ValueError):
    """Raised when a report is built without all the input frames it needs."""


def _register(*reports: Report) -> dict[str, Report]:
    return {report.name: report for report in reports}


REPORTS: dict[str, Report] = _register(
    Report(
        name="respondents-by-level-function",
        title=_("Respondents by level and function (Table 1)"),
        description=_(
            "Number of respondents per school level and function, with the share of each "
            "function column, from the trajectory's enrolments with research consent."
        ),
        frames=("participants",),
        build=respondents_by_level_function,
    ),
    Report(
        name="plg-overview",
        title=_("PLGs at the start of the trajectory (Table 2)"),
        description=_(
            "Per PLG the respondents, their schools and level, and the partnership's form, "
            "participation and collective-learning level, from the trajectory's PLGs and "
            "enrolments with research consent."
        ),
        frames=("participants", "plgs"),
        build=plg_overview,
    ),
    Report(
        name="participant-profile",
        title=_("Enrolled participants by level, function and colleague"),
        description=_(
            "All enrolled participants (with or without research consent) by school level, "
            "by function and by whether a colleague of their school enrolled too."
        ),
        frames=("participants",),
        build=participant_profile,
    ),
    Report(
        name="prior-plg-experience",
        title=_("Prior participation in learning communities (Table 3)"),
        description=_(
            "Respondents per answer to the baseline question on earlier participation in "
            "learning communities, with the share of those who answered."
        ),
        frames=("survey_answers", "participants"),
        build=prior_plg_experience,
    ),
    Report(
        name="continuation-intention",
        title=_("Wish to continue the PLG after the trajectory"),
        description=_(
            "Per measurement moment and PLG the respondents who wish to continue the PLG "
            "after the trajectory (yes/no), and whether most of the PLG's respondents do."
        ),
        frames=("survey_answers", "participants", "plgs"),
        build=continuation_intention,
    ),
    Report(
        name="response-rates",
        title=_("Survey response per moment and PLG"),
        description=_(
            "Per measurement moment and PLG the invited participants (with or without "
            "research consent) and how many started and completed the survey."
        ),
        frames=("invitations", "plgs"),
        build=response_rates,
    ),
)


def get_report(name: str) -> Report:
    """The registered report with this name."""
    try:
        return REPORTS[name]
    except KeyError:
        known = ", ".join(sorted(REPORTS))
        raise UnknownReport(f"Unknown report {name!r}; known reports: {known}.") from None


def build_report(report: Report, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Build the report's table from the input frames it names (extra frames are ignored)."""
    missing = [name for name in report.frames if name not in frames]
    if missing:
        raise MissingFrames(f"Report {report.name!r} needs the input frames {', '.join(missing)}.")
    return report.build(**{name: frames[name] for name in report.frames})
