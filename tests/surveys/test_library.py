"""The study's built-in instruments: complete, as the paper words them, installed once."""

from __future__ import annotations

import pytest

from leadtogether.accounts.models import AuditEntry
from leadtogether.analysis.tables import continuation, prior_experience
from leadtogether.surveys.answers import AnswerError, clean_answer, is_shown, missing_required
from leadtogether.surveys.library import (
    BASELINE,
    END_OF_YEAR,
    INSTRUMENTS,
    ONE_YEAR_AFTER,
    library_install,
)
from leadtogether.surveys.models import Choice, Instrument, InstrumentVersion, Question
from tests.factories import UserFactory
from tests.surveys.factories import InstrumentFactory

TABLE_3_NL = [
    ("none", "geen deelname"),
    ("limited", "beperkte deelname (1 keer per schooljaar)"),
    (
        "extensive_general",
        "uitgebreidere deelname (2 à 3 keer per schooljaar) met veeleer algemene bespreking",
    ),
    (
        "extensive_in_depth",
        "uitgebreidere deelname (2 à 3 keer per schooljaar) met meer diepgaande bespreking, "
        "eventueel uitwerking van beleid",
    ),
    (
        "intensive",
        "intensieve deelname (4 of meer keer per schooljaar met duidelijke agenda, "
        "diepgaande bespreking en uitwerking van beleid)",
    ),
]
TABLE_3_EN = [
    "none",
    "limited (once per school year)",
    "more extensive (2–3× per year), rather general discussion",
    "more extensive (2–3× per year), more in-depth discussion, possibly policy work",
    "intensive (4+× per year, clear agenda, in-depth discussion, policy development)",
]


def _questions(key: str) -> dict[str, Question]:
    version = InstrumentVersion.objects.get(instrument__key=key, number=1)
    questions = version.questions.prefetch_related("choices")
    return {question.code: question for question in questions}


def _codes(question: Question) -> list[str]:
    return [choice.code for choice in question.choices.all()]


def _counts() -> tuple[int, int, int, int]:
    return (
        Instrument.objects.count(),
        InstrumentVersion.objects.count(),
        Question.objects.count(),
        Choice.objects.count(),
    )


@pytest.fixture
def installed(db) -> dict[str, Instrument]:
    return library_install()


def test_it_installs_the_three_instruments_with_version_1(installed):
    assert list(installed) == [BASELINE, END_OF_YEAR, ONE_YEAR_AFTER]
    for key, instrument in installed.items():
        assert instrument.key == key
        assert list(instrument.versions.values_list("number", flat=True)) == [1]
        assert instrument.name_nl and instrument.name_en
    assert list(_questions(BASELINE)) == [
        "function_title",
        "function_category",
        "level",
        "partnership_schools",
        "partnership_form",
        "prior_plg_experience",
        "research_consent",
    ]
    assert list(_questions(END_OF_YEAR)) == [
        "continue_plg",
        "continue_plg_why_not",
        "plg_value",
        "collective_learning_level",
        "char_collaboration",
        "char_student_focus",
        "char_reflective_inquiry",
        "char_shared_leadership",
        "char_boundary_crossing",
    ]
    assert list(_questions(ONE_YEAR_AFTER)) == [
        "plg_continued",
        "sessions_held",
        "sessions_planned",
        "coach_arrangement",
        "themes_joint",
        "goal_orientation",
        "action_orientation",
        "continuation_conditions",
    ]


def test_prior_plg_experience_has_exactly_the_answers_of_table_3(installed):
    question = _questions(BASELINE)["prior_plg_experience"]
    choices = list(question.choices.all())
    assert question.kind == Question.Kind.SINGLE
    assert [(choice.code, choice.label_nl) for choice in choices] == TABLE_3_NL
    assert [choice.label_en for choice in choices] == TABLE_3_EN
    assert tuple(_codes(question)) == prior_experience.ANSWERS


def test_required_questions(installed):
    required = {
        key: sorted(code for code, question in _questions(key).items() if question.required)
        for key in (BASELINE, END_OF_YEAR, ONE_YEAR_AFTER)
    }
    assert required == {
        BASELINE: ["function_category", "level", "research_consent"],
        END_OF_YEAR: ["continue_plg"],
        ONE_YEAR_AFTER: ["plg_continued"],
    }


