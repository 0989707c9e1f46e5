"""Writes of the questions of an instrument: add, change, move and remove.

Each change is checked as a whole (variable name, wording, bounds, answer options and the
condition on an earlier question; every problem is named) and goes to the version a
change applies to (see ``versions``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.surveys.answers import NUMBER_LIMIT
from leadtogether.surveys.models import Instrument, InstrumentVersion, Question
from leadtogether.surveys.services.choices import (
    YES_NO_CHOICES,
    ChoiceData,
    check_choices,
    clean_choices,
    store_choices,
)
from leadtogether.surveys.services.versions import in_version_for_change, version_for_change

Kind = Question.Kind

CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,59}")


@dataclass(frozen=True)
class QuestionFields:
    """What the builder says about one question.

    ``show_if`` is the variable name of an earlier choice question of the same version
    (empty: always shown); ``show_if_values`` the codes of its answers that show this one.
    """

    code: str
    kind: str
    text_nl: str
    text_en: str = ""
    help_nl: str = ""
    help_en: str = ""
    required: bool = False
    page: int = 1
    min_value: int | None = None
    max_value: int | None = None
    show_if: str = ""
    show_if_values: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, question: Question) -> QuestionFields:
        """The fields of QUESTION as stored (its condition by variable name)."""
        return cls(
            code=question.code,
            kind=question.kind,
            text_nl=question.text_nl,
            text_en=question.text_en,
            help_nl=question.help_nl,
            help_en=question.help_en,
            required=question.required,
            page=question.page,
            min_value=question.min_value,
            max_value=question.max_value,
            show_if=question.show_if_question.code if question.show_if_question_id else "",
            show_if_values=tuple(str(value) for value in question.show_if_values),
        )


def _code_error(code: str) -> str | None:
    if not CODE_PATTERN.fullmatch(code):
        return _(
            "Variable name '%(code)s': start with a letter, then use only letters, digits "
            "and underscores (at most 60 characters)."
        ) % {"code": code}
    return None


def _validate(
    *,
    version: InstrumentVersion,
    fields: QuestionFields,
    question: Question | None,
    choices: Sequence[ChoiceData] | None,
    siblings: list[Question],
) -> Question | None:
    """Check FIELDS for QUESTION (None: a new question at the end of VERSION).

    SIBLINGS are the other questions of the version, with their choices prefetched;
    CHOICES the options it will have (None: the stored ones). Returns the question the
    condition refers to; raises ValidationError naming every problem.
    """
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    code_problem = _code_error(fields.code)
    if code_problem:
        error("code", code_problem)
    for sibling in siblings:
        if sibling.code == fields.code:
            error(
                "code",
                _("'%(code)s' is already the variable name of question %(position)s.")
                % {"code": fields.code, "position": sibling.position},
            )
    if fields.kind not in Kind.values:
        error("kind", _("Unknown kind of question: '%(kind)s'.") % {"kind": fields.kind})
    if not fields.text_nl.strip():
        error("text_nl", _("The Dutch wording of the question is missing."))
    if fields.page < 1:
        error("page", _("Pages are numbered from 1."))
    has_bounds = fields.min_value is not None or fields.max_value is not None
    if fields.kind != Kind.NUMBER and has_bounds:
        error("min_value", _("Only number questions have a minimum and maximum."))
    for name in ("min_value", "max_value"):
        bound = getattr(fields, name)
        if bound is not None and abs(bound) > NUMBER_LIMIT:
            error(
                name,
                _("Number answers lie between %(min)s and %(max)s.")
                % {"min": -NUMBER_LIMIT, "max": NUMBER_LIMIT},
            )
    if (
        fields.min_value is not None
        and fields.max_value is not None
        and fields.min_value > fields.max_value
    ):
        error("max_value", _("The maximum must not be below the minimum."))

    label = _("Question '%(code)s'") % {"code": fields.code}
    has_choices = fields.kind in Question.CHOICE_KINDS
    if choices is not None and not has_choices and choices:
        error("choices", _("Only choice questions have answer options."))
    final_codes: list[str] = []
    if has_choices:
        final = choices
        if final is None:
            kept = list(question.choices.all()) if question is not None else []
            final = [ChoiceData(c.code, c.label_nl, c.label_en) for c in kept]
        for message in check_choices(label, fields.kind, final):
            error("choices", message)
        final_codes = [choice.code for choice in final]

    # The condition: an earlier choice question of the same version, existing codes.
    position = question.position if question is not None else None
    earlier = None
    values = [str(value).strip() for value in fields.show_if_values if str(value).strip()]
    own_codes = {fields.code, question.code if question is not None else fields.code}
    if fields.show_if and fields.show_if in own_codes:
        error("show_if", _("A question cannot depend on its own answer."))
    elif fields.show_if:
        earlier = next((s for s in siblings if s.code == fields.show_if), None)
        if earlier is None:
            error(
                "show_if",
                _("There is no question '%(code)s' in this version.") % {"code": fields.show_if},
            )
        elif position is not None and earlier.position > position:
            error(
                "show_if",
                _(
                    "Question '%(code)s' comes after this one; a question can depend only on "
                    "an earlier question."
                )
                % {"code": earlier.code},
            )
        elif not earlier.has_choices:
            error(
                "show_if",
                _("Question '%(code)s' has no answer options to depend on.")
                % {"code": earlier.code},
            )
        else:
            codes = [choice.code for choice in earlier.choices.all()]
            unknown = [value for value in values if value not in codes]
            if not values:
                error("show_if_values", _("Say which answers show this question."))
            elif unknown:
                error(
                    "show_if_values",
                    _("Not among the answers of '%(question)s' (%(codes)s): %(unknown)s")
                    % {
                        "question": earlier.code,
                        "codes": ", ".join(codes),
                        "unknown": ", ".join(unknown),
                    },
                )
    elif values:
        error("show_if_values", _("Choose the earlier question these answers belong to."))

    # Questions that depend on this one must still find their answers.
    if question is not None:
        for dependent in siblings:
            if dependent.show_if_question_id != question.pk:
                continue
            if not has_choices:
                error(
                    "kind",
                    _(
                        "Question '%(dependent)s' depends on the answer to this one, so it "
                        "must keep answer options."
                    )
                    % {"dependent": dependent.code},
                )
                continue
            lost = [str(v) for v in dependent.show_if_values if str(v) not in final_codes]
            if lost:
                error(
                    "choices",
                    _(
                        "Question '%(dependent)s' is shown on the answer(s) %(codes)s of this "
                        "question; keep those options or change its condition first."
                    )
                    % {"dependent": dependent.code, "codes": ", ".join(lost)},
                )
    if errors:
        raise ValidationError(errors)
    return earlier


def _apply(question: Question, fields: QuestionFields, earlier: Question | None) -> None:
    has_condition = earlier is not None
    question.code = fields.code
    question.kind = fields.kind
    question.text_nl = fields.text_nl.strip()
    question.text_en = fields.text_en.strip()
    question.help_nl = fields.help_nl.strip()
    question.help_en = fields.help_en.strip()
    question.required = fields.required
    question.page = fields.page
    question.min_value = fields.min_value
    question.max_value = fields.max_value
    question.show_if_question = earlier
    question.show_if_values = (
        [str(v).strip() for v in fields.show_if_values if str(v).strip()] if has_condition else []
    )


def _siblings(version: InstrumentVersion, question: Question | None) -> list[Question]:
    others = version.questions.prefetch_related("choices").order_by("position")
    if question is not None:
        others = others.exclude(pk=question.pk)
    return list(others)


def _choices_after_change(
    question: Question | None, kind: str, choices: Sequence[ChoiceData] | None
) -> list[ChoiceData] | None:
    """The options to store after a change, or None to keep the stored ones."""
    if kind not in Question.CHOICE_KINDS:
        return list(choices) if choices else []  # options given here are refused
    if choices is not None:
        return list(choices)
    if kind == Kind.YES_NO:
        stored = sorted(c.code for c in question.choices.all()) if question is not None else []
        if stored != ["no", "yes"]:
            return [ChoiceData(*choice) for choice in YES_NO_CHOICES]
    if question is None:
        return []
    return None


@transaction.atomic
def question_add(
    *,
    actor: User | None,
    instrument: Instrument,
    fields: QuestionFields,
    choices: Sequence[ChoiceData] | None = None,
) -> Question:
    """Add a question at the end of the instrument. A yes/no question gets the options
    yes and no by itself; other choice questions need CHOICES."""
    version = version_for_change(instrument, actor=actor)
    cleaned = clean_choices(choices) if choices is not None else None
    siblings = _siblings(version, None)
    to_store = _choices_after_change(None, fields.kind, cleaned)
    earlier = _validate(
        version=version,
        fields=fields,
        question=None,
        choices=to_store,
        siblings=siblings,
    )
    question = Question(version=version, position=len(siblings) + 1)
    _apply(question, fields, earlier)
    question.full_clean()
    save_unique(question)
    if to_store:
        store_choices(question, to_store)
    audit_record(
        actor=actor,
        action="question_add",
        obj=question,
        detail={"instrument": instrument.key, "version": version.number, "code": question.code},
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: User | None,
    question: Question,
    fields: QuestionFields,
    choices: Sequence[ChoiceData] | None = None,
) -> Question:
    """Change a question of the latest version (in a new version once it has answers).
    CHOICES replace the answer options; None keeps them. Returns the changed question."""
    question = in_version_for_change(question, actor)
    cleaned = clean_choices(choices) if choices is not None else None
    to_store = _choices_after_change(question, fields.kind, cleaned)
    earlier = _validate(
        version=question.version,
        fields=fields,
        question=question,
        choices=to_store,
        siblings=_siblings(question.version, question),
    )
    _apply(question, fields, earlier)
    question.full_clean()
    save_unique(question)
    if to_store is not None:
        store_choices(question, to_store)
    audit_record(
        actor=actor,
        action="question_update",
        obj=question,
        detail={"version": question.version.number, "code": question.code},
    )
    return question


@transaction.atomic
def question_move(
    *, actor: User | None, question: Question, direction: Literal["up", "down"]
) -> Question:
    """Swap the question with the one above or below it. A question stays below the
    question it depends on. Returns the moved question."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    question = in_version_for_change(question, actor)
    others = question.version.questions.exclude(pk=question.pk)
    if direction == "up":
        neighbour = others.filter(position__lt=question.position).order_by("-position").first()
    else:
        neighbour = others.filter(position__gt=question.position).order_by("position").first()
    if neighbour is None:
        return question
    above, below = (neighbour, question) if direction == "up" else (question, neighbour)
    if below.show_if_question_id == above.pk:
        raise ValidationError(
            _("Question '%(below)s' depends on the answer to '%(above)s' and must stay below it.")
            % {"below": below.code, "above": above.code}
        )
    question.position, neighbour.position = neighbour.position, question.position
    Question.objects.bulk_update([question, neighbour], ["position"])
    audit_record(
        actor=actor,
        action="question_move",
        obj=question,
        detail={"direction": direction, "position": question.position},
    )
    return question


@transaction.atomic
def question_delete(*, actor: User | None, question: Question) -> InstrumentVersion:
    """Remove a question of the latest version (from a new version once it has answers).
    Refused while other questions depend on its answer. Returns the changed version."""
    question = in_version_for_change(question, actor)
    dependents = list(question.dependent_questions.order_by("position"))
    if dependents:
        raise ValidationError(
            _(
                "Questions %(codes)s depend on the answer to '%(code)s'; change their "
                "condition first."
            )
            % {"codes": ", ".join(d.code for d in dependents), "code": question.code}
        )
    version = question.version
    detail = {"version": version.number, "code": question.code}
    position = question.position
    question_id = question.pk
    question.delete()
    version.questions.filter(position__gt=position).update(position=F("position") - 1)
    audit_record(
        actor=actor,
        action="question_delete",
        object_type="surveys.question",
        object_id=str(question_id),
        detail=detail,
    )
    return version
