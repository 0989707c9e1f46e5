"""Reading the rows of a file of responses: each row's answers, checked with
``clean_answer``, and its respondent, matched to an enrolled participant and to the
response they may already have."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from leadtogether.lib.spreadsheets import formula_problem
from leadtogether.surveys.answers import AnswerError, AnswerValue, clean_answer, missing_required
from leadtogether.surveys.exchange.importing.layout import Layout, Source
from leadtogether.surveys.exchange.importing.problems import Problems
from leadtogether.surveys.exchange.mapping import normal
from leadtogether.surveys.exchange.tables import ResponseTable, TableRow
from leadtogether.surveys.models import InstrumentVersion, MeasurementMoment, Question, Response
from leadtogether.trajectories.models import Enrolment

# How a checkbox column (one option of a multiple-choice question) says "chosen" or not;
# compared regardless of case.
CHECKED = frozenset({"1", "y", "yes", "j", "ja", "x", "true"})
UNCHECKED = frozenset({"", "0", "n", "no", "nee", "false"})


def _column_raw(text: str, source: Source, separator: str) -> str | list[str]:
    """The answer in a column, with the mapping's codes; a list for multiple choice."""

    def mapped(item: str) -> str:
        return source.codes.get(normal(item), item)

    if source.question.kind == Question.Kind.MULTIPLE:
        items = (item.strip() for item in text.split(separator))
        return [mapped(item) for item in items if item]
    return mapped(text) if text else text


def _checked(text: str) -> bool:
    value = normal(text)
    if value in CHECKED:
        return True
    if value in UNCHECKED:
        return False
    raise AnswerError(
        _("'%(value)s' is neither checked (%(checked)s) nor unchecked (empty, %(unchecked)s)")
        % {
            "value": text,
            "checked": ", ".join(sorted(CHECKED)),
            "unchecked": ", ".join(sorted(UNCHECKED - {""})),
        }
    )


@dataclass
class Plan:
    person_id: int
    answers: dict[int, AnswerValue]
    existing: Response | None = None


def _options_raw(row: TableRow, source: Source, problems: Problems) -> list[str] | None:
    """The options checked in the source's option columns; None when a cell is unreadable."""
    chosen: list[str] = []
    readable = True
    for index, option in source.options:
        if index in row.formulas:
            problems.add(row.number, index, formula_problem(row.formulas[index]))
            readable = False
            continue
        try:
            if _checked(row.cells[index]):
                chosen.append(option)
        except AnswerError as error:
            problems.add(row.number, index, str(error))
            readable = False
    return chosen if readable else None


def _row_answers(
    row: TableRow,
    layout: Layout,
    questions: list[Question],
    separator: str,
    problems: Problems,
) -> dict[int, AnswerValue]:
    answers: dict[int, AnswerValue] = {}
    failed: set[int] = set()
    for question in questions:
        source = layout.sources.get(question.pk)
        if source is None:
            continue
        if source.column is None:
            raw = _options_raw(row, source, problems)
            if raw is None:
                failed.add(question.pk)
                continue
        elif source.column in row.formulas:
            problems.add(row.number, source.column, formula_problem(row.formulas[source.column]))
            failed.add(question.pk)
            continue
        else:
            raw = _column_raw(row.cells[source.column], source, separator)
        try:
            value = clean_answer(question, raw)
        except AnswerError as error:
            problems.add(row.number, source.first_column(), str(error))
            failed.add(question.pk)
            continue
        if value is not None:
            answers[question.pk] = value
    for question in missing_required(questions, answers):
        source = layout.sources.get(question.pk)
        if question.pk in failed or (source is None and question.show_if_question_id is None):
            continue
        column: int | str = source.first_column() if source is not None else question.code
        problems.add(
            row.number,
            column,
            _("required question '%(code)s' is not answered") % {"code": question.code},
        )
    return answers


