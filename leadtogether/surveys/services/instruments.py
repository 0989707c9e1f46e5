"""Writes of instruments: creating one, renaming it or changing its introduction.

The writes of the instrument builder are gathered here too: ``versions`` (the version a
change applies to, and how an answered version is copied into a new one), ``questions``
(adding, changing, moving and removing them) and ``choices`` (their answer options).
"""

from __future__ import annotations

from django.db import transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.surveys.models import Instrument, InstrumentVersion
from leadtogether.surveys.services.choices import (
    CHOICE_CODE_PATTERN,
    YES_NO_CHOICES,
    ChoiceData,
    choices_set,
)
from leadtogether.surveys.services.questions import (
    CODE_PATTERN,
    Kind,
    QuestionFields,
    question_add,
    question_delete,
    question_move,
    question_update,
)
from leadtogether.surveys.services.versions import (
    latest_version,
    version_for_change,
    version_has_answers,
)

__all__ = [
    "CHOICE_CODE_PATTERN",
    "CODE_PATTERN",
    "YES_NO_CHOICES",
    "ChoiceData",
    "Kind",
    "QuestionFields",
    "choices_set",
    "instrument_create",
    "instrument_update",
    "latest_version",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "version_for_change",
    "version_has_answers",
]


@transaction.atomic
def instrument_create(
    *,
    actor: User | None,
    key: str,
    name_nl: str,
    name_en: str = "",
    intro_nl: str = "",
    intro_en: str = "",
) -> Instrument:
    """A new instrument with an empty version 1."""
    instrument = Instrument(
        key=key.strip(),
        name_nl=name_nl.strip(),
        name_en=name_en.strip(),
        intro_nl=intro_nl.strip(),
        intro_en=intro_en.strip(),
    )
    instrument.full_clean()
    save_unique(instrument)
    InstrumentVersion.objects.create(instrument=instrument, number=1)
    audit_record(actor=actor, action="instrument_create", obj=instrument, detail={"key": key})
    return instrument


@transaction.atomic
def instrument_update(
    *,
    actor: User | None,
    instrument: Instrument,
    name_nl: str,
    name_en: str = "",
    intro_nl: str = "",
    intro_en: str = "",
) -> Instrument:
    """Rename the instrument or change its introduction (not versioned: no answer
    depends on them)."""
    instrument.name_nl = name_nl.strip()
    instrument.name_en = name_en.strip()
    instrument.intro_nl = intro_nl.strip()
    instrument.intro_en = intro_en.strip()
    instrument.full_clean()
    instrument.save()
    audit_record(actor=actor, action="instrument_update", obj=instrument)
    return instrument
