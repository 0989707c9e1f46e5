"""Build the demo trajectory: the dataset becomes a workbook imported like any other.

Its surveys follow: the study's moments ask the built-in instruments, everyone is
invited, and the responses of ``survey_data`` are written in bulk, each answer checked
by ``clean_answer`` as any answer is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from leadtogether.accounts.models import Role, User
from leadtogether.accounts.services import audit_record, role_grant_create
from leadtogether.demo import dataset, survey_data
from leadtogether.demo.coding_data import coding_build
from leadtogether.interchange.importer import workbook_import
from leadtogether.interchange.workbook import Sheet, Workbook
from leadtogether.lib.db import statistics_refresh
from leadtogether.registry.models import Partnership, Person
from leadtogether.surveys.answers import (
    AnswerError,
    AnswerValue,
    clean_answer,
    is_shown,
    missing_required,
)
from leadtogether.surveys.library import library_install
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    Mailing,
    MeasurementMoment,
    Question,
    Response,
)
from leadtogether.surveys.services.invitations import (
    default_texts,
    invitations_create,
    mailing_create,
    personal_link,
)
from leadtogether.surveys.services.moments import moment_create, moment_instrument_attach
from leadtogether.surveys.services.study import study_surveys_setup
from leadtogether.trajectories.models import Trajectory

SUBMITTED, IN_PROGRESS = Response.Status.SUBMITTED, Response.Status.IN_PROGRESS
DATE = "%Y-%m-%d"
DATETIME = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    who: str


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _trajectory_rows() -> list[dict[str, object]]:
    t = dataset.TRAJECTORY
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "start": t.start.strftime(DATE),
            "year_one_end": t.year_one_end.strftime(DATE),
            "end": t.end.strftime(DATE),
            "follow_up_end": t.follow_up_end.strftime(DATE),
        }
    ]


def _session_row(s: dataset.DemoSession) -> dict[str, object]:
    return {
        "session_id": s.ref,
        "kind": s.kind,
        "plg_id": s.plg_ref or "",
        "person_id": s.person_ref or "",
        "starts_at": s.starts_at.strftime(DATETIME),
        "ends_at": s.ends_at.strftime(DATETIME),
        "title": s.title,
        "location": s.location,
        "status": s.status,
        "cancel_reason": s.cancel_reason,
    }


# What each copy of a scaled demo changes per sheet: its refs, names and e-mails.
_COPIED_COLUMNS: dict[str, dict[str, str]] = {
    "schools": {"school_id": "ref", "name": "name"},
    "partnerships": {"partnership_id": "ref", "name": "name", "school_ids": "refs"},
    "people": {"person_id": "ref", "last_name": "name", "email": "email", "school_id": "ref"},
    "enrolments": {"person_id": "ref"},
    "plgs": {"plg_id": "ref", "name": "name", "partnership_id": "ref", "coach_person_id": "ref"},
    "plg_members": {"plg_id": "ref", "person_id": "ref"},
    "sessions": {"session_id": "ref", "plg_id": "ref", "person_id": "ref"},
    "attendance": {"session_id": "ref", "person_id": "ref"},
}


def copy_ref(ref: str, copy: int) -> str:
    """The ref of a record in COPY (1 is the demo itself) of a scaled demo: ``PLG05.x2``."""
    return ref if copy == 1 or not ref else f"{ref}.x{copy}"


def _copy_value(kind: str, value: object, copy: int) -> object:
    text = str(value)
    if kind == "ref":
        return copy_ref(text, copy)
    if kind == "refs":
        return ";".join(copy_ref(ref, copy) for ref in text.split(";"))
    if kind == "name":
        return f"{text} ({copy})"
    local, domain = text.split("@")  # the demo's addresses are letters and dots
    return f"{local}.{copy}@{domain}"


def _copies(name: str, rows: list[dict[str, object]], scale: int) -> list[dict[str, object]]:
    """ROWS followed by their copies 2 … SCALE, each with its own refs, names and e-mails."""
    columns = _COPIED_COLUMNS.get(name, {})
    if not columns:
        return rows
    return rows + [
        {
            key: _copy_value(columns[key], value, copy) if key in columns else value
            for key, value in row.items()
        }
        for copy in range(2, scale + 1)
        for row in rows
    ]


def demo_workbook(scale: int = 1) -> Workbook:
    """The study's trajectory as a workbook in the interchange format.

    With SCALE > 1 the trajectory holds SCALE copies of its partnerships, schools,
    people, PLGs and sessions, each copy with its own refs, names and e-mails.
    """
    sessions = dataset.sessions()
    people = dataset.PEOPLE
    sheets = [
        Sheet.from_rows("trajectory", _trajectory_rows()),
        Sheet.from_rows(
            "schools",
            (
                {
                    "school_id": s.ref,
                    "name": s.name,
                    "level": s.level,
                    "network": s.network,
                    "region": s.region,
                }
                for s in dataset.SCHOOLS
            ),
        ),
        Sheet.from_rows(
            "partnerships",
            (
                {
                    "partnership_id": p.ref,
                    "name": p.name,
                    "form": p.form,
                    "participation": p.participation,
                    "learning_level": str(p.learning_level),
                    "school_ids": ";".join(p.school_refs),
                }
                for p in dataset.PARTNERSHIPS
            ),
        ),
        Sheet.from_rows(
            "people",
            (
                {
                    "person_id": p.ref,
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                    "email": p.email,
                    "school_id": p.school_ref or "",
                    "function_title": p.function_title,
                    "function_category": p.function_category,
                }
                for p in people
            ),
        ),
        Sheet.from_rows(
            "enrolments",
            (
                {"person_id": p.ref, "research_consent": _yes_no(p.research_consent)}
                for p in people
                if p.enrolled
            ),
        ),
        Sheet.from_rows(
            "plgs",
            (
                {
                    "plg_id": g.ref,
                    "name": g.name,
                    "partnership_id": g.partnership_ref,
                    "coach_person_id": g.coach_ref,
                }
                for g in dataset.PLGS
            ),
        ),
        Sheet.from_rows(
            "plg_members",
            ({"plg_id": p.plg_ref, "person_id": p.ref} for p in people if p.plg_ref),
        ),
        Sheet.from_rows("sessions", (_session_row(s) for s in sessions)),
        Sheet.from_rows(
            "attendance",
            (
                {"session_id": s.ref, "person_id": person_ref, "attendance": status}
                for s in sessions
                for person_ref, status in s.attendance
            ),
        ),
        Sheet.from_rows("roles", _invited_rows()),
    ]
    if scale > 1:
        sheets = [
            Sheet.from_rows(sheet.name, _copies(sheet.name, sheet.rows, scale)) for sheet in sheets
        ]
    return {sheet.name: sheet for sheet in sheets}


def _invited_rows() -> list[dict[str, object]]:
    """The pending invitations: a coach's row per PLG they coach."""
    email = {person.ref: person.email for person in dataset.PEOPLE}
    rows: list[dict[str, object]] = []
    for person_ref, role in dataset.INVITED:
        plgs = [plg.ref for plg in dataset.PLGS if role == "coach" and plg.coach_ref == person_ref]
        rows += [
            {"email": email[person_ref], "role": role, "plg_id": plg, "partnership_id": ""}
            for plg in plgs or [""]
        ]
    return rows


