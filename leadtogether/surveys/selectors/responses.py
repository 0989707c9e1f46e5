"""Reads of the responses, pseudonymised: the researcher's list of responses, one
response with its answers, and the logged corrections.

A respondent appears only by the research code of their enrolment and only when they
consented to research; person names and e-mail addresses are never read here. Every
function issues a fixed number of queries, whatever the number of responses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Cast, Length

from leadtogether.accounts.models import AuditEntry
from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Level
from leadtogether.surveys.answers import is_shown
from leadtogether.surveys.models import Answer, MeasurementMoment, Question, Response
from leadtogether.trajectories.models import Enrolment, PLGMembership

CORRECTION_ACTION = "response_correct"


def _consenting_enrolment(moment: MeasurementMoment) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        trajectory_id=moment.trajectory_id,
        person_id=OuterRef("person_id"),
        research_consent=True,
    )


def _corrections_of(response_pk: Any) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        action=CORRECTION_ACTION,
        object_type=Response._meta.label_lower,
        object_id=response_pk,
    )


def pseudonymous_responses(moment: MeasurementMoment) -> QuerySet[Response]:
    """The responses at MOMENT of respondents who consented to research, with
    ``research_code``, ``level`` (of the school) and ``corrected`` (a logged correction
    exists), and their instrument version."""
    enrolment = _consenting_enrolment(moment)
    corrected = _corrections_of(Cast(OuterRef("pk"), output_field=CharField()))
    return (
        Response.objects.filter(Exists(enrolment), moment=moment)
        .annotate(
            research_code=Subquery(enrolment.values("research_code")[:1]),
            level=F("person__school__level"),
            corrected=Exists(corrected),
        )
        .select_related("version__instrument")
    )


def _plg_names(trajectory_id: int, person_ids: Iterable[int]) -> dict[int, str]:
    """The PLG of each of PERSON_IDS in the trajectory (the first by name if several)."""
    names: dict[int, list[str]] = defaultdict(list)
    for person_id, name in PLGMembership.objects.filter(
        plg__trajectory_id=trajectory_id, person_id__in=list(person_ids)
    ).values_list("person_id", "plg__name"):
        names[person_id].append(name)
    return {person_id: min(plgs, key=natural_key) for person_id, plgs in names.items()}


def _level_label(level: str | None) -> str:
    return str(dict(Level.choices).get(level or "", ""))


@dataclass(frozen=True)
class ResponseRow:
    """One response as the researcher sees it: by research code, never by name."""

    response: Response
    code: str
    plg: str
    level: str
    answers: int
    corrected: bool


@dataclass(frozen=True)
class ResponseList:
    rows: list[ResponseRow]  # the rows of the page
    not_listed: int  # submitted responses of people without research consent
    page_obj: Page
    q: str = ""


PER_PAGE = 50


def response_rows(
    moment: MeasurementMoment, query: str = "", page: Any = None, per_page: int = PER_PAGE
) -> ResponseList:
    """One PAGE of the submitted responses at MOMENT of the consenting respondents whose
    research code holds QUERY, by research code (shorter codes first, so R99 comes before
    R100), then instrument; with PLG, level and the number of answers. Three queries,
    whatever the number of responses."""
    query = query.strip()[:40]
    submitted = Response.objects.filter(moment=moment, status=Response.Status.SUBMITTED)
    consenting = _consenting_enrolment(moment)
    matching = consenting.filter(research_code__icontains=query) if query else consenting
    counts = submitted.aggregate(
        every=Count("pk"),
        consenting=Count("pk", filter=Q(Exists(consenting))),
        matching=Count("pk", filter=Q(Exists(matching))),
    )
    responses = pseudonymous_responses(moment).filter(status=Response.Status.SUBMITTED)
    if query:
        responses = responses.filter(research_code__icontains=query)
    answers = Answer.objects.filter(response=OuterRef("pk")).order_by()
    responses = responses.annotate(
        answer_count=Subquery(
            answers.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
            output_field=IntegerField(),
        ),
        code_length=Length("research_code"),
    ).order_by(
        Case(When(research_code="", then=1), default=0),
        "code_length",
        "research_code",
        "version__instrument__key",
        "version__number",
        "pk",
    )
    paginator = Paginator(responses, per_page)
    paginator.count = counts["matching"]  # counted above, with the other numbers
    page_obj = paginator.get_page(page)
    plgs = _plg_names(moment.trajectory_id, (response.person_id for response in page_obj))
    rows = [
        ResponseRow(
            response=response,
            code=response.research_code or "",
            plg=plgs.get(response.person_id, ""),
            level=_level_label(response.level),
            answers=response.answer_count,
            corrected=bool(response.corrected),
        )
        for response in page_obj
    ]
    return ResponseList(
        rows=rows,
        not_listed=counts["every"] - counts["consenting"],
        page_obj=page_obj,
        q=query,
    )


def pseudonymous_response(moment: MeasurementMoment, response_id: int) -> ResponseRow | None:
    """One response at MOMENT of a consenting respondent (None for any other). Two
    queries."""
    response = pseudonymous_responses(moment).filter(pk=response_id).first()
    if response is None:
        return None
    plg = (
        PLGMembership.objects.filter(
            plg__trajectory_id=moment.trajectory_id, person_id=response.person_id
        )
        .values_list("plg__name", flat=True)
        .order_by()
    )
    return ResponseRow(
        response=response,
        code=response.research_code or "",
        plg=min(plg, key=natural_key, default=""),
        level=_level_label(response.level),
        answers=0,
        corrected=bool(response.corrected),
    )


def answer_labels(question: Question | None, value: Any) -> list[str]:
    """How a stored VALUE reads: each chosen option's label in the current language
    (the code only for a value that is no option), a number or text as it is; empty for
    no answer. QUESTION should come with its choices prefetched."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, list) else [value]
    if question is None or not question.has_choices:
        return [str(item) for item in items]
    labels = {choice.code: choice.label for choice in question.choices.all()}
    return [labels.get(str(item), str(item)) for item in items]


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    value: Any
    labels: list[str]
    shown: bool


def answer_rows(questions: list[Question], answers: dict[int, Any]) -> list[AnswerRow]:
    """Each question (choices prefetched) with its stored answer and whether it is shown
    given the answers (a conditional question whose condition is not met is not)."""
    return [
        AnswerRow(
            question=question,
            value=answers.get(question.pk),
            labels=answer_labels(question, answers.get(question.pk)),
            shown=is_shown(question, answers),
        )
        for question in questions
    ]


@dataclass(frozen=True)
class Correction:
    at: dt.datetime
    by: str  # username of the researcher
    code: str
    old: list[str]
    new: list[str]
    reason: str


def response_corrections(response: Response, questions: list[Question]) -> list[Correction]:
    """The logged corrections of RESPONSE, newest first; QUESTIONS (of its version,
    choices prefetched) give the labels of the old and new values. One query."""
    by_code = {question.code: question for question in questions}
    entries = _corrections_of(str(response.pk)).select_related("actor").order_by("-at", "-pk")
    corrections = []
    for entry in entries:
        detail = entry.detail or {}
        question = by_code.get(detail.get("question", ""))
        corrections.append(
            Correction(
                at=entry.at,
                by=entry.actor.get_username() if entry.actor else "",
                code=str(detail.get("question", "")),
                old=answer_labels(question, detail.get("old")),
                new=answer_labels(question, detail.get("new")),
                reason=str(detail.get("reason", "")),
            )
        )
    return corrections
