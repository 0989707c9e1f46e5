"""The answer options of choice questions: checked, cleaned, stored and replaced."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import Question
from leadtogether.surveys.services.choices import (
    ChoiceData,
    check_choices,
    choices_set,
    clean_choices,
    store_choices,
)
from tests.surveys import factories as f

Kind = Question.Kind
AB = [ChoiceData("a", "A", "A"), ChoiceData("b", "B", "B")]


def test_two_options_with_codes_and_dutch_labels_are_fine():
    assert check_choices("Q1", Kind.SINGLE, AB) == []


def test_a_choice_question_needs_two_options():
    assert check_choices("Q1", Kind.SINGLE, AB[:1]) == ["Q1: give at least two answer options."]


def test_a_yes_no_question_has_exactly_yes_and_no():
    errors = check_choices("Q1", Kind.YES_NO, [ChoiceData("yes", "ja"), ChoiceData("maybe", "?")])
    assert errors == ["Q1: a yes/no question has exactly the options yes and no."]


def test_a_code_with_a_space_or_slash_is_refused_with_its_place():
    errors = check_choices("Q1", Kind.SINGLE, [ChoiceData("a b", "A"), ChoiceData("c/d", "C")])
    assert [error.split(":")[0] for error in errors] == ["Q1, option 1", "Q1, option 2"]


def test_a_code_used_twice_is_named():
    errors = check_choices("Q1", Kind.LIKERT, [ChoiceData("1", "een"), ChoiceData("1", "twee")])
    assert errors == ["Q1, option 2: code '1' is used twice."]


def test_an_option_needs_a_dutch_label():
    errors = check_choices("Q1", Kind.SINGLE, [ChoiceData("a", " "), ChoiceData("b", "B")])
    assert errors == ["Q1, option 1: the Dutch label is missing."]


def test_a_label_has_at_most_300_characters():
    errors = check_choices("Q1", Kind.SINGLE, [ChoiceData("a", "A", "x" * 301), AB[1]])
    assert errors == ["Q1, option 1: a label has at most 300 characters."]


def test_cleaning_strips_codes_and_labels_and_fills_the_english_label():
    assert clean_choices([ChoiceData(" a ", " Ja ", None)]) == [ChoiceData("a", "Ja", "")]


def test_storing_replaces_the_options_in_the_order_given(db):
    question = f.choice_question(f.InstrumentVersionFactory(), "role", Kind.SINGLE, ["x", "y"])
    store_choices(question, [AB[1], AB[0]])
    assert list(question.choices.values_list("position", "code")) == [(1, "b"), (2, "a")]


def test_setting_options_replaces_them_and_audits_the_codes(db):
    question = f.choice_question(f.InstrumentVersionFactory(), "role", Kind.SINGLE, ["x", "y"])
    choices_set(actor=None, question=question, choices=AB)
    assert list(question.choices.values_list("code", flat=True)) == ["a", "b"]
    entry = AuditEntry.objects.get(action="choices_set")
    assert entry.detail == {"version": 1, "codes": ["a", "b"]}


def test_a_text_question_gets_no_options(db):
    question = f.QuestionFactory(kind=Kind.SHORT_TEXT)
    with pytest.raises(ValidationError) as refused:
        choices_set(actor=None, question=question, choices=AB)
    assert refused.value.message_dict == {"choices": ["Only choice questions have answer options."]}
    assert not question.choices.exists()


def test_refused_options_leave_the_old_ones(db):
    question = f.choice_question(f.InstrumentVersionFactory(), "role", Kind.SINGLE, ["x", "y"])
    with pytest.raises(ValidationError):
        choices_set(actor=None, question=question, choices=AB[:1])
    assert list(question.choices.values_list("code", flat=True)) == ["x", "y"]
    assert not AuditEntry.objects.exists()


def test_options_of_an_answered_version_change_in_a_new_version(db):
    question = f.choice_question(f.InstrumentVersionFactory(), "role", Kind.SINGLE, ["x", "y"])
    f.AnswerFactory(question=question, value="x")
    choices_set(actor=None, question=question, choices=AB)
    assert list(question.choices.values_list("code", flat=True)) == ["x", "y"]
    copy = Question.objects.get(version__number=2, code="role")
    assert list(copy.choices.values_list("code", flat=True)) == ["a", "b"]
