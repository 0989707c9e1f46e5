"""Answer options of choice questions (for a Likert item: the labelled points of the
scale): checking and storing them, and replacing the options of a question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.surveys.models import Choice, Question
from leadtogether.surveys.services.versions import in_version_for_change

Kind = Question.Kind

CHOICE_CODE_PATTERN = re.compile(r"[A-Za-z0-9_.+\-]{1,60}")
YES_NO_CHOICES = (("yes", "ja", "yes"), ("no", "nee", "no"))


class ChoiceData(NamedTuple):
    """One answer option (for a Likert item: one labelled point of the scale)."""

    code: str
    label_nl: str
    label_en: str = ""


def check_choices(question_label: str, kind: str, choices: Sequence[ChoiceData]) -> list[str]:
    """Messages for CHOICES of a question of KIND; empty when they are fine."""
    errors = []
    if kind == Kind.YES_NO:
        if sorted(choice.code for choice in choices) != ["no", "yes"]:
            errors.append(
                _("%(question)s: a yes/no question has exactly the options yes and no.")
                % {"question": question_label}
            )
    elif len(choices) < 2:
        errors.append(
            _("%(question)s: give at least two answer options.") % {"question": question_label}
        )
    seen: set[str] = set()
    for number, choice in enumerate(choices, start=1):
        where = _("%(question)s, option %(number)s") % {
            "question": question_label,
            "number": number,
        }
        if not CHOICE_CODE_PATTERN.fullmatch(choice.code):
            errors.append(
                _(
                    "%(where)s: code '%(code)s' may contain only letters, digits, '.', '-', "
                    "'+' and '_' (at most 60 characters)."
                )
                % {"where": where, "code": choice.code}
            )
        elif choice.code in seen:
            errors.append(
                _("%(where)s: code '%(code)s' is used twice.")
                % {"where": where, "code": choice.code}
            )
        seen.add(choice.code)
        if not choice.label_nl.strip():
            errors.append(_("%(where)s: the Dutch label is missing.") % {"where": where})
        if len(choice.label_nl) > 300 or len(choice.label_en) > 300:
            errors.append(_("%(where)s: a label has at most 300 characters.") % {"where": where})
    return errors


def clean_choices(choices: Sequence[ChoiceData]) -> list[ChoiceData]:
    return [
        ChoiceData(
            code=str(choice.code).strip(),
            label_nl=str(choice.label_nl).strip(),
            label_en=str(choice.label_en or "").strip(),
        )
        for choice in choices
    ]


def store_choices(question: Question, choices: Sequence[ChoiceData]) -> list[Choice]:
    question.choices.all().delete()
    return Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            code=choice.code,
            label_nl=choice.label_nl,
            label_en=choice.label_en,
        )
        for position, choice in enumerate(choices, start=1)
    )


@transaction.atomic
def choices_set(
    *, actor: User | None, question: Question, choices: Sequence[ChoiceData]
) -> list[Choice]:
    """Replace the answer options (Likert points) of a choice question of the latest
    version; the codes of a yes/no question stay yes and no."""
    question = in_version_for_change(question, actor)
    cleaned = clean_choices(choices)
    label = _("Question '%(code)s'") % {"code": question.code}
    if not question.has_choices:
        raise ValidationError({"choices": [_("Only choice questions have answer options.")]})
    errors = check_choices(label, question.kind, cleaned)
    codes = {choice.code for choice in cleaned}
    for dependent in question.dependent_questions.all():
        lost = [str(v) for v in dependent.show_if_values if str(v) not in codes]
        if lost:
            errors.append(
                _(
                    "Question '%(dependent)s' is shown on the answer(s) %(codes)s of this "
                    "question; keep those options or change its condition first."
                )
                % {"dependent": dependent.code, "codes": ", ".join(lost)}
            )
    if errors:
        raise ValidationError({"choices": errors})
    stored = store_choices(question, cleaned)
    audit_record(
        actor=actor,
        action="choices_set",
        obj=question,
        detail={"version": question.version.number, "codes": [c.code for c in cleaned]},
    )
    return stored
