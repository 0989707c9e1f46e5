"""Answers given through a personal link: found by token, saved as the respondent goes,
submitted once, and afterwards changed only by a researcher's logged correction.

Every write locks the response row first (``select_for_update``; SQLite serialises its
writers), so a save, a submit and a correction of the same response never interleave:
once a response is submitted, no answer-saving path can change it any more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.answers import AnswerError, AnswerValue, clean_answer, missing_required
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    MomentInstrument,
    Question,
    Response,
)

# Tokens made by ``invitations.new_token`` are URL-safe base64; anything else is no token
# and is refused without a query.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ResponseSubmitted(ValidationError):
    """The response was submitted; only a researcher's correction changes it now."""

    def __init__(self, response: Response) -> None:
        self.response = response
        when = formats.date_format(timezone.localtime(response.submitted_at), "DATETIME_FORMAT")
        super().__init__(
            _("These answers were submitted on %(date)s and can no longer be changed.")
            % {"date": when},
            code="submitted",
        )


class ResponseIncomplete(ValidationError):
    """Required questions (among those shown) are still unanswered."""

    def __init__(self, missing: list[Question]) -> None:
        self.missing = missing
        listed = "; ".join(Truncator(question.text).chars(80) for question in missing)
        super().__init__(
            _("Please answer the required questions first: %(questions)s") % {"questions": listed},
            code="incomplete",
        )


def _one(queryset: Any) -> Any:
    """The first row of QUERYSET in no particular order (for lookups by a unique key,
    so no ORDER BY is compiled or run), or None."""
    return next(iter(queryset.order_by()[:1]), None)


def invitation_by_token(
    token: str, *, related: tuple[str, ...] = ("moment__trajectory", "person")
) -> Invitation | None:
    """The invitation of a personal link (with RELATED rows), or None when the token is
    not known."""
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    return _one(Invitation.objects.select_related(*related).filter(token=token))


def moment_versions(invitation: Invitation) -> list[InstrumentVersion]:
    """The instrument versions of the invitation's moment, in the order they are asked."""
    links = (
        MomentInstrument.objects.filter(moment_id=invitation.moment_id)
        .select_related("version__instrument")
        .order_by("position", "pk")
    )
    return [link.version for link in links]


def invitation_responses(invitation: Invitation) -> dict[int, Response]:
    """The invited person's responses at the moment, by instrument version id."""
    responses = Response.objects.filter(
        moment_id=invitation.moment_id, person_id=invitation.person_id
    )
    return {response.version_id: response for response in responses}


def autosave_question(invitation: Invitation, question_id: int | None) -> Question | None:
    """Question QUESTION_ID with its version, when the invitation's moment asks it (one
    query; a choice question reads its options when its answer is checked)."""
    if question_id is None:
        return None
    return _one(
        Question.objects.filter(
            pk=question_id, version__moment_instruments__moment_id=invitation.moment_id
        ).select_related("version")
    )


def autosave_response(
    invitation: Invitation, question: Question
) -> tuple[Response | None, dict[int, AnswerValue]]:
    """The invited person's response to QUESTION's version at the invitation's moment (None
    before the first answer) and QUESTION's stored answer by question id: one query."""
    stored = Answer.objects.filter(response_id=OuterRef("pk"), question_id=question.pk)
    response = _one(
        Response.objects.filter(
            moment_id=invitation.moment_id,
            person_id=invitation.person_id,
            version_id=question.version_id,
        ).annotate(stored=Subquery(stored.values("value")[:1], output_field=JSONField()))
    )
    if response is None or response.stored is None:
        return response, {}
    return response, {question.pk: response.stored}


def version_questions(version: InstrumentVersion) -> list[Question]:
    """The version's questions in order, with their options (two queries in all)."""
    return list(
        Question.objects.filter(version=version)
        .prefetch_related("choices")
        .order_by("position", "pk")
    )


def response_answer_values(response: Response | None) -> dict[int, AnswerValue]:
    """The stored answers of RESPONSE by question id (empty without a response)."""
    if response is None or response.pk is None:
        return {}
    return dict(Answer.objects.filter(response=response).values_list("question_id", "value"))


def _locked(response: Response) -> Response:
    """RESPONSE re-read under a row lock, so its status cannot change until commit."""
    return Response.objects.select_for_update().get(pk=response.pk)


# The keys a new response is made with are rows the caller already holds: validating
# them again would only read them back.
_RESPONSE_KEYS = ["moment", "person", "version", "invitation"]


