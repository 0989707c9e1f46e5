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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.answers import AnswerError, AnswerValue, clean_answer, missing_required
from leadtogether.surveys.exchange.mapping import (
    IDENTIFY_BY,
    MappingError,
    OptionColumn,
    ResponseMapping,
    normal,
)
from leadtogether.surveys.exchange.tables import ResponseTable, TableRow
from leadtogether.surveys.models import (
    Answer,
    Instrument,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.trajectories.models import Enrolment

# How a checkbox column (one option of a multiple-choice question) says "chosen" or not;
# compared regardless of case.
CHECKED = frozenset({"1", "y", "yes", "j", "ja", "x", "true"})
UNCHECKED = frozenset({"", "0", "n", "no", "nee", "false"})

# problems about a whole row, and required questions without a column, sort after its cells
_END = 1_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: ROW is the spreadsheet row (the header is row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.row}, {self.column}: {self.message}"


class ImportInvalid(Exception):
    """Nothing was imported; PROBLEMS says why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class ImportSummary:
    created: int
    replaced: int
    unchanged: int


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


# the layout of the file: which column holds what


@dataclass
class _Source:
    """Where the answer to one question comes from: one column, or one column per option."""

    question: Question
    codes: dict[str, str]
    column: int | None = None
    options: list[tuple[int, str]] = field(default_factory=list)

    def first_column(self) -> int:
        return self.column if self.column is not None else self.options[0][0]


@dataclass
class _Layout:
    identify_by: str
    identify_name: str
    identify_column: int | None
    sources: dict[int, _Source]


class _Problems:
    """Problems sorted as a person reads the file: by row, then by column."""

    def __init__(self, table: ResponseTable) -> None:
        self.table = table
        self.items: list[tuple[int, int, Problem]] = []

    def add(self, row: int, column: int | str, message: str) -> None:
        """COLUMN is a column index, or a name for a column that is not in the file."""
        if isinstance(column, int):
            name = self.table.columns[column] or self.table.letter(column)
            order = column
        else:
            name, order = column, _END
        self.items.append((row, order, Problem(row, name, message)))

    def sorted(self) -> list[Problem]:
        return [problem for _, _, problem in sorted(self.items, key=lambda item: item[:2])]


def _questions_by_code(questions: list[Question]) -> dict[str, Question]:
    return {normal(question.code): question for question in questions}


def _answer_maps(mapping: ResponseMapping, questions: list[Question]) -> dict[int, dict[str, str]]:
    """The mapping's external answers → answer codes, by question id."""
    by_code = _questions_by_code(questions)
    return {
        by_code[normal(code)].pk: codes
        for code, codes in mapping.answers.items()
        if normal(code) in by_code
    }


def _check_mapping(
    mapping: ResponseMapping, questions: list[Question], version: InstrumentVersion
) -> None:
    """Every question and answer code that the mapping names exists in VERSION."""
    by_code = _questions_by_code(questions)
    label = f"{version.instrument.key} v{version.number}"
    messages = []

    for key, target in mapping.columns.items():
        column = mapping.column_names[key]
        code = target.question if isinstance(target, OptionColumn) else target
        question = by_code.get(normal(code))
        if question is None:
            messages.append(
                _("columns, %(column)s: '%(code)s' is not a question of %(version)s")
                % {"column": column, "code": code, "version": label}
            )
        elif isinstance(target, OptionColumn):
            if question.kind != Question.Kind.MULTIPLE:
                messages.append(
                    _("columns, %(column)s: '%(code)s' is not a multiple-choice question")
                    % {"column": column, "code": code}
                )
            elif target.option not in _codes(question):
                messages.append(
                    _("columns, %(column)s: '%(option)s' is not an option of %(code)s (%(codes)s)")
                    % {
                        "column": column,
                        "option": target.option,
                        "code": code,
                        "codes": ", ".join(_codes(question)),
                    }
                )
    for code, answers in mapping.answers.items():
        question = by_code.get(normal(code))
        if question is None:
            messages.append(
                _("answers: '%(code)s' is not a question of %(version)s")
                % {"code": code, "version": label}
            )
            continue
        if not question.has_choices:
            continue
        wrong = sorted({value for value in answers.values() if value not in _codes(question)})
        if wrong:
            messages.append(
                _("answers, %(code)s: not among the answer codes (%(codes)s): %(wrong)s")
                % {"code": code, "codes": ", ".join(_codes(question)), "wrong": ", ".join(wrong)}
            )
    if messages:
        raise MappingError(messages)


def _codes(question: Question) -> list[str]:
    return [choice.code for choice in question.choices.all()]


def _layout(
    table: ResponseTable,
    mapping: ResponseMapping,
    questions: list[Question],
    version: InstrumentVersion,
    problems: _Problems,
) -> _Layout:
    names = {normal(column): index for index, column in enumerate(table.columns) if column}
    if mapping.identify_by is not None:
        identify_by, identify_name = mapping.identify_by, mapping.identify_column
    else:
        identify_by = "person_id" if "person_id" in names else "email"
        identify_name = identify_by
    identify_key = normal(identify_name)
    layout = _Layout(identify_by, identify_name, names.get(identify_key), {})
    if layout.identify_column is None:
        if mapping.identify_by is not None:
            problems.add(
                1,
                identify_name,
                _("the identification column is missing (respondents are matched by %(by)s)")
                % {"by": _identify_label(identify_by)},
            )
        else:
            problems.add(
                1,
                identify_name,
                _(
                    "no column identifies the respondents: add a column email or person_id, "
                    "or name one in the mapping"
                ),
            )
    # without a mapping, a file with both person_id and email is matched on person_id
    known = {identify_key} | (set(IDENTIFY_BY) if mapping.identify_by is None else set())
    by_code = _questions_by_code(questions)
    answer_maps = _answer_maps(mapping, questions)
    seen: dict[str, int] = {}
    for index, column in enumerate(table.columns):
        key = normal(column)
        if not key:
            if any(row.cells[index] for row in table.rows):
                problems.add(1, index, _("a column without a name holds answers"))
            continue
        if key in seen:
            problems.add(
                1,
                index,
                _("the column appears twice (also column %(letter)s)")
                % {"letter": table.letter(seen[key])},
            )
            continue
        seen[key] = index
        if key in known or key in mapping.ignore:
            continue
        target = mapping.columns.get(key, by_code[key].code if key in by_code else None)
        if target is None:
            problems.add(
                1,
                index,
                _(
                    "unknown column: not a question of %(version)s, not the identification "
                    "column and not ignored in the mapping"
                )
                % {"version": f"{version.instrument.key} v{version.number}"},
            )
            continue
        question = by_code[normal(target.question if isinstance(target, OptionColumn) else target)]
        source = layout.sources.setdefault(
            question.pk, _Source(question=question, codes=answer_maps.get(question.pk, {}))
        )
        _add_source(source, index, target, table, problems)
    for question in questions:
        if (
            question.required
            and question.pk not in layout.sources
            and question.show_if_question_id is None
        ):
            problems.add(1, question.code, _("no column holds this required question"))
    return layout


def _add_source(
    source: _Source,
    index: int,
    target: str | OptionColumn,
    table: ResponseTable,
    problems: _Problems,
) -> None:
    question = source.question
    taken = source.column is not None or (
        not isinstance(target, OptionColumn) and bool(source.options)
    )
    if taken:
        problems.add(
            1,
            index,
            _("question '%(code)s' already comes from column '%(column)s'")
            % {"code": question.code, "column": table.columns[source.first_column()]},
        )
    elif isinstance(target, OptionColumn):
        source.options.append((index, target.option))
    else:
        source.column = index


def _identify_label(identify_by: str) -> str:
    return _("e-mail address") if identify_by == "email" else _("person id")


# reading the rows


def _column_raw(text: str, source: _Source, separator: str) -> str | list[str]:
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
class _Plan:
    person_id: int
    answers: dict[int, AnswerValue]
    existing: Response | None = None


def _options_raw(row: TableRow, source: _Source, problems: _Problems) -> list[str] | None:
    """The options checked in the source's option columns; None when a cell is unreadable."""
    chosen: list[str] = []
    readable = True
    for index, option in source.options:
        try:
            if _checked(row.cells[index]):
                chosen.append(option)
        except AnswerError as error:
            problems.add(row.number, index, str(error))
            readable = False
    return chosen if readable else None


def _row_answers(
    row: TableRow,
    layout: _Layout,
    questions: list[Question],
    separator: str,
    problems: _Problems,
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


def _plans(
    table: ResponseTable,
    layout: _Layout,
    moment: MeasurementMoment,
    version: InstrumentVersion,
    questions: list[Question],
    separator: str,
    problems: _Problems,
) -> tuple[list[_Plan], int]:
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
    plans: list[_Plan] = []
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
        if not respondent:
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
                plans.append(_Plan(person_id=person_id, answers=answers, existing=existing))
    return plans, unchanged


def _invitations_mark(
    moment: MeasurementMoment, invitations: dict[int, Invitation], now: dt.datetime
) -> None:
    """Mark the invitations started; completed when every instrument of the moment is."""
    asked = set(moment.moment_instruments.values_list("version_id", flat=True))
    submitted: dict[int, set[int]] = {}
    for person_id, version_id in Response.objects.filter(
        moment=moment, person_id__in=list(invitations), status=Response.Status.SUBMITTED
    ).values_list("person_id", "version_id"):
        submitted.setdefault(person_id, set()).add(version_id)
    for person_id, invitation in invitations.items():
        invitation.started_at = invitation.started_at or now
        if asked <= submitted.get(person_id, set()):
            invitation.completed_at = invitation.completed_at or now
    Invitation.objects.bulk_update(invitations.values(), ["started_at", "completed_at"])


def _write(
    *,
    actor: User | None,
    moment: MeasurementMoment,
    version: InstrumentVersion,
    plans: list[_Plan],
    source_name: str,
    unchanged: int,
) -> ImportSummary:
    now = timezone.now()
    invitations = {
        invitation.person_id: invitation
        for invitation in Invitation.objects.filter(
            moment=moment, person_id__in=[plan.person_id for plan in plans]
        )
    }
    replaced = [plan.existing for plan in plans if plan.existing is not None]
    for response in replaced:
        response.status = Response.Status.SUBMITTED
        response.source = Response.Source.IMPORT
        response.submitted_at = now
        response.updated_at = now
        response.invitation = response.invitation or invitations.get(response.person_id)
    Answer.objects.filter(response__in=replaced).delete()
    Response.objects.bulk_update(
        replaced, ["status", "source", "submitted_at", "invitation", "updated_at"]
    )
    created = Response.objects.bulk_create(
        Response(
            moment=moment,
            person_id=plan.person_id,
            version=version,
            invitation=invitations.get(plan.person_id),
            status=Response.Status.SUBMITTED,
            source=Response.Source.IMPORT,
            submitted_at=now,
        )
        for plan in plans
        if plan.existing is None
    )
    responses = {response.person_id: response for response in [*replaced, *created]}
    Answer.objects.bulk_create(
        Answer(response=responses[plan.person_id], question_id=question_id, value=value)
        for plan in plans
        for question_id, value in plan.answers.items()
    )
    _invitations_mark(moment, invitations, now)
    summary = ImportSummary(created=len(created), replaced=len(replaced), unchanged=unchanged)
    if plans:
        audit_record(
            actor=actor,
            action="responses_import",
            obj=moment,
            detail={
                "file": source_name,
                "instrument": version.instrument.key,
                "version": version.number,
                "created": summary.created,
                "replaced": summary.replaced,
                "unchanged": summary.unchanged,
            },
        )
    return summary


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
    _check_mapping(mapping, questions, version)
    problems = _Problems(table)
    layout = _layout(table, mapping, questions, version, problems)
    plans, unchanged = _plans(
        table, layout, moment, version, questions, mapping.separator, problems
    )
    if problems.items:
        raise ImportInvalid(problems.sorted())
    return _write(
        actor=actor,
        moment=moment,
        version=version,
        plans=plans,
        source_name=table.name,
        unchanged=unchanged,
    )
