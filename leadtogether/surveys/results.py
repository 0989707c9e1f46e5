"""Results per question, from plain records (no ORM here): the distribution of a choice
question with N and missing, mean/median/SD of a number, the open answers by research
code, and the horizontal bar chart of a distribution as SVG.

``question_results(questions, respondents, answers, min_cell)``: QUESTIONS in order,
RESPONDENTS the research codes of the people in the selection with the instrument
versions they submitted, ANSWERS the stored values by (research code, question key).
A selection of fewer than MIN_CELL respondents, and a question answered by fewer than
MIN_CELL, show no figures (``hidden``), so no small group can be recognised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

CHOICE_KINDS = frozenset({"single", "multiple", "likert", "yes_no"})


@dataclass(frozen=True)
class QuestionInfo:
    key: tuple[int, str]  # (instrument id, question code): versions of one instrument share it
    code: str
    kind: str
    text: str
    instrument: str
    version_ids: frozenset[int]
    choices: tuple[tuple[str, str], ...] = ()  # (code, label in the interface language)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: QuestionInfo
    asked: int  # respondents who submitted a version holding the question
    n: int  # of those, who answered it
    hidden: bool = False
    bars: list[Bar] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (research code, answer)

    @property
    def missing(self) -> int:
        return self.asked - self.n

    @property
    def is_choice(self) -> bool:
        return self.question.kind in CHOICE_KINDS

    @property
    def is_number(self) -> bool:
        return self.question.kind == "number"


def _as_list(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _bars(question: QuestionInfo, values: list[Any], n: int) -> list[Bar]:
    counts = dict.fromkeys((code for code, _label in question.choices), 0)
    labels = dict(question.choices)
    for value in values:
        for code in _as_list(value) if question.kind == "multiple" else [str(value)]:
            counts[code] = counts.get(code, 0) + 1
    return [
        Bar(label=labels.get(code, code), count=count, percent=round(100 * count / n, 1))
        for code, count in counts.items()
    ]


def _stats(values: list[Any]) -> dict[str, float]:
    series = pd.Series([float(value) for value in values], dtype="float64")
    sd = series.std(ddof=1) if len(series) > 1 else math.nan
    return {
        "mean": round(float(series.mean()), 2),
        "median": round(float(series.median()), 2),
        "sd": round(float(sd), 2) if not math.isnan(sd) else math.nan,
        "min": float(series.min()),
        "max": float(series.max()),
    }


def question_results(
    questions: list[QuestionInfo],
    respondents: dict[str, set[int]],
    answers: dict[tuple[str, tuple[int, str]], Any],
    min_cell: int,
) -> list[QuestionResult]:
    results = []
    too_few = len(respondents) < min_cell
    for question in questions:
        asked = [code for code, versions in respondents.items() if versions & question.version_ids]
        given = [
            (code, answers[code, question.key])
            for code in asked
            if answers.get((code, question.key)) not in (None, "", [])
        ]
        result = QuestionResult(question=question, asked=len(asked), n=len(given))
        if too_few or result.n < min_cell:
            result.hidden = True
        elif result.is_choice:
            result.bars = _bars(question, [value for _code, value in given], result.n)
        elif result.is_number:
            result.stats = _stats([value for _code, value in given])
        else:
            result.texts = sorted((str(code), str(value)) for code, value in given)
        results.append(result)
    return results


# --- the chart ------------------------------------------------------------------------

ROW = 28
LABEL_WIDTH = 260
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 90
LABEL_CHARACTERS = 38


@dataclass(frozen=True)
class ChartRow:
    y: int
    text_y: int
    label: str  # shortened to fit
    full_label: str
    width: int
    value_x: int
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    rows: list[ChartRow]


def bar_chart(bars: list[Bar]) -> Chart:
    """The horizontal bars of a distribution: the longest bar is the largest share."""
    top = max((bar.percent for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        width = round(BAR_WIDTH * bar.percent / top)
        label = bar.label
        if len(label) > LABEL_CHARACTERS:
            cut = label[: LABEL_CHARACTERS - 1]
            label = (cut[: cut.rindex(" ")] if " " in cut else cut).rstrip(" ,:;") + "…"
        y = index * ROW
        rows.append(
            ChartRow(
                y=y + 4,
                text_y=y + 19,
                label=label,
                full_label=bar.label,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
                value=f"{bar.count} ({bar.percent:g} %)",
            )
        )
    return Chart(width=WIDTH, height=max(len(bars), 1) * ROW, label_width=LABEL_WIDTH, rows=rows)