@transaction.atomic
def response_open(*, invitation: Invitation, version: InstrumentVersion) -> Response:
    """The invited person's response to VERSION at the invitation's moment, made if new."""
    if not MomentInstrument.objects.filter(
        moment_id=invitation.moment_id, version=version
    ).exists():
        raise ValidationError(
            _("%(version)s is not asked at %(moment)s.")
            % {"version": version, "moment": invitation.moment}
        )
    lookup = {
        "moment_id": invitation.moment_id,
        "person_id": invitation.person_id,
        "version": version,
    }
    response = Response(**lookup, invitation=invitation, source=Response.Source.LINK)
    response.full_clean(exclude=_RESPONSE_KEYS, validate_unique=False, validate_constraints=False)
    # One response per person, moment and version is the database's unique constraint:
    # when the response exists already (a second tab, a double click, a race), the
    # insert fails and the existing row is the answer.
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return Response.objects.get(**lookup)
    audit_record(
        actor=None,
        action="response_open",
        obj=response,
        detail={"moment": invitation.moment.key, "version": version.number},
    )
    return response


def _lock_in_progress(response: Response) -> None:
    """Lock RESPONSE's row until the caller's transaction ends; ResponseSubmitted if it is
    not in progress any more. Reads, writes nothing (SQLite's write transaction holds
    the database already; PostgreSQL locks the row)."""
    status = _one(
        Response.objects.select_for_update().filter(pk=response.pk).values_list("status", flat=True)
    )
    if status != Response.Status.IN_PROGRESS:
        raise ResponseSubmitted(Response.objects.get(pk=response.pk))


def _mark_started(response: Response, invitation: Invitation | None, now: Any) -> None:
    """Note on the invitation when its survey was first answered (once)."""
    own = (
        invitation is not None
        and invitation.moment_id == response.moment_id
        and invitation.person_id == response.person_id
    )
    if own and invitation.started_at is not None:
        return
    Invitation.objects.filter(
        moment_id=response.moment_id, person_id=response.person_id, started_at__isnull=True
    ).update(started_at=now)
    if own:
        invitation.started_at = now


def response_answers_save(
    *,
    response: Response,
    raw_answers: Mapping[Question, Any],
    invitation: Invitation | None = None,
    stored: Mapping[int, AnswerValue] | None = None,
) -> dict[Question, str]:
    """Save the answers that are valid and changed; return the message of each invalid one.

    A blank answer removes the stored one. Invalid answers are not saved (the stored
    answer, if any, stays). Questions should come with their choices prefetched
    (``version_questions``). Answers equal to the stored ones are not written: when
    nothing changed, the save reads the stored answers (or takes STORED, the caller's
    reading of them by question id) and writes nothing. Otherwise one short transaction
    locks the response (refusing it when it was submitted meanwhile), writes the changed
    answers, the invitation's ``started_at`` the first time (skipped when INVITATION,
    the response's own, says it is set) and one audit entry with the codes of the
    questions saved and cleared. The response's own row is not written.
    Raises ResponseSubmitted when the response was already submitted.
    """
    if response.status == Response.Status.SUBMITTED:
        raise ResponseSubmitted(response)
    errors: dict[Question, str] = {}
    cleaned: dict[Question, AnswerValue | None] = {}
    for question, raw in raw_answers.items():
        if question.version_id != response.version_id:
            raise ValidationError(
                _("Question %(code)s is not part of %(version)s.")
                % {"code": question.code, "version": response.version}
            )
        try:
            cleaned[question] = clean_answer(question, raw)
        except AnswerError as error:
            errors[question] = str(error)
    if not cleaned:
        return errors
    if stored is None:
        stored = dict(
            Answer.objects.filter(
                response_id=response.pk, question_id__in=[question.pk for question in cleaned]
            )
            .order_by()
            .values_list("question_id", "value")
        )
    cleared = [q.pk for q, value in cleaned.items() if value is None and q.pk in stored]
    changed = [
        Answer(response=response, question=question, value=value)
        for question, value in cleaned.items()
        if value is not None and (question.pk not in stored or stored[question.pk] != value)
    ]
    if not (cleared or changed):
        return errors
    for answer in changed:
        # The value was checked by clean_answer; the keys by the lock and the constraint.
        answer.full_clean(
            exclude=["response", "question"], validate_unique=False, validate_constraints=False
        )
    with transaction.atomic():
        now = timezone.now()
        _lock_in_progress(response)
        if cleared:
            Answer.objects.filter(response_id=response.pk, question_id__in=cleared).delete()
        if changed:
            for answer in changed:
                answer.answered_at = now
            Answer.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["response", "question"],
                update_fields=["value", "answered_at"],
            )
            _mark_started(response, invitation, now)
        in_order = sorted(cleaned, key=lambda question: (question.position, question.pk))
        saved = {answer.question_id for answer in changed}
        audit_record(
            actor=None,
            action="response_answers_save",
            obj=response,
            detail={
                "saved": [question.code for question in in_order if question.pk in saved],
                "cleared": [question.code for question in in_order if question.pk in cleared],
            },
        )
    return errors


