"""Reads of the surveys app that span relations (for the organiser and researcher pages).

- ``instruments``: the instruments of a trajectory and what the instrument builder shows;
- ``moments``: the measurement moments with their response rates, and the follow-up of one;
- ``invitations``: a person's own invitations to the moments open now;
- ``responses``: the responses by research code, their answers and corrections.

Every function issues a fixed number of queries, whatever the number of moments,
questions or invitations (annotations, prefetches and grouping in Python).
"""

from leadtogether.surveys.selectors.instruments import (
    Builder,
    InstrumentRow,
    Use,
    VersionRow,
    builder,
    instrument_rows,
    instruments_for,
)
from leadtogether.surveys.selectors.invitations import open_invitations
from leadtogether.surveys.selectors.mailings import Recipients, mailing_recipients, moment_mailings
from leadtogether.surveys.selectors.moments import (
    Counts,
    Followup,
    MomentInstrumentRow,
    Pending,
    followup,
    missing_default_moments,
    moment_instruments,
    moment_status,
    moments_with_counts,
)
from leadtogether.surveys.selectors.responses import (
    CORRECTION_ACTION,
    AnswerRow,
    Correction,
    ResponseList,
    ResponseRow,
    answer_labels,
    answer_rows,
    pseudonymous_response,
    pseudonymous_responses,
    response_corrections,
    response_rows,
)

__all__ = [
    "CORRECTION_ACTION",
    "AnswerRow",
    "Builder",
    "Correction",
    "Counts",
    "Followup",
    "InstrumentRow",
    "MomentInstrumentRow",
    "Pending",
    "Recipients",
    "ResponseList",
    "ResponseRow",
    "Use",
    "VersionRow",
    "answer_labels",
    "answer_rows",
    "builder",
    "followup",
    "instrument_rows",
    "instruments_for",
    "mailing_recipients",
    "missing_default_moments",
    "moment_instruments",
    "moment_mailings",
    "moment_status",
    "moments_with_counts",
    "open_invitations",
    "pseudonymous_response",
    "pseudonymous_responses",
    "response_corrections",
    "response_rows",
]
