"""The layout of a file of responses: which column holds what.

The mapping is checked against the instrument version first; then every column is
matched to a question (one column, or one column per option of a multiple-choice
question), to the identification of the respondents, or to nothing (a problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from leadtogether.surveys.exchange.importing.problems import Problems
from leadtogether.surveys.exchange.mapping import (
    IDENTIFY_BY,
    MappingError,
    OptionColumn,
    ResponseMapping,
    normal,
)
from leadtogether.surveys.exchange.tables import ResponseTable
from leadtogether.surveys.models import InstrumentVersion, Question


@dataclass
class Source:
    """Where the answer to one question comes from: one column, or one column per option."""

    question: Question
    codes: dict[str, str]
    column: int | None = None
    options: list[tuple[int, str]] = field(default_factory=list)

    def first_column(self) -> int:
        return self.column if self.column is not None else self.options[0][0]


@dataclass
class Layout:
    identify_by: str
    identify_name: str
    identify_column: int | None
    sources: dict[int, Source]


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


def check_mapping(
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


def read_layout(
    table: ResponseTable,
    mapping: ResponseMapping,
    questions: list[Question],
    version: InstrumentVersion,
    problems: Problems,
) -> Layout:
    names = {normal(column): index for index, column in enumerate(table.columns) if column}
    if mapping.identify_by is not None:
        identify_by, identify_name = mapping.identify_by, mapping.identify_column
    else:
        identify_by = "person_id" if "person_id" in names else "email"
        identify_name = identify_by
    identify_key = normal(identify_name)
    layout = Layout(identify_by, identify_name, names.get(identify_key), {})
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
            if any(row.cells[index] or index in row.formulas for row in table.rows):
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
            question.pk, Source(question=question, codes=answer_maps.get(question.pk, {}))
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
    source: Source,
    index: int,
    target: str | OptionColumn,
    table: ResponseTable,
    problems: Problems,
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