def _account(trajectory: Trajectory, account: dataset.DemoAccount) -> DemoLogin:
    person = Person.objects.get(ref=account.person_ref) if account.person_ref else None
    user = User(username=account.username, person=person)
    if person is not None:
        user.first_name, user.last_name, user.email = (
            person.first_name,
            person.last_name,
            person.email,
        )
    user.set_password(account.password)
    user.full_clean()
    user.save()
    partnership = (
        Partnership.objects.get(ref=account.partnership_ref) if account.partnership_ref else None
    )
    role_grant_create(
        actor=None, user=user, trajectory=trajectory, role=account.role, partnership=partnership
    )
    who = str(person) if person else ""
    if partnership is not None:
        who = f"{who}, {partnership}"
    return DemoLogin(account.username, account.password, str(Role(account.role).label), who)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else timezone.make_aware(moment)


def _checked_answers(
    questions: dict[str, Question], response: survey_data.DemoResponse
) -> dict[Question, AnswerValue]:
    """The response's answers as stored values, checked as any answer is."""
    where = f"demo survey {response.moment}, {response.person_ref}"
    values: dict[int, AnswerValue] = {}
    for code, raw in response.answers:
        question = questions[code]
        try:
            value = clean_answer(question, raw)
        except AnswerError as error:
            raise ValueError(f"{where}, {code}: {error}") from None
        if value is not None:
            values[question.pk] = value
    hidden = [q.code for q in questions.values() if q.pk in values and not is_shown(q, values)]
    missing = missing_required(questions.values(), values) if response.submitted_at else []
    if hidden or missing:
        codes = ", ".join(hidden + [question.code for question in missing])
        raise ValueError(f"{where}: hidden or missing answers: {codes}")
    by_pk = {question.pk: question for question in questions.values()}
    return {by_pk[pk]: value for pk, value in values.items()}


