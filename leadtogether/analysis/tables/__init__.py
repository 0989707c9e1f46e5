"""Report tables: pure functions from input data frames to one output data frame.

A new table is a module here with a builder taking the input frames as keyword
arguments; it is registered in ``leadtogether.analysis.reports``.
"""

from leadtogether.analysis.tables.participant_profile import participant_profile
from leadtogether.analysis.tables.plg_overview import plg_overview
from leadtogether.analysis.tables.respondents import respondents_by_level_function

__all__ = ["participant_profile", "plg_overview", "respondents_by_level_function"]
