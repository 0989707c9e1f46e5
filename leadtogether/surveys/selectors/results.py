"""The records behind a moment's results per question (``surveys.results``): the
consenting respondents of a selection, by research code, and their answers. Six
queries, whatever the number of respondents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef

from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.surveys.results import QuestionInfo, QuestionResult, question_results
from leadtogether.trajectories.models import Enrolment, PLGMembership


def min_cell_size() -> int:
    return int(getattr(settings, "SURVEY_MIN_CELL_SIZE", 5))


@dataclass(frozen=True)
class Selection:
    level: str = ""
    plg_id: int | None = None
    form: str = ""


@dataclass(frozen=True)
class Results:
    respondents: int
    hidden: bool  # fewer respondents than the minimum cell size
    min_cell: int
    questions: list[QuestionResult]


def _versions(moment: MeasurementMoment) -> list[InstrumentVersion]:
    asked = [
        link.version
        for link in moment.moment_instruments.select_related("version__instrument").order_by(
            "position", "pk"
        )
    ]
    answered = (
        InstrumentVersion.objects.filter(
            responses__moment=moment, responses__status=Response.Status.SUBMITTED
        )
        .exclude(pk__in=[version.pk for version in asked])
        .select_related("instrument")
        .distinct()
        .order_by("instrument__key", "number")
    )
    return [*asked, *answered]


def _questions(versions: list[InstrumentVersion]) -> list[QuestionInfo]:
    order = {version.pk: position for position, version in enumerate(versions)}
    found: dict[tuple[int, str], dict[str, Any]] = {}
    for question in sorted(
        Question.objects.filter(version__in=versions)
        .select_related("version__instrument")
        .prefetch_related("choices"),
        key=lambda question: (order[question.version_id], question.position),
    ):
        instrument = question.version.instrument
        key = (instrument.pk, question.code)
        entry = found.setdefault(
            key,
            {
                "key": key,
                "code": question.code,
                "kind": question.kind,
                "text": question.text,
                "instrument": instrument.name,
                "versions": set(),
                "choices": {},
            },
        )
        entry["versions"].add(question.version_id)
        for choice in question.choices.all():
            entry["choices"].setdefault(choice.code, choice.label)
    return [
        QuestionInfo(
            key=entry["key"],
            code=entry["code"],
            kind=entry["kind"],
            text=entry["text"],
            instrument=entry["instrument"],
            version_ids=frozenset(entry["versions"]),
            choices=tuple(entry["choices"].items()),
        )
        for entry in found.values()
    ]


def moment_results(
    moment: MeasurementMoment, selection: Selection, *, min_cell: int | None = None
) -> Results:
    """The results per question of MOMENT for the consenting respondents in SELECTION."""
    min_cell = min_cell_size() if min_cell is None else min_cell
    consenting = Enrolment.objects.filter(
        trajectory_id=moment.trajectory_id, person_id=OuterRef("person_id"), research_consent=True
    )
    submitted = Response.objects.filter(
        Exists(consenting), moment=moment, status=Response.Status.SUBMITTED
    )
    people = submitted
    if selection.level:
        people = people.filter(person__school__level=selection.level)
    memberships = PLGMembership.objects.filter(
        plg__trajectory_id=moment.trajectory_id, person_id=OuterRef("person_id")
    )
    if selection.plg_id is not None:
        people = people.filter(Exists(memberships.filter(plg_id=selection.plg_id)))
    if selection.form:
        people = people.filter(Exists(memberships.filter(plg__partnership__form=selection.form)))
    rows = list(people.values_list("person_id", "version_id"))
    codes = dict(
        Enrolment.objects.filter(
            trajectory_id=moment.trajectory_id,
            person_id__in={person_id for person_id, _version in rows},
        ).values_list("person_id", "research_code")
    )
    respondents: dict[str, set[int]] = {}
    for person_id, version_id in rows:
        respondents.setdefault(codes.get(person_id) or f"#{person_id}", set()).add(version_id)
    questions = _questions(_versions(moment))
    by_question = {}
    for question in Question.objects.filter(
        version__in={version for versions in respondents.values() for version in versions}
    ).values_list("pk", "version__instrument_id", "code"):
        by_question[question[0]] = (question[1], question[2])
    answers: dict[tuple[str, tuple[int, str]], Any] = {}
    if respondents and len(respondents) >= min_cell:
        for person_id, question_id, value in Answer.objects.filter(response__in=people).values_list(
            "response__person_id", "question_id", "value"
        ):
            key = by_question.get(question_id)
            if key is not None:
                answers[codes.get(person_id) or f"#{person_id}", key] = value
    return Results(
        respondents=len(respondents),
        hidden=len(respondents) < min_cell,
        min_cell=min_cell,
        questions=question_results(questions, respondents, answers, min_cell),
    )
