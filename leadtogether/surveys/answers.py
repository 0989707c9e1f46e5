"""What counts as a valid answer to a question, and which questions are shown.

Shared by the personal-link pages, the import of external responses and the researcher's
corrections, so an answer is checked the same way whichever way it arrives.

Stored values: single choice, Likert and yes/no → the choice code (str); multiple choice →
a list of choice codes in the order of the options; number → int; text → str.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from leadtogether.surveys.models import Question

AnswerValue = str | int | list[str]

# A number answer is a whole number of at most nine digits, with or without a minus
# sign: exact in every export (SPSS stores numbers as doubles) and in every database.
NUMBER_LIMIT = 999_999_999


class AnswerError(ValueError):
    """An answer that does not fit its question; the message says why."""


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | set):
        return all(_is_blank(item) for item in raw)
    return False


def choice_codes(question: Question) -> list[str]:
    """The codes of the question's options, in order (uses prefetched choices)."""
    return [choice.code for choice in question.choices.all()]


def clean_answer(question: Question, raw: Any) -> AnswerValue | None:
    """The value to store for RAW, or None when nothing was answered.

    Raises AnswerError when RAW is not a possible answer to QUESTION.
    """
    if _is_blank(raw):
        return None
    kind = question.kind
    if kind == Question.Kind.MULTIPLE:
        return _clean_multiple(question, raw)
    if kind in Question.CHOICE_KINDS:
        return _clean_single(question, raw)
    if kind == Question.Kind.NUMBER:
        return _clean_number(question, raw)
    text = str(raw).strip()
    if kind == Question.Kind.SHORT_TEXT and len(text) > 500:
        raise AnswerError(_("at most 500 characters"))
    return text


def _clean_single(question: Question, raw: Any) -> str:
    if isinstance(raw, list | tuple):
        if len(raw) != 1:
            raise AnswerError(_("choose one answer"))
        raw = raw[0]
    code = _code_text(raw)
    codes = choice_codes(question)
    if code not in codes:
        raise AnswerError(
            _("'%(code)s' is not one of the answers (%(codes)s)")
            % {"code": code, "codes": ", ".join(codes)}
        )
    return code


def _clean_multiple(question: Question, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list | tuple | set) else str(raw).split(";")
    chosen = {_code_text(item) for item in items if not _is_blank(item)}
    codes = choice_codes(question)
    unknown = sorted(chosen - set(codes))
    if unknown:
        raise AnswerError(
            _("not among the answers (%(codes)s): %(unknown)s")
            % {"codes": ", ".join(codes), "unknown": ", ".join(unknown)}
        )
    return [code for code in codes if code in chosen]


def _code_text(raw: Any) -> str:
    """A choice code as text; 3.0 from a spreadsheet cell becomes "3"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _clean_number(question: Question, raw: Any) -> int:
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise AnswerError(_("not a number: '%(value)s'") % {"value": raw}) from None
    if not number.is_finite():
        raise AnswerError(_("not a number: '%(value)s'") % {"value": raw})
    if abs(number) > NUMBER_LIMIT:
        raise AnswerError(
            _("a number between %(min)s and %(max)s is expected")
            % {"min": -NUMBER_LIMIT, "max": NUMBER_LIMIT}
        )
    if number != number.to_integral_value():
        raise AnswerError(_("a whole number is expected: '%(value)s'") % {"value": raw})
    value = int(number)
    if question.min_value is not None and value < question.min_value:
        raise AnswerError(_("at least %(min)s") % {"min": question.min_value})
    if question.max_value is not None and value > question.max_value:
        raise AnswerError(_("at most %(max)s") % {"max": question.max_value})
    return value


def is_shown(question: Question, answers: Mapping[int, AnswerValue]) -> bool:
    """Whether QUESTION is shown, given the answers so far (by question id).

    A conditional question is shown when the earlier question's answer is one of
    ``show_if_values`` (for a multiple-choice question: when any chosen code is).
    """
    if question.show_if_question_id is None:
        return True
    earlier = answers.get(question.show_if_question_id)
    if earlier is None:
        return False
    wanted = {str(value) for value in question.show_if_values}
    given = earlier if isinstance(earlier, list) else [earlier]
    return any(str(value) in wanted for value in given)


def missing_required(
    questions: Iterable[Question], answers: Mapping[int, AnswerValue]
) -> list[Question]:
    """The required questions that are shown but not answered."""
    return [
        question
        for question in questions
        if question.required and is_shown(question, answers) and answers.get(question.pk) is None
    ]