def _demo_moments(
    trajectory: Trajectory,
) -> tuple[dict[str, MeasurementMoment], dict[str, InstrumentVersion]]:
    """The four study moments, each asking its built-in instrument, everyone invited."""
    study_surveys_setup(actor=None, trajectory=trajectory)
    moments = {
        moment.key: moment
        for moment in trajectory.measurement_moments.prefetch_related("moment_instruments")
    }
    versions = {}
    for key, moment in moments.items():
        versions[key] = moment.moment_instruments.get().version
        invitations_create(actor=None, moment=moment)
    return moments, versions


def _invitations_update(
    moments: dict[str, MeasurementMoment],
    person_pk: dict[str, int],
    states: tuple[survey_data.DemoInvitation, ...],
) -> None:
    """When the invitations went out and were reminded; one update per group of equal times.

    Started and completed times come from the responses (``_responses_create`` first).
    """
    groups: dict[tuple[str, datetime, int, datetime | None], list[int]] = defaultdict(list)
    for state in states:
        key = (state.moment, state.sent_at, state.reminder_count, state.last_reminded_at)
        groups[key].append(person_pk[state.person_ref])
    for (moment, sent_at, count, last_reminded_at), people in groups.items():
        Invitation.objects.filter(moment=moments[moment], person_id__in=people).update(
            created_at=_aware(sent_at),
            sent_at=_aware(sent_at),
            reminder_count=count,
            last_reminded_at=_aware(last_reminded_at),
        )
    responses = Response.objects.filter(invitation=OuterRef("pk")).order_by("started_at")
    Invitation.objects.filter(moment__in=moments.values()).update(
        started_at=Subquery(responses.values("started_at")[:1]),
        completed_at=Subquery(
            responses.filter(status=SUBMITTED).order_by("submitted_at").values("submitted_at")[:1]
        ),
    )


def _response_times_set(
    responses: list[Response], items: tuple[survey_data.DemoResponse, ...]
) -> None:
    """Give the responses the demo's start and save times (saving set them to now).

    A submitted response was last saved when submitted; it started a few minutes before,
    so responses that took equally long are updated together.
    """
    took: dict[timedelta, list[int]] = defaultdict(list)
    for response, item in zip(responses, items, strict=True):
        if item.submitted_at is None:
            started_at = _aware(item.started_at)
            Response.objects.filter(pk=response.pk).update(
                started_at=started_at, updated_at=started_at
            )
        else:
            took[item.submitted_at - item.started_at].append(response.pk)
    for duration, pks in took.items():
        Response.objects.filter(pk__in=pks).update(
            started_at=F("submitted_at") - duration, updated_at=F("submitted_at")
        )


def _responses_create(
    moments: dict[str, MeasurementMoment],
    versions: dict[str, InstrumentVersion],
    person_pk: dict[str, int],
    items: tuple[survey_data.DemoResponse, ...],
) -> None:
    """The responses with their answers, every answer checked as any answer is."""
    questions: dict[int, dict[str, Question]] = defaultdict(dict)
    for question in Question.objects.filter(version__in=versions.values()).prefetch_related(
        "choices"
    ):
        questions[question.version_id][question.code] = question
    invitation_pk = {
        (moment_id, person_id): pk
        for pk, moment_id, person_id in Invitation.objects.filter(
            moment__in=moments.values()
        ).values_list("pk", "moment_id", "person_id")
    }
    responses, answers = [], []
    for item in items:
        moment, version = moments[item.moment], versions[item.moment]
        person_id = person_pk[item.person_ref]
        response = Response(
            moment=moment,
            person_id=person_id,
            version=version,
            invitation_id=invitation_pk[moment.pk, person_id],
            status=SUBMITTED if item.submitted_at else IN_PROGRESS,
            source=Response.Source.LINK,
            submitted_at=_aware(item.submitted_at),
        )
        responses.append(response)
        answers.append((response, _checked_answers(questions[version.pk], item)))
    Response.objects.bulk_create(responses)
    _response_times_set(responses, items)
    Answer.objects.bulk_create(
        Answer(response=response, question=question, value=value)
        for response, values in answers
        for question, value in values.items()
    )
    Answer.objects.filter(response__moment__in=moments.values()).update(
        answered_at=Subquery(
            Response.objects.filter(pk=OuterRef("response_id")).values("updated_at")[:1]
        )
    )