def response_submit(*, response: Response, questions: list[Question] | None = None) -> Response:
    """Submit RESPONSE once; submitting it again returns it unchanged.

    Raises ResponseIncomplete (listing the questions) when a required question that is
    shown has no answer. When every instrument of the moment is submitted, the
    invitation is completed. QUESTIONS, the version's questions when the caller holds
    them, spare reading them again.

    One write transaction: the status changes first (which locks the row, and finds a
    response submitted meanwhile), then the answers are read and checked under that
    lock, so no save can slip in between; an incomplete response rolls back.
    """
    if response.status == Response.Status.SUBMITTED:
        return response
    if questions is None:
        questions = list(
            Question.objects.filter(version_id=response.version_id).order_by("position", "pk")
        )
    try:
        return _submit_locked(response, questions)
    except _AlreadySubmitted:
        return Response.objects.get(pk=response.pk)


class _AlreadySubmitted(Exception):
    """Another submit of the same response came first (rolls back this one)."""


@transaction.atomic
def _submit_locked(response: Response, questions: list[Question]) -> Response:
    now = timezone.now()
    if not Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).update(
        status=Response.Status.SUBMITTED, submitted_at=now, updated_at=now
    ):
        raise _AlreadySubmitted
    answers = response_answer_values(response)
    missing = missing_required(questions, answers)
    if missing:
        raise ResponseIncomplete(missing)
    response.status, response.submitted_at, response.updated_at = (
        Response.Status.SUBMITTED,
        now,
        now,
    )
    # The keys are the rows held here: not read back to validate.
    response.full_clean(exclude=_RESPONSE_KEYS, validate_unique=False, validate_constraints=False)
    # The invitation is completed when no instrument of the moment is left unsubmitted
    # (one statement: the check is the update's condition).
    unanswered = MomentInstrument.objects.filter(moment_id=response.moment_id).exclude(
        version_id__in=Response.objects.filter(
            moment_id=response.moment_id,
            person_id=response.person_id,
            status=Response.Status.SUBMITTED,
        ).values("version_id")
    )
    Invitation.objects.filter(
        ~Exists(unanswered),
        moment_id=response.moment_id,
        person_id=response.person_id,
        completed_at__isnull=True,
    ).update(started_at=Coalesce("started_at", Value(now)), completed_at=now)
    audit_record(
        actor=None,
        action="response_submit",
        obj=response,
        detail={"version": response.version_id, "answers": len(answers)},
    )
    return response


@transaction.atomic
def response_correct(
    *,
    actor: User | None,
    response: Response,
    question: Question,
    value: Any,
    reason: str,
) -> Answer | None:
    """Change one answer of a submitted response, with the reason, in the audit log.

    A blank VALUE removes the answer. Returns the answer as it now is (None if removed).
    A response still in progress belongs to its respondent and is not corrected.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the answer is corrected.")})
    locked = _locked(response)
    if locked.status != Response.Status.SUBMITTED:
        raise ValidationError(
            _("Only submitted responses are corrected; this one is still in progress.")
        )
    if question.version_id != locked.version_id:
        raise ValidationError(
            {
                "question": _("Question %(code)s is not part of %(version)s.")
                % {"code": question.code, "version": locked.version}
            }
        )
    try:
        new = clean_answer(question, value)
    except AnswerError as error:
        raise ValidationError({"value": f"{question.code}: {error}"}) from None
    answer = Answer.objects.filter(response=locked, question=question).first()
    old = answer.value if answer is not None else None
    if old == new:
        raise ValidationError(
            {
                "value": _("%(code)s already has this answer; nothing to correct.")
                % {"code": question.code}
            }
        )
    if new is None and answer is not None:
        answer.delete()
        answer = None
    elif new is not None:
        if answer is None:
            answer = Answer(response=locked, question=question)
        answer.value = new
        # The response and question are the rows held here: not read back to validate.
        answer.full_clean(
            exclude=["response", "question"], validate_unique=False, validate_constraints=False
        )
        answer.save()
    Response.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="response_correct",
        obj=locked,
        detail={"question": question.code, "old": old, "new": new, "reason": reason},
    )
    return answer
