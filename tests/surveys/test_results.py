"""Results per question from plain records, and the bar chart."""

from __future__ import annotations

from leadtogether.surveys.results import Bar, QuestionInfo, bar_chart, question_results

CHOICE = QuestionInfo(
    key=(1, "continue_plg"),
    code="continue_plg",
    kind="yes_no",
    text="Verder?",
    instrument="Einde jaar",
    version_ids=frozenset({10}),
    choices=(("yes", "ja"), ("no", "nee")),
)
NUMBER = QuestionInfo((1, "schools"), "schools", "number", "Scholen?", "I", frozenset({10}))
TEXT = QuestionInfo((1, "why"), "why", "long_text", "Waarom?", "I", frozenset({10}))
OTHER = QuestionInfo((2, "q"), "q", "single", "Q?", "J", frozenset({20}), (("a", "A"),))


def respondents(count: int) -> dict[str, set[int]]:
    return {f"R{n:03}": {10} for n in range(1, count + 1)}


def test_a_distribution_with_n_and_missing():
    answers = {("R001", CHOICE.key): "yes", ("R002", CHOICE.key): "no"}
    answers |= {(f"R{n:03}", CHOICE.key): "yes" for n in range(3, 7)}
    [result] = question_results([CHOICE], respondents(7), answers, min_cell=5)
    assert (result.n, result.missing) == (6, 1)
    assert [(bar.label, bar.count, bar.percent) for bar in result.bars] == [
        ("ja", 5, 83.3),
        ("nee", 1, 16.7),
    ]


def test_numbers_get_mean_median_and_sd():
    answers = {(code, NUMBER.key): n for n, code in enumerate(respondents(5), start=1)}
    [result] = question_results([NUMBER], respondents(5), answers, min_cell=5)
    assert result.stats["mean"] == 3 and result.stats["median"] == 3
    assert result.stats["sd"] == 1.58


def test_open_answers_by_research_code():
    answers = {(code, TEXT.key): f"tekst {code}" for code in respondents(5)}
    [result] = question_results([TEXT], respondents(5), answers, min_cell=5)
    assert result.texts[0] == ("R001", "tekst R001")


def test_a_small_group_shows_nothing():
    answers = {(code, CHOICE.key): "yes" for code in respondents(4)}
    [result] = question_results([CHOICE], respondents(4), answers, min_cell=5)
    assert result.hidden and result.bars == []


def test_a_question_of_a_version_nobody_answered_counts_nobody():
    [result] = question_results([OTHER], respondents(6), {}, min_cell=5)
    assert (result.asked, result.n) == (0, 0)


def test_the_chart_shortens_long_labels_at_a_word():
    long = "Fragmentarisch leren: ieder individu leert afzonderlijk, zonder betrokkenheid"
    chart = bar_chart([Bar(long, 3, 60.0), Bar("kort", 2, 40.0)])
    assert chart.rows[0].label.endswith("…") and long.startswith(chart.rows[0].label[:-1])
    assert chart.rows[0].full_label == long
    assert chart.rows[0].width == 300 and chart.rows[1].width == 200