def test_the_kinds_and_options_of_the_baseline(installed):
    questions = _questions(BASELINE)
    assert _codes(questions["function_category"]) == ["management", "middle"]
    assert _codes(questions["level"]) == ["primary", "secondary"]
    assert _codes(questions["partnership_form"]) == ["A", "A+", "B"]
    assert (
        "andere scholengemeenschap" in questions["partnership_form"].choices.get(code="A+").label_nl
    )
    assert questions["partnership_schools"].kind == Question.Kind.NUMBER
    assert questions["research_consent"].kind == Question.Kind.YES_NO
    assert _codes(questions["research_consent"]) == ["yes", "no"]


def test_the_end_of_year_survey_asks_the_wish_to_continue(installed):
    questions = _questions(END_OF_YEAR)
    continue_plg = questions["continue_plg"]
    assert continue_plg.code == continuation.QUESTION
    assert continue_plg.kind == Question.Kind.YES_NO
    assert _codes(continue_plg) == [continuation.YES, continuation.NO]
    levels = questions["collective_learning_level"]
    assert _codes(levels) == ["1", "2", "3", "4"]
    assert levels.choices.get(code="1").label_nl.startswith("Fragmentarisch leren")
    assert levels.choices.get(code="4").label_en.endswith("collective learning is a habit")
    likert = [q for q in questions.values() if q.kind == Question.Kind.LIKERT]
    assert [q.code for q in likert][1:] == [
        "char_collaboration",
        "char_student_focus",
        "char_reflective_inquiry",
        "char_shared_leadership",
        "char_boundary_crossing",
    ]
    for question in likert:
        labels = [(c.code, c.label_nl) for c in question.choices.all()]
        assert labels[0] == ("1", "helemaal niet akkoord")
        assert labels[-1] == ("5", "helemaal akkoord")


def test_why_not_is_shown_only_after_no(installed):
    questions = _questions(END_OF_YEAR)
    continue_plg, why_not = questions["continue_plg"], questions["continue_plg_why_not"]
    assert why_not.show_if_question == continue_plg
    assert not is_shown(why_not, {continue_plg.pk: "yes"})
    assert is_shown(why_not, {continue_plg.pk: "no"})
    assert missing_required(questions.values(), {}) == [continue_plg]


def test_the_course_of_a_stopped_plg_skips_its_meetings(installed):
    questions = _questions(ONE_YEAR_AFTER)
    continued, held = questions["plg_continued"], questions["sessions_held"]
    assert is_shown(held, {continued.pk: "adjusted_group"})
    assert not is_shown(held, {continued.pk: "stopped"})
    assert not is_shown(questions["coach_arrangement"], {continued.pk: "dont_know"})
    assert is_shown(questions["continuation_conditions"], {continued.pk: "stopped"})
    assert clean_answer(held, "20") == 20
    with pytest.raises(AnswerError):
        clean_answer(held, "21")
    assert _codes(questions["coach_arrangement"]) == [
        "external_coach",
        "rotating",
        "co_coaching",
        "coordinating_director",
        "no_coach",
    ]


def test_installing_again_changes_nothing(installed):
    before = _counts()
    again = library_install()
    assert _counts() == before
    assert {key: instrument.pk for key, instrument in again.items()} == {
        key: instrument.pk for key, instrument in installed.items()
    }
    assert AuditEntry.objects.filter(action="library_install").count() == 1


def test_the_install_is_audited_once_with_its_actor(db):
    user = UserFactory()
    library_install(actor=user)
    entry = AuditEntry.objects.get(action="library_install")
    assert entry.actor == user
    assert entry.detail == {"created": [BASELINE, END_OF_YEAR, ONE_YEAR_AFTER]}


def test_an_existing_instrument_is_left_as_it_is(db):
    own = InstrumentFactory(key=BASELINE, name_nl="Eigen nulmeting")
    installed = library_install()
    assert installed[BASELINE] == own
    own.refresh_from_db()
    assert own.name_nl == "Eigen nulmeting"
    assert not own.versions.exists()
    assert Instrument.objects.count() == len(INSTRUMENTS)