def _people(moment: MeasurementMoment, identify_by: str) -> dict[str, int]:
    """The enrolled participants by their e-mail address (lower case) or person id."""
    field_name = "person__email" if identify_by == "email" else "person__ref"
    pairs = Enrolment.objects.filter(trajectory_id=moment.trajectory_id).values_list(
        field_name, "person_id"
    )
    if identify_by == "email":
        return {email.strip().lower(): person for email, person in pairs if email}
    return {ref.strip(): person for ref, person in pairs}


def _same_answers(response: Response, answers: dict[int, AnswerValue]) -> bool:
    stored = {answer.question_id: answer.value for answer in response.answers.all()}
    return stored == answers


def _existing_problem(
    existing: Response, version: InstrumentVersion, answers: dict[int, AnswerValue], respondent: str
) -> str | None:
    """Why the row may not be written over EXISTING, or None when it may (or is the same)."""
    if existing.version_id != version.pk:
        return _(
            "%(respondent)s already has a response to %(version)s at this moment; "
            "it is not overwritten"
        ) % {"respondent": respondent, "version": existing.version}
    if existing.status == Response.Status.IN_PROGRESS:
        return None
    day = timezone.localdate(existing.submitted_at).isoformat()
    if existing.source == Response.Source.LINK:
        return _(
            "%(respondent)s already submitted a response through the personal link on "
            "%(day)s; it is not overwritten"
        ) % {"respondent": respondent, "day": day}
    if not _same_answers(existing, answers):
        return _(
            "%(respondent)s's response was imported on %(day)s with other answers; "
            "it is not overwritten"
        ) % {"respondent": respondent, "day": day}
    return None


def plan_rows(
    table: ResponseTable,
    layout: Layout,
    moment: MeasurementMoment,
    version: InstrumentVersion,
    questions: list[Question],
    separator: str,
    problems: Problems,
) -> tuple[list[Plan], int]:
    """The rows to write, and how many respondents are unchanged."""
    people = _people(moment, layout.identify_by)
    # a response to another version of the instrument counts too (the same version first)
    responses: dict[int, Response] = {}
    for response in (
        Response.objects.filter(moment=moment, version__instrument_id=version.instrument_id)
        .select_related("version__instrument")
        .prefetch_related("answers")
    ):
        if response.person_id not in responses or response.version_id == version.pk:
            responses[response.person_id] = response
    seen: dict[int, int] = {}
    plans: list[Plan] = []
    unchanged = 0
    column = layout.identify_column
    by_email = layout.identify_by == "email"
    for row in table.rows:
        answers = _row_answers(row, layout, questions, separator, problems)
        if column is None:
            continue
        respondent = row.cells[column]
        key = respondent.lower() if by_email else respondent
        person_id = people.get(key)
        if column in row.formulas:
            problems.add(row.number, column, formula_problem(row.formulas[column]))
        elif not respondent:
            problems.add(
                row.number, column, _("no e-mail address") if by_email else _("no person id")
            )
        elif person_id is None:
            problems.add(
                row.number,
                column,
                (
                    _(
                        "unknown respondent '%(respondent)s': no participant enrolled in "
                        "%(trajectory)s has this e-mail address"
                    )
                    if by_email
                    else _(
                        "unknown respondent '%(respondent)s': no participant enrolled in "
                        "%(trajectory)s has this person id"
                    )
                )
                % {"respondent": respondent, "trajectory": moment.trajectory.name},
            )
        elif person_id in seen:
            problems.add(
                row.number,
                column,
                _("respondent '%(respondent)s' is also on row %(row)d")
                % {"respondent": respondent, "row": seen[person_id]},
            )
        else:
            seen[person_id] = row.number
            existing = responses.get(person_id)
            problem = (
                None
                if existing is None
                else _existing_problem(existing, version, answers, respondent)
            )
            if problem is not None:
                problems.add(row.number, column, problem)
            elif existing is not None and existing.status == Response.Status.SUBMITTED:
                unchanged += 1
            else:
                plans.append(Plan(person_id=person_id, answers=answers, existing=existing))
    return plans, unchanged