def _surveys_build(trajectory: Trajectory, scale: int) -> None:
    """Invitations, responses and answers of the demo's measurement moments, in bulk."""
    moments, versions = _demo_moments(trajectory)
    surveys = survey_data.demo_surveys(
        {key: (moment.opens_on, moment.closes_on) for key, moment in moments.items()}
    )
    if scale > 1:
        surveys = survey_data.DemoSurveys(
            responses=tuple(
                replace(item, person_ref=copy_ref(item.person_ref, copy))
                for copy in range(1, scale + 1)
                for item in surveys.responses
            ),
            invitations=tuple(
                replace(item, person_ref=copy_ref(item.person_ref, copy))
                for copy in range(1, scale + 1)
                for item in surveys.invitations
            ),
        )
    person_pk = dict(
        Person.objects.filter(enrolments__trajectory=trajectory).values_list("ref", "pk")
    )
    _responses_create(moments, versions, person_pk, surveys.responses)
    _invitations_update(moments, person_pk, surveys.invitations)


OPEN_MOMENT_KEY = "check-in"


def _open_moment(trajectory: Trajectory, today: date) -> MeasurementMoment:
    """A check-in of the PLGs that is open today, so the personal links can be tried.

    The study's four moments all lie in the past; this later moment (its dates follow
    the day the demo is built, everything else is fixed) asks the one-year-after
    questionnaire again and invites everyone, nobody has answered yet.
    """
    moment = moment_create(
        actor=None,
        trajectory=trajectory,
        key=OPEN_MOMENT_KEY,
        name="Opvolging PLG-werking",
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=30),
    )
    instrument = library_install(actor=None)[survey_data.MOMENT_INSTRUMENTS["follow-up"]]
    moment_instrument_attach(actor=None, moment=moment, version=instrument.versions.get(number=1))
    invitations_create(actor=None, moment=moment)
    # the invitations wait in a draft: the organiser previews the e-mail and confirms it
    mailing_create(
        actor=None,
        moment=moment,
        audience=Mailing.Audience.NOT_INVITED,
        **default_texts(moment, Mailing.Audience.NOT_INVITED),
    )
    return moment


def demo_try_link(username: str) -> str:
    """The personal link of USERNAME's person for the demo's open moment."""
    invitation = Invitation.objects.get(
        moment__key=OPEN_MOMENT_KEY,
        moment__trajectory__slug=dataset.TRAJECTORY.slug,
        person__user__username=username,
    )
    return personal_link(invitation)


@transaction.atomic
def demo_build(scale: int = 1) -> list[DemoLogin]:
    """Import the demo trajectory into an empty database, one login per role, its surveys.

    SCALE copies of its records (``demo_workbook``) make a trajectory as many times larger
    for measuring; the logins belong to the first copy, the demo itself.
    """
    if scale < 1:
        raise ValueError(f"The demo's scale is a whole number from 1 up, not {scale}.")
    workbook_import(workbook=demo_workbook(scale), actor=None)
    trajectory = Trajectory.objects.get(slug=dataset.TRAJECTORY.slug)
    logins = [_account(trajectory, account) for account in dataset.ACCOUNTS]
    _surveys_build(trajectory, scale)
    _open_moment(trajectory, timezone.localdate())
    coding_build(trajectory)
    audit_record(actor=None, action="demo_build", obj=trajectory, detail={"logins": len(logins)})
    statistics_refresh(filled=True)
    return logins
