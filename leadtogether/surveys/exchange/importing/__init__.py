"""Import the responses collected with another survey tool: all rows, or nothing.

Every row is one respondent: an enrolled participant of the trajectory, found by e-mail
address or person id. Every cell is mapped (see ``mapping``) and checked with
``clean_answer``, the same check as answers given through the personal link. Only when
no row has a problem are the responses written: per respondent one submitted response
(source "import") with its answers, and one audit entry for the whole import. The
respondent's personal link is marked as started, and as completed once every instrument
that the moment asks has a submitted response (as when answering through the link).

Importing the same file again changes nothing: a respondent whose imported response has
exactly the same answers is left as it is. A respondent whose response was submitted
through the personal link, or imported before with other answers, is a problem; such a
response is never overwritten. A response still in progress through the link is
replaced by the imported one.

- ``problems``: what is wrong in a file, and ``ImportInvalid``;
- ``layout``: which column holds what (the mapping checked against the version);
- ``rows``: each row's answers and respondent, and what to write for it;
- ``writing``: the responses, answers, personal links and audit entry written.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.lib.db import statistics_refresh
from leadtogether.surveys.exchange.importing.layout import check_mapping, read_layout
from leadtogether.surveys.exchange.importing.problems import ImportInvalid, Problem, Problems
from leadtogether.surveys.exchange.importing.rows import CHECKED, UNCHECKED, plan_rows
from leadtogether.surveys.exchange.importing.writing import ImportSummary, write_responses
from leadtogether.surveys.exchange.mapping import ResponseMapping
from leadtogether.surveys.exchange.tables import ResponseTable
from leadtogether.surveys.models import Instrument, InstrumentVersion, MeasurementMoment, Question

__all__ = [
    "CHECKED",
    "UNCHECKED",
    "ImportInvalid",
    "ImportSummary",
    "Problem",
    "moment_version",
    "responses_import",
]


def moment_version(*, moment: MeasurementMoment, instrument: Instrument) -> InstrumentVersion:
    """The version of INSTRUMENT that MOMENT asks, else the instrument's latest version.

    Raises InstrumentVersion.DoesNotExist when the instrument has no version.
    """
    attached = (
        InstrumentVersion.objects.filter(instrument=instrument, moment_instruments__moment=moment)
        .order_by("-number")
        .first()
    )
    if attached is not None:
        return attached
    return InstrumentVersion.objects.filter(instrument=instrument).latest("number")


@transaction.atomic
def responses_import(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    version: InstrumentVersion,
    table: ResponseTable,
    mapping: ResponseMapping | None = None,
) -> ImportSummary:
    """Import the responses in TABLE to VERSION at MOMENT, all rows or none.

    Raises MappingError when the mapping names questions or codes that VERSION lacks, and
    ImportInvalid with every problem in the file (nothing is written then).
    """
    mapping = mapping or ResponseMapping()
    questions = list(
        Question.objects.filter(version=version).prefetch_related("choices").order_by("position")
    )
    check_mapping(mapping, questions, version)
    problems = Problems(table)
    layout = read_layout(table, mapping, questions, version, problems)
    plans, unchanged = plan_rows(
        table, layout, moment, version, questions, mapping.separator, problems
    )
    if problems.items:
        raise ImportInvalid(problems.sorted())
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: statistics_refresh(filled=True))
            return write_responses(
                actor=actor,
                moment=moment,
                version=version,
                plans=plans,
                source_name=table.name,
                unchanged=unchanged,
            )
    except IntegrityError:
        # a respondent submitted through the personal link while the file was read
        raise ImportInvalid(
            [
                Problem(
                    1,
                    "*",
                    _(
                        "a respondent submitted through the personal link during the import; "
                        "nothing was imported, import the file again"
                    ),
                )
            ]
        ) from None
