"""Checking answers against their question, whichever way they arrive."""

from __future__ import annotations

import pytest

from leadtogether.surveys.answers import AnswerError, clean_answer, is_shown, missing_required
from leadtogether.surveys.models import Question
from tests.surveys import factories as f


@pytest.fixture
def version(db):
    return f.InstrumentVersionFactory()


def test_a_single_choice_keeps_the_code(version, english):
    question = f.choice_question(version, "prior", Question.Kind.SINGLE, ["none", "limited"])
    assert clean_answer(question, " limited ") == "limited"
    with pytest.raises(AnswerError, match="'often' is not one of the answers"):
        clean_answer(question, "often")


def test_a_likert_code_from_a_spreadsheet_cell(version):
    question = f.choice_question(version, "collab", Question.Kind.LIKERT, ["1", "2", "3"])
    assert clean_answer(question, 3.0) == "3"


def test_multiple_choice_keeps_the_options_order(version, english):
    question = f.choice_question(version, "roles", Question.Kind.MULTIPLE, ["a", "b", "c"])
    assert clean_answer(question, "c;a") == ["a", "c"]
    assert clean_answer(question, ["b"]) == ["b"]
    with pytest.raises(AnswerError, match="not among the answers .*: z"):
        clean_answer(question, ["a", "z"])


def test_numbers_within_bounds(version, english):
    question = f.QuestionFactory(
        version=version, kind=Question.Kind.NUMBER, min_value=0, max_value=10
    )
    assert clean_answer(question, "4") == 4
    assert clean_answer(question, 5.0) == 5
    with pytest.raises(AnswerError, match="at most 10"):
        clean_answer(question, "11")
    with pytest.raises(AnswerError, match="not a number"):
        clean_answer(question, "vier")
    with pytest.raises(AnswerError, match="whole number"):
        clean_answer(question, "2,5")


@pytest.mark.parametrize(
    "raw", ["1e300", "-1e300", "1e10", "99999999999999999999999", "1000000000", "-1000000000"]
)
def test_a_number_beyond_a_billion_is_refused_even_without_bounds(version, english, raw):
    question = f.QuestionFactory(version=version, kind=Question.Kind.NUMBER)

    with pytest.raises(AnswerError, match="between -999999999 and 999999999"):
        clean_answer(question, raw)


@pytest.mark.parametrize(
    ("raw", "value"), [("999999999", 999999999), ("-999999999", -999999999), ("1e3", 1000)]
)
def test_a_number_up_to_a_billion_is_kept_exactly(version, raw, value):
    question = f.QuestionFactory(version=version, kind=Question.Kind.NUMBER)

    assert clean_answer(question, raw) == value


def test_blank_is_no_answer(version):
    question = f.QuestionFactory(version=version, kind=Question.Kind.LONG_TEXT)
    assert clean_answer(question, "   ") is None
    assert clean_answer(question, None) is None


def test_a_conditional_question_follows_the_earlier_answer(version):
    earlier = f.choice_question(version, "continue", Question.Kind.YES_NO, ["yes", "no"])
    why_not = f.QuestionFactory(
        version=version,
        code="why_not",
        required=True,
        show_if_question=earlier,
        show_if_values=["no"],
    )
    assert not is_shown(why_not, {})
    assert not is_shown(why_not, {earlier.pk: "yes"})
    assert is_shown(why_not, {earlier.pk: "no"})
    assert missing_required([earlier, why_not], {earlier.pk: "yes"}) == []
    assert missing_required([earlier, why_not], {earlier.pk: "no"}) == [why_not]
