"""Reads of the surveys app that span relations (for the organiser and researcher pages).

Every function issues a fixed number of queries, whatever the number of moments,
questions or invitations (annotations, prefetches and grouping in Python).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from leadtogether.accounts.models import AuditEntry
from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Level
from leadtogether.surveys.answers import is_shown
from leadtogether.surveys.models import (
    Answer,
    Choice,
    Instrument,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    MomentInstrument,
    Question,
    Response,
)
from leadtogether.surveys.services.moments import DEFAULT_KEYS
from leadtogether.trajectories.models import Enrolment, PLGMembership, Trajectory

# ---------------------------------------------------------------------------
# Instruments


def _used_in(trajectory: Trajectory, *, here: bool) -> Exists:
    links = MomentInstrument.objects.filter(version__instrument=OuterRef("pk"))
    if here:
        return Exists(links.filter(moment__trajectory=trajectory))
    return Exists(links.exclude(moment__trajectory=trajectory))


def instruments_for(trajectory: Trajectory) -> QuerySet[Instrument]:
    """The instruments the builder of TRAJECTORY shows: those its moments ask and those
    no moment asks yet. ``used_elsewhere`` marks an instrument another trajectory also
    asks (read-only here)."""
    anywhere = Exists(MomentInstrument.objects.filter(version__instrument=OuterRef("pk")))
    return (
        Instrument.objects.filter(_used_in(trajectory, here=True) | ~anywhere)
        .annotate(
            used_elsewhere=_used_in(trajectory, here=False),
            latest_number=Max("versions__number"),
        )
        .order_by("key")
    )


@dataclass(frozen=True)
class Use:
    """One moment of the trajectory asking one version."""

    moment: MeasurementMoment
    version_number: int


@dataclass(frozen=True)
class InstrumentRow:
    instrument: Instrument
    latest_number: int
    questions: int
    uses: list[Use]


def _uses(trajectory: Trajectory, instrument_ids: Iterable[int]) -> dict[int, list[Use]]:
    links = (
        MomentInstrument.objects.filter(
            moment__trajectory=trajectory, version__instrument_id__in=list(instrument_ids)
        )
        .select_related("moment", "version")
        .order_by("moment__position", "moment__opens_on")
    )
    uses: dict[int, list[Use]] = defaultdict(list)
    for link in links:
        uses[link.version.instrument_id].append(Use(link.moment, link.version.number))
    return uses


def instrument_rows(trajectory: Trajectory) -> list[InstrumentRow]:
    """The instruments of the builder with their latest version, its number of questions
    and the moments of the trajectory that ask them."""
    instruments = list(instruments_for(trajectory))
    ids = [instrument.pk for instrument in instruments]
    counts = {
        (row["version__instrument_id"], row["version__number"]): row["n"]
        for row in Question.objects.filter(version__instrument_id__in=ids)
        .values("version__instrument_id", "version__number")
        .annotate(n=Count("pk"))
    }
    uses = _uses(trajectory, ids)
    return [
        InstrumentRow(
            instrument=instrument,
            latest_number=instrument.latest_number or 1,
            questions=counts.get((instrument.pk, instrument.latest_number), 0),
            uses=uses.get(instrument.pk, []),
        )
        for instrument in instruments
    ]


@dataclass(frozen=True)
class VersionRow:
    version: InstrumentVersion
    responses: int
    has_answers: bool
    uses: list[Use]


@dataclass(frozen=True)
class Builder:
    """What the instrument builder shows: the latest version's questions and where each
    version is in use."""

    instrument: Instrument
    version: InstrumentVersion
    questions: list[Question]
    versions: list[VersionRow]

    @property
    def latest(self) -> VersionRow:
        return next(row for row in self.versions if row.version.pk == self.version.pk)

    @property
    def next_number(self) -> int:
        return self.version.number + 1


def builder(instrument: Instrument, trajectory: Trajectory) -> Builder:
    answered = Exists(Answer.objects.filter(question__version=OuterRef("pk"))) | Exists(
        Response.objects.filter(version=OuterRef("pk"), status=Response.Status.SUBMITTED)
    )
    versions = list(
        InstrumentVersion.objects.filter(instrument=instrument)
        .annotate(response_count=Count("responses"), has_answers=answered)
        .order_by("-number")
    )
    if not versions:  # an instrument always has a version; repair one made elsewhere
        versions = [InstrumentVersion.objects.create(instrument=instrument, number=1)]
        versions[0].response_count = 0
        versions[0].has_answers = False
    latest = versions[0]
    questions = list(
        Question.objects.filter(version=latest)
        .select_related("show_if_question")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position")))
        .order_by("position")
    )
    by_version: dict[int, list[Use]] = defaultdict(list)
    links = (
        MomentInstrument.objects.filter(moment__trajectory=trajectory, version__in=versions)
        .select_related("moment")
        .order_by("moment__position", "moment__opens_on")
    )
    for link in links:
        number = next(v.number for v in versions if v.pk == link.version_id)
        by_version[link.version_id].append(Use(link.moment, number))
    return Builder(
        instrument=instrument,
        version=latest,
        questions=questions,
        versions=[
            VersionRow(
                version=version,
                responses=version.response_count,
                has_answers=bool(version.has_answers),
                uses=by_version.get(version.pk, []),
            )
            for version in versions
        ],
    )


# ---------------------------------------------------------------------------
# Moments


def moment_status(moment: MeasurementMoment, today: dt.date | None = None) -> str:
    """``upcoming``, ``open`` or ``closed``."""
    return moment.status(today)


def moments_with_counts(trajectory: Trajectory) -> list[MeasurementMoment]:
    """The trajectory's moments with ``invited``, ``completed``, ``status`` and their
    instruments (``moment_instruments`` with version and instrument)."""
    moments = list(
        MeasurementMoment.objects.filter(trajectory=trajectory)
        .annotate(
            invited=Count("invitations"),
            completed=Count("invitations", filter=Q(invitations__completed_at__isnull=False)),
        )
        .prefetch_related(
            Prefetch(
                "moment_instruments",
                queryset=MomentInstrument.objects.select_related("version__instrument"),
            )
        )
    )
    today = timezone.localdate()
    for moment in moments:
        moment.status = moment_status(moment, today)
        moment.percent = _percent(moment.completed, moment.invited)
    return moments


def missing_default_moments(moments: list[MeasurementMoment]) -> bool:
    """Whether MOMENTS (all of a trajectory's) lack one of the study's four moments."""
    kinds = {moment.kind for moment in moments}
    return any(kind not in kinds for kind in DEFAULT_KEYS)


@dataclass(frozen=True)
class MomentInstrumentRow:
    link: MomentInstrument
    responses: int
    latest_number: int

    @property
    def can_detach(self) -> bool:
        return self.responses == 0


def moment_instruments(moment: MeasurementMoment) -> list[MomentInstrumentRow]:
    """The instruments MOMENT asks, each with the responses recorded for it there and
    the number of the instrument's latest version."""
    links = list(
        moment.moment_instruments.select_related("version__instrument")
        .annotate(latest_number=Max("version__instrument__versions__number"))
        .order_by("position", "pk")
    )
    responses = dict(
        Response.objects.filter(moment=moment)
        .values_list("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    return [
        MomentInstrumentRow(
            link=link,
            responses=responses.get(link.version_id, 0),
            latest_number=link.latest_number or link.version.number,
        )
        for link in links
    ]


# ---------------------------------------------------------------------------
# Follow-up of one moment


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Counts:
    label: str = ""
    invited: int = 0
    started: int = 0
    completed: int = 0

    @property
    def percent(self) -> float | None:
        return _percent(self.completed, self.invited)

    def add(self, started: bool, completed: bool) -> None:
        self.invited += 1
        self.started += started
        self.completed += completed


@dataclass(frozen=True)
class Pending:
    """Someone invited who has not completed the questionnaire (organisers only)."""

    name: str
    school: str
    plg: str
    email: str
    sent_at: Any
    started_at: Any
    reminder_count: int
    last_reminded_at: Any


@dataclass
class Followup:
    total: Counts
    by_plg: list[Counts]
    by_level: list[Counts]
    not_invited: int
    not_sent: int
    no_email: int
    pending: list[Pending] = field(default_factory=list)


def followup(moment: MeasurementMoment, *, with_names: bool) -> Followup:
    """Who was invited, started and completed at MOMENT: in total, per PLG and per level
    of education; with WITH_NAMES also who has not completed yet. Three queries."""
    invitations = (
        Invitation.objects.filter(moment=moment)
        .values(
            "person_id",
            "sent_at",
            "started_at",
            "completed_at",
            "reminder_count",
            "last_reminded_at",
            "person__first_name",
            "person__last_name",
            "person__email",
            "person__school__name",
            "person__school__level",
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
    plg_of: dict[int, str] = {}
    for person_id, plg_name in (
        PLGMembership.objects.filter(plg__trajectory_id=moment.trajectory_id)
        .order_by("plg__name")
        .values_list("person_id", "plg__name")
    ):
        plg_of.setdefault(person_id, plg_name)
    not_invited = (
        Enrolment.objects.filter(trajectory_id=moment.trajectory_id)
        .exclude(person__invitations__moment=moment)
        .count()
    )

    no_plg, unknown = _("(no PLG)"), _("unknown")
    levels = dict(Level.choices)
    total = Counts(label=_("All participants"))
    by_plg: dict[str, Counts] = {}
    by_level: dict[str, Counts] = {}
    pending: list[Pending] = []
    not_sent = no_email = 0
    for row in invitations:
        completed = row["completed_at"] is not None
        started = completed or row["started_at"] is not None
        plg = plg_of.get(row["person_id"], no_plg)
        level = str(levels.get(row["person__school__level"] or "", unknown))
        total.add(started, completed)
        by_plg.setdefault(plg, Counts(label=plg)).add(started, completed)
        by_level.setdefault(level, Counts(label=level)).add(started, completed)
        not_sent += row["sent_at"] is None
        no_email += not row["person__email"]
        if with_names and not completed:
            pending.append(
                Pending(
                    name=f"{row['person__first_name']} {row['person__last_name']}".strip(),
                    school=row["person__school__name"] or "",
                    plg="" if plg == no_plg else plg,
                    email=row["person__email"],
                    sent_at=row["sent_at"],
                    started_at=row["started_at"],
                    reminder_count=row["reminder_count"],
                    last_reminded_at=row["last_reminded_at"],
                )
            )
    level_order = [str(label) for _value, label in Level.choices] + [unknown]
    return Followup(
        total=total,
        by_plg=sorted(by_plg.values(), key=lambda c: (c.label == no_plg, natural_key(c.label))),
        by_level=sorted(by_level.values(), key=lambda c: level_order.index(c.label)),
        not_invited=not_invited,
        not_sent=not_sent,
        no_email=no_email,
        pending=pending,
    )


# ---------------------------------------------------------------------------
# Responses, pseudonymised (the researcher's view and corrections)
#
# A respondent appears only by the research code of their enrolment and only when they
# consented to research; person names and e-mail addresses are never read here.

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


def _plg_names(trajectory_id: int) -> dict[int, str]:
    """The PLG of each participant of the trajectory (the first by name if several)."""
    names: dict[int, list[str]] = defaultdict(list)
    for person_id, name in PLGMembership.objects.filter(
        plg__trajectory_id=trajectory_id
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
    rows: list[ResponseRow]
    not_listed: int  # submitted responses of people without research consent


def response_rows(moment: MeasurementMoment) -> ResponseList:
    """The submitted responses at MOMENT of the consenting respondents, by research code
    (then instrument), with PLG, level and the number of answers. Three queries."""
    responses = list(
        pseudonymous_responses(moment)
        .filter(status=Response.Status.SUBMITTED)
        .annotate(answer_count=Count("answers"))
    )
    plgs = _plg_names(moment.trajectory_id)
    rows = [
        ResponseRow(
            response=response,
            code=response.research_code or "",
            plg=plgs.get(response.person_id, ""),
            level=_level_label(response.level),
            answers=response.answer_count,
            corrected=bool(response.corrected),
        )
        for response in responses
    ]
    rows.sort(
        key=lambda row: (
            row.code == "",
            natural_key(row.code),
            row.response.version.instrument.key,
            row.response.version.number,
        )
    )
    submitted = Response.objects.filter(moment=moment, status=Response.Status.SUBMITTED).count()
    return ResponseList(rows=rows, not_listed=submitted - len(rows))


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
    """How a stored VALUE reads: each chosen option as "label (code)" in the current
    language, a number or text as it is; empty for no answer. QUESTION should come with
    its choices prefetched."""
    if value is None or value == "" or value == []:
        return []
    items = value if isinstance(value, list) else [value]
    if question is None or not question.has_choices:
        return [str(item) for item in items]
    labels = {choice.code: choice.label for choice in question.choices.all()}
    return [f"{labels[str(item)]} ({item})" if str(item) in labels else str(item) for item in items]


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
