"""Versions of an instrument: the version a change applies to, copied when answered.

Only the latest version of an instrument is edited. While it has no answers, a change
edits it in place; once it has an answer, a change first copies it into a new version
(questions, options and conditions included) and applies the change to the copy. The
measurement moments that asked the old version and have no answers yet switch to the new
one; moments with answers keep the version their answers belong to.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.models import (
    Answer,
    Choice,
    Instrument,
    InstrumentVersion,
    MomentInstrument,
    Question,
    Response,
)

# The fields of a question that a new version copies as they are.
_COPIED_FIELDS = (
    "position",
    "code",
    "kind",
    "required",
    "page",
    "text_nl",
    "text_en",
    "help_nl",
    "help_en",
    "min_value",
    "max_value",
    "show_if_values",
)


def latest_version(instrument: Instrument) -> InstrumentVersion:
    version = instrument.versions.order_by("-number").first()
    if version is None:  # an instrument always has a version; repair one made elsewhere
        version = InstrumentVersion.objects.create(instrument=instrument, number=1)
    return version


def version_has_answers(version: InstrumentVersion) -> bool:
    """Whether anyone answered VERSION (an answer, or a submitted response)."""
    return (
        Answer.objects.filter(question__version=version).exists()
        or Response.objects.filter(version=version, status=Response.Status.SUBMITTED).exists()
    )


def _answered_moment_ids(version: InstrumentVersion) -> set[int]:
    return set(
        Response.objects.filter(version=version)
        .filter(Q(status=Response.Status.SUBMITTED) | Q(answers__isnull=False))
        .values_list("moment_id", flat=True)
    )


def _copy_version(old: InstrumentVersion) -> InstrumentVersion:
    number = (old.instrument.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    new = InstrumentVersion.objects.create(instrument=old.instrument, number=number)
    questions = list(old.questions.order_by("position").prefetch_related("choices"))
    copies = Question.objects.bulk_create(
        Question(version=new, **{name: getattr(question, name) for name in _COPIED_FIELDS})
        for question in questions
    )
    copy_of = {question.pk: copy for question, copy in zip(questions, copies, strict=True)}
    conditional = []
    for question in questions:
        if question.show_if_question_id:
            copy = copy_of[question.pk]
            copy.show_if_question = copy_of[question.show_if_question_id]
            conditional.append(copy)
    Question.objects.bulk_update(conditional, ["show_if_question"])
    Choice.objects.bulk_create(
        Choice(
            question=copy_of[question.pk],
            position=choice.position,
            code=choice.code,
            label_nl=choice.label_nl,
            label_en=choice.label_en,
        )
        for question in questions
        for choice in question.choices.all()
    )
    return new


def _switch_unanswered_moments(old: InstrumentVersion, new: InstrumentVersion) -> list[int]:
    """Moments asking OLD without answers to it ask NEW instead; their empty responses
    (opened, nothing answered) move along. Returns the ids of the switched moments."""
    answered = _answered_moment_ids(old)
    links = MomentInstrument.objects.filter(version=old).exclude(moment_id__in=answered)
    moment_ids = list(links.values_list("moment_id", flat=True))
    if moment_ids:
        MomentInstrument.objects.filter(version=old, moment_id__in=moment_ids).update(version=new)
        Response.objects.filter(version=old, moment_id__in=moment_ids).update(version=new)
    return moment_ids


@transaction.atomic
def version_for_change(instrument: Instrument, *, actor: User | None = None) -> InstrumentVersion:
    """The version a change applies to: the latest one while it has no answers, else a
    new copy of it (the unanswered moments of the old version switch to the copy).

    Locks the instrument's row until the change commits, so changes to one instrument
    made at the same moment take turns: the second one finds the first one's copy (and
    its questions) instead of making a second copy with the same number.
    """
    Instrument.objects.select_for_update(no_key=True).filter(pk=instrument.pk).first()
    latest = latest_version(instrument)
    if not version_has_answers(latest):
        return latest
    new = _copy_version(latest)
    switched = _switch_unanswered_moments(latest, new)
    audit_record(
        actor=actor,
        action="instrument_version_create",
        obj=new,
        detail={"from": latest.number, "to": new.number, "moments_switched": switched},
    )
    return new


def in_version_for_change(question: Question, actor: User | None) -> Question:
    """QUESTION as it is in the version a change applies to (its copy in a new version
    when its own version has answers). Only questions of the latest version change."""
    instrument = question.version.instrument
    latest = latest_version(instrument)
    if question.version_id != latest.pk:
        raise ValidationError(
            _(
                "Question %(code)s belongs to version %(old)s; only the latest version "
                "(%(new)s) can be changed."
            )
            % {"code": question.code, "old": question.version.number, "new": latest.number}
        )
    version = version_for_change(instrument, actor=actor)
    if version.pk == question.version_id:
        return question
    return version.questions.select_related("version__instrument").get(code=question.code)
