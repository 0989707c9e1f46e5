"""Report tables: pure functions from input data frames to one output data frame.

A new table is a module here with a builder taking the input frames as keyword
arguments; it is registered in ``leadtogether.analysis.reports``.
"""

from leadtogether.analysis.tables.continuation import continuation_intention
from leadtogether.analysis.tables.participant_profile import participant_profile
from leadtogether.analysis.tables.plg_overview import plg_overview
from leadtogether.analysis.tables.prior_experience import prior_plg_experience
from leadtogether.analysis.tables.respondents import respondents_by_level_function
from leadtogether.analysis.tables.response_rates import response_rates

__all__ = [
    "continuation_intention",
    "participant_profile",
    "plg_overview",
    "prior_plg_experience",
    "respondents_by_level_function",
    "response_rates",
]
