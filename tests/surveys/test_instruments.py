"""The instrument builder's services: questions, options, conditions and versions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import (
    Answer,
    Choice,
    Instrument,
    InstrumentVersion,
    MomentInstrument,
    Question,
    Response,
)
from leadtogether.surveys.services.instruments import (
    ChoiceData,
    QuestionFields,
    choices_set,
    instrument_create,
    question_add,
    question_delete,
    question_move,
    question_update,
    version_for_change,
)
from tests.surveys import factories as f

Kind = Question.Kind
LIKERT = [
    ChoiceData("1", "helemaal oneens", "strongly disagree"),
    ChoiceData("2", "oneens", "disagree"),
    ChoiceData("3", "eens", "agree"),
    ChoiceData("4", "helemaal eens", "strongly agree"),
]


@pytest.fixture
def instrument(db) -> Instrument:
    return instrument_create(actor=None, key="baseline-survey", name_nl="Beginmeting")


def add(instrument, code, kind=Kind.SHORT_TEXT, choices=None, **fields) -> Question:
    return question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(code=code, kind=kind, text_nl=f"Vraag {code}?", **fields),
        choices=choices,
    )


def codes(instrument, number=None) -> list[str]:
    version = (
        instrument.versions.get(number=number)
        if number
        else instrument.versions.order_by("-number").first()
    )
    return list(version.questions.order_by("position").values_list("code", flat=True))


def answer(question: Question, moment, value="x") -> Answer:
    response = f.ResponseFactory(moment=moment, version=question.version)
    return f.AnswerFactory(response=response, question=question, value=value)


def test_a_new_instrument_has_an_empty_first_version(instrument):
    assert list(instrument.versions.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="instrument_create").count() == 1


def test_questions_are_added_at_the_end_with_their_options(instrument):
    add(instrument, "function", Kind.SHORT_TEXT, required=True)
    collab = add(instrument, "collaboration", Kind.LIKERT, choices=LIKERT)
    assert codes(instrument) == ["function", "collaboration"]
    assert collab.position == 2
    assert [(c.code, c.label_en) for c in collab.choices.order_by("position")][:2] == [
        ("1", "strongly disagree"),
        ("2", "disagree"),
    ]


def test_a_yes_no_question_gets_its_options_by_itself(instrument):
    question = add(instrument, "continue_plg", Kind.YES_NO)
    assert [(c.code, c.label_nl) for c in question.choices.order_by("position")] == [
        ("yes", "ja"),
        ("no", "nee"),
    ]


@pytest.mark.parametrize("code", ["1st", "prior plg", "prior-plg", "", "x" * 61])
def test_a_variable_name_must_be_valid(instrument, code):
    with pytest.raises(ValidationError) as error:
        add(instrument, code)
    assert "start with a letter" in str(error.value.message_dict["code"])
    assert not Question.objects.exists()


def test_a_variable_name_is_unique_in_a_version(instrument):
    add(instrument, "function")
    with pytest.raises(ValidationError) as error:
        add(instrument, "function")
    assert error.value.message_dict["code"] == [
        "'function' is already the variable name of question 1."
    ]
    assert codes(instrument) == ["function"]


def test_choice_codes_are_unique_and_at_least_two(instrument):
    twice = [ChoiceData("a", "A"), ChoiceData("a", "B")]
    with pytest.raises(ValidationError, match="option 2: code 'a' is used twice"):
        add(instrument, "role", Kind.SINGLE, choices=twice)
    with pytest.raises(ValidationError, match="give at least two answer options"):
        add(instrument, "role", Kind.SINGLE, choices=[ChoiceData("a", "A")])
    with pytest.raises(ValidationError, match="the Dutch label is missing"):
        add(instrument, "role", Kind.SINGLE, choices=[ChoiceData("a", ""), ChoiceData("b", "B")])
    assert not Question.objects.exists()
    assert not Choice.objects.exists()


def test_a_condition_refers_to_an_earlier_choice_question_and_its_codes(instrument):
    add(instrument, "continue_plg", Kind.YES_NO)
    add(instrument, "comment", Kind.LONG_TEXT)
    why = add(instrument, "why_not", Kind.LONG_TEXT, show_if="continue_plg", show_if_values=("no",))
    assert why.show_if_question.code == "continue_plg"
    assert why.show_if_values == ["no"]

    with pytest.raises(ValidationError) as error:
        add(instrument, "later", show_if="continue_plg", show_if_values=("maybe",))
    assert error.value.message_dict["show_if_values"] == [
        "Not among the answers of 'continue_plg' (yes, no): maybe"
    ]
    with pytest.raises(ValidationError, match="has no answer options to depend on"):
        add(instrument, "later", show_if="comment", show_if_values=("x",))
    with pytest.raises(ValidationError, match="There is no question 'nope'"):
        add(instrument, "later", show_if="nope", show_if_values=("x",))


def test_a_condition_cannot_point_at_a_later_question(instrument):
    first = add(instrument, "first")
    add(instrument, "second", Kind.YES_NO)
    fields = replace(QuestionFields.of(first), show_if="second", show_if_values=("yes",))
    with pytest.raises(ValidationError, match="'second' comes after this one"):
        question_update(actor=None, question=first, fields=fields)
    first.refresh_from_db()
    assert first.show_if_question is None


def test_a_question_stays_below_the_question_it_depends_on(instrument):
    add(instrument, "continue_plg", Kind.YES_NO)
    why = add(instrument, "why_not", show_if="continue_plg", show_if_values=("no",))
    with pytest.raises(ValidationError, match="'why_not' depends on the answer to 'continue_plg'"):
        question_move(actor=None, question=why, direction="up")
    assert codes(instrument) == ["continue_plg", "why_not"]


def test_moving_swaps_with_the_neighbour(instrument):
    for code in ("a", "b", "c"):
        add(instrument, code)
    c = instrument.versions.get().questions.get(code="c")
    question_move(actor=None, question=c, direction="up")
    assert codes(instrument) == ["a", "c", "b"]
    question_move(actor=None, question=c, direction="up")
    question_move(actor=None, question=c, direction="up")  # already at the top
    assert codes(instrument) == ["c", "a", "b"]


def test_an_option_a_condition_needs_cannot_be_removed(instrument):
    role = add(
        instrument, "role", Kind.SINGLE, choices=[ChoiceData("a", "A"), ChoiceData("b", "B")]
    )
    add(instrument, "about_b", show_if="role", show_if_values=("b",))
    with pytest.raises(ValidationError, match="'about_b' is shown on the answer\\(s\\) b"):
        choices_set(actor=None, question=role, choices=[ChoiceData("a", "A"), ChoiceData("c", "C")])
    assert list(role.choices.values_list("code", flat=True)) == ["a", "b"]


def test_a_question_others_depend_on_cannot_be_deleted(instrument):
    role = add(instrument, "continue_plg", Kind.YES_NO)
    add(instrument, "why_not", show_if="continue_plg", show_if_values=("no",))
    with pytest.raises(ValidationError, match="Questions why_not depend on the answer"):
        question_delete(actor=None, question=role)
    assert codes(instrument) == ["continue_plg", "why_not"]


def test_deleting_closes_the_gap(instrument):
    for code in ("a", "b", "c"):
        add(instrument, code)
    question_delete(actor=None, question=instrument.versions.get().questions.get(code="a"))
    version = instrument.versions.get()
    assert list(version.questions.order_by("position").values_list("code", "position")) == [
        ("b", 1),
        ("c", 2),
    ]


def test_number_bounds_are_in_order_and_only_for_numbers(instrument):
    with pytest.raises(ValidationError) as error:
        add(instrument, "years", Kind.NUMBER, min_value=10, max_value=2)
    assert error.value.message_dict["max_value"] == ["The maximum must not be below the minimum."]
    with pytest.raises(ValidationError, match="Only number questions have a minimum"):
        add(instrument, "name", Kind.SHORT_TEXT, min_value=1)


@pytest.mark.parametrize(("low", "high"), [(-(10**9), None), (None, 10**9), (0, 10**30)])
def test_number_bounds_stay_within_the_answers_a_number_may_have(instrument, low, high):
    with pytest.raises(ValidationError, match="between -999999999 and 999999999"):
        add(instrument, "years", Kind.NUMBER, min_value=low, max_value=high)

    assert not Question.objects.filter(code="years").exists()


def test_changing_the_kind_to_text_removes_the_options(instrument):
    role = add(
        instrument, "role", Kind.SINGLE, choices=[ChoiceData("a", "A"), ChoiceData("b", "B")]
    )
    changed = question_update(
        actor=None, question=role, fields=replace(QuestionFields.of(role), kind=Kind.SHORT_TEXT)
    )
    assert changed.kind == Kind.SHORT_TEXT
    assert not changed.choices.exists()


# --- versions ---------------------------------------------------------------


def test_before_the_first_answer_changes_stay_in_the_version(instrument):
    question = add(instrument, "function")
    moment = f.MeasurementMomentFactory()
    MomentInstrument.objects.create(moment=moment, version=question.version)
    changed = question_update(
        actor=None,
        question=question,
        fields=replace(QuestionFields.of(question), text_en="Your function?"),
    )
    assert changed.pk == question.pk
    assert InstrumentVersion.objects.filter(instrument=instrument).count() == 1
    assert version_for_change(instrument) == question.version


def test_after_the_first_answer_a_change_makes_a_new_version(instrument):
    add(instrument, "continue_plg", Kind.YES_NO)
    why = add(instrument, "why_not", show_if="continue_plg", show_if_values=("no",))
    v1 = why.version
    answered = f.MeasurementMomentFactory(key="year-1")
    waiting = f.MeasurementMomentFactory(key="year-2", trajectory=answered.trajectory)
    for moment in (answered, waiting):
        MomentInstrument.objects.create(moment=moment, version=v1)
    answer(v1.questions.get(code="continue_plg"), answered, "no")
    opened = f.ResponseFactory(moment=waiting, version=v1)  # opened, nothing answered

    changed = question_update(
        actor=None,
        question=why,
        fields=replace(QuestionFields.of(why), text_nl="Waarom niet verder?"),
    )

    v2 = changed.version
    assert v2.number == 2
    assert why.pk != changed.pk
    why.refresh_from_db()
    assert why.text_nl == "Vraag why_not?"  # the answered version is unchanged
    assert changed.text_nl == "Waarom niet verder?"
    # the copy keeps its options and its condition, pointing inside the copy
    assert codes(instrument, 2) == ["continue_plg", "why_not"]
    assert changed.show_if_question.version == v2
    assert list(changed.show_if_question.choices.values_list("code", flat=True)) == ["yes", "no"]
    # the moment with answers keeps v1; the other switches, with its empty response
    assert MomentInstrument.objects.get(moment=answered).version == v1
    assert MomentInstrument.objects.get(moment=waiting).version == v2
    opened.refresh_from_db()
    assert opened.version == v2
    entry = AuditEntry.objects.get(action="instrument_version_create")
    assert entry.detail["moments_switched"] == [waiting.pk]


def test_further_changes_go_to_the_new_version_until_it_has_answers(instrument):
    question = add(instrument, "function")
    moment = f.MeasurementMomentFactory()
    answer(question, moment)
    add(instrument, "school")
    add(instrument, "years", Kind.NUMBER)
    assert instrument.versions.count() == 2
    assert codes(instrument, 1) == ["function"]
    assert codes(instrument, 2) == ["function", "school", "years"]


def test_a_submitted_response_without_answers_also_freezes_the_version(instrument):
    question = add(instrument, "comment", Kind.LONG_TEXT)
    f.ResponseFactory(
        version=question.version, status=Response.Status.SUBMITTED, submitted_at="2022-05-02T10:00Z"
    )
    assert version_for_change(instrument).number == 2


def test_moves_and_deletes_after_answers_happen_in_the_copy(instrument):
    for code in ("a", "b"):
        add(instrument, code)
    v1 = instrument.versions.get()
    answer(v1.questions.get(code="a"), f.MeasurementMomentFactory())
    question_move(actor=None, question=v1.questions.get(code="b"), direction="up")
    assert codes(instrument, 1) == ["a", "b"]
    assert codes(instrument, 2) == ["b", "a"]
    question_delete(actor=None, question=instrument.versions.get(number=2).questions.get(code="a"))
    assert instrument.versions.count() == 2  # v2 has no answers: changed in place
    assert codes(instrument, 2) == ["b"]
    assert codes(instrument, 1) == ["a", "b"]


def test_only_the_latest_version_is_changed(instrument):
    question = add(instrument, "function")
    answer(question, f.MeasurementMomentFactory())
    add(instrument, "school")  # makes version 2
    with pytest.raises(ValidationError, match="belongs to version 1; only the latest version"):
        question_update(actor=None, question=question, fields=QuestionFields.of(question))


def test_a_refused_change_after_answers_makes_no_new_version(instrument):
    question = add(instrument, "function")
    moment = f.MeasurementMomentFactory()
    MomentInstrument.objects.create(moment=moment, version=question.version)
    answer(question, f.MeasurementMomentFactory())
    with pytest.raises(ValidationError):
        question_update(
            actor=None, question=question, fields=replace(QuestionFields.of(question), code="1x")
        )
    assert instrument.versions.count() == 1
    assert MomentInstrument.objects.get(moment=moment).version == question.version
    assert not AuditEntry.objects.filter(action="instrument_version_create").exists()
