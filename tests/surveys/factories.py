"""factory_boy factories for instruments, moments, invitations and responses."""

from __future__ import annotations

import datetime as dt
import secrets

import factory

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
from tests.factories import PersonFactory, TrajectoryFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument

    key = factory.Sequence(lambda n: f"vragenlijst-{n}")
    name_nl = factory.Sequence(lambda n: f"Vragenlijst {n}")
    name_en = factory.Sequence(lambda n: f"Questionnaire {n}")


class InstrumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstrumentVersion

    instrument = factory.SubFactory(InstrumentFactory)
    number = 1


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    version = factory.SubFactory(InstrumentVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"q{n + 1}")
    kind = Question.Kind.SHORT_TEXT
    text_nl = factory.Sequence(lambda n: f"Vraag {n + 1}?")
    text_en = factory.Sequence(lambda n: f"Question {n + 1}?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"c{n + 1}")
    label_nl = factory.Sequence(lambda n: f"Antwoord {n + 1}")
    label_en = factory.Sequence(lambda n: f"Answer {n + 1}")


def choice_question(version: InstrumentVersion, code: str, kind: str, codes: list[str], **kw):
    """A choice question with options CODES (labels derived from the codes)."""
    question = QuestionFactory(version=version, code=code, kind=kind, **kw)
    for position, choice_code in enumerate(codes, start=1):
        ChoiceFactory(
            question=question,
            position=position,
            code=choice_code,
            label_nl=f"{choice_code} (nl)",
            label_en=choice_code,
        )
    return question


class MeasurementMomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasurementMoment

    trajectory = factory.SubFactory(TrajectoryFactory)
    key = factory.Sequence(lambda n: f"moment-{n}")
    kind = MeasurementMoment.Kind.OTHER
    name = factory.Sequence(lambda n: f"Meetmoment {n}")
    opens_on = dt.date(2022, 5, 1)
    closes_on = dt.date(2022, 6, 30)


class MomentInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MomentInstrument

    moment = factory.SubFactory(MeasurementMomentFactory)
    version = factory.SubFactory(InstrumentVersionFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    moment = factory.SubFactory(MeasurementMomentFactory)
    person = factory.SubFactory(PersonFactory)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(24))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    moment = factory.SubFactory(MeasurementMomentFactory)
    person = factory.SubFactory(PersonFactory)
    version = factory.SubFactory(InstrumentVersionFactory)
    source = Response.Source.LINK


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    value = "ja"
