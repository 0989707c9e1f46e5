"""The organiser and researcher pages of surveys: moments and the instrument builder.

Who may do what, what is stored, and what bad input does (a clear message, nothing
written)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.surveys.models import (
    Instrument,
    InstrumentVersion,
    Mailing,
    MeasurementMoment,
    MomentInstrument,
    Question,
)
from leadtogether.surveys.services.instruments import (
    ChoiceData,
    QuestionFields,
    instrument_create,
    question_add,
)
from leadtogether.surveys.services.invitations import default_texts
from tests import factories
from tests.conftest import World
from tests.surveys import factories as f
from tests.trajectories.test_views_queries import HEADER

HTMX = {"HTTP_HX_REQUEST": "true"}
DURING = dt.datetime(2022, 5, 10, 9, 0, tzinfo=dt.UTC)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, world: World, **kwargs) -> str:
    return reverse(f"surveys:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


@pytest.fixture
def moment(world: World) -> MeasurementMoment:
    return f.MeasurementMomentFactory(
        trajectory=world.trajectory, key="year-1", name="Einde jaar 1"
    )


@pytest.fixture
def instrument(world: World) -> Instrument:
    instrument = instrument_create(actor=None, key="baseline-survey", name_nl="Beginmeting")
    for code in ("function", "school_size"):
        question_add(
            actor=None,
            instrument=instrument,
            fields=QuestionFields(code=code, kind="short_text", text_nl=f"{code}?"),
        )
    question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(code="continue_plg", kind="yes_no", text_nl="Verder?"),
    )
    return instrument


def codes(instrument: Instrument, number: int | None = None) -> list[str]:
    versions = instrument.versions.order_by("-number")
    version = versions.get(number=number) if number else versions.first()
    return list(version.questions.order_by("position").values_list("code", flat=True))


def question(instrument: Instrument, code: str) -> Question:
    return Question.objects.filter(version__instrument=instrument, code=code).latest("version")


# --- moments ----------------------------------------------------------------


def test_organisers_and_researchers_see_the_moments(world, moment):
    for user in (world.organiser, world.researcher):
        page = client_for(user).get(url("moment-list", world)).content.decode()
        assert "Einde jaar 1" in page
    organiser_page = client_for(world.organiser).get(url("moment-list", world)).content.decode()
    assert "Create the study's four moments" in organiser_page
    researcher_page = client_for(world.researcher).get(url("moment-list", world)).content.decode()
    assert "Add a moment" not in researcher_page


@pytest.mark.parametrize("persona", ["outsider", "participant", "coach", "director"])
def test_other_roles_are_refused_the_moments(world, moment, persona):
    client = client_for(getattr(world, persona))
    assert client.get(url("moment-list", world)).status_code == 403
    assert client.get(url("moment-detail", world, key="year-1")).status_code == 403


def test_someone_without_a_role_does_not_see_the_trajectory(world):
    stranger = factories.UserFactory(username="stranger")
    assert client_for(stranger).get(url("moment-list", world)).status_code == 404


def test_the_organiser_creates_the_four_study_moments(world):
    response = client_for(world.organiser).post(url("moment-defaults", world))
    assert response.status_code == 302
    assert set(world.trajectory.measurement_moments.values_list("key", flat=True)) == {
        "baseline",
        "year-1",
        "year-2",
        "follow-up",
    }


def test_a_researcher_cannot_create_moments(world):
    client = client_for(world.researcher)
    assert client.post(url("moment-defaults", world)).status_code == 403
    assert client.get(url("moment-create", world)).status_code == 403
    assert not MeasurementMoment.objects.exists()


def test_the_organiser_adds_a_moment(world):
    data = {"key": "mid-year", "name": "Tussentijds", "opens_on": "2022-01-10",
            "closes_on": "2022-01-31"}  # fmt: skip
    response = client_for(world.organiser).post(url("moment-create", world), data)
    assert response.status_code == 302
    moment = world.trajectory.measurement_moments.get(key="mid-year")
    assert (moment.name, moment.closes_on) == ("Tussentijds", dt.date(2022, 1, 31))


def test_a_moment_that_closes_before_it_opens_is_refused(world):
    data = {"key": "mid-year", "name": "Tussentijds", "opens_on": "2022-02-10",
            "closes_on": "2022-01-31"}  # fmt: skip
    response = client_for(world.organiser).post(url("moment-create", world), data)
    assert response.status_code == 200
    assert "The moment must close on or after the day it opens." in response.content.decode()
    assert not MeasurementMoment.objects.exists()


def test_a_reserved_or_taken_moment_id_is_refused(world, moment):
    client = client_for(world.organiser)
    data = {"name": "x", "opens_on": "2022-01-10", "closes_on": "2022-01-31"}
    page = client.post(url("moment-create", world), {**data, "key": "year-1"}).content.decode()
    assert "The id &#x27;year-1&#x27; is already in use." in page
    page = client.post(url("moment-create", world), {**data, "key": "new"}).content.decode()
    assert "reserved for a page" in page
    assert MeasurementMoment.objects.count() == 1


def test_the_organiser_changes_the_dates(world, moment):
    data = {"name": "Einde jaar 1", "opens_on": "2022-05-15", "closes_on": "2022-06-20"}
    response = client_for(world.organiser).post(url("moment-edit", world, key="year-1"), data)
    assert response.status_code == 302
    moment.refresh_from_db()
    assert (moment.opens_on, moment.closes_on) == (dt.date(2022, 5, 15), dt.date(2022, 6, 20))


def test_outsiders_cannot_edit_a_moment(world, moment):
    data = {"name": "Gekaapt", "opens_on": "2022-05-15", "closes_on": "2022-06-20"}
    for user in (world.outsider, world.researcher):
        response = client_for(user).post(url("moment-edit", world, key="year-1"), data)
        assert response.status_code == 403
    moment.refresh_from_db()
    assert moment.name == "Einde jaar 1"


def test_a_moment_of_another_trajectory_is_not_found(world):
    f.MeasurementMomentFactory(key="elsewhere")
    response = client_for(world.organiser).get(url("moment-detail", world, key="elsewhere"))
    assert response.status_code == 404


def test_the_organiser_attaches_the_latest_version(world, moment, instrument):
    client = client_for(world.organiser)
    response = client.post(
        url("moment-instrument-attach", world, key="year-1"), {"instrument": "baseline-survey"}
    )
    assert response.status_code == 302
    assert MomentInstrument.objects.get(moment=moment).version == instrument.versions.get()
    page = client.get(url("moment-detail", world, key="year-1")).content.decode()
    assert "Beginmeting" in page


def test_detaching_an_instrument_with_responses_is_refused(world, moment, instrument):
    version = instrument.versions.get()
    MomentInstrument.objects.create(moment=moment, version=version)
    f.ResponseFactory(moment=moment, version=version)
    client = client_for(world.organiser)
    response = client.post(
        url("moment-instrument-detach", world, key="year-1", version_id=version.pk), follow=True
    )
    assert "1 response(s) to it have been recorded" in response.content.decode()
    assert MomentInstrument.objects.filter(moment=moment).exists()


def test_outsiders_cannot_attach_or_detach(world, moment, instrument):
    version = instrument.versions.get()
    MomentInstrument.objects.create(moment=moment, version=version)
    client = client_for(world.outsider)
    detach = url("moment-instrument-detach", world, key="year-1", version_id=version.pk)
    assert client.post(detach).status_code == 403
    attach = url("moment-instrument-attach", world, key="year-1")
    assert client.post(attach, {"instrument": "baseline-survey"}).status_code == 403
    assert MomentInstrument.objects.filter(moment=moment).count() == 1


def _invite(client: Client, world: World, moment: MeasurementMoment):
    texts = default_texts(moment, "not_invited")
    return client.post(
        url("mailing-create", world, key="year-1"), {"audience": "not_invited", **texts}
    )


@time_machine.travel(DURING, tick=False)
def test_the_organiser_invites_everyone_enrolled(world, moment, mailoutbox):
    client = client_for(world.organiser)
    assert _invite(client, world, moment).status_code == 302
    assert mailoutbox == []
    mailing = Mailing.objects.get()
    send = url("mailing-send", world, key="year-1", mailing_id=mailing.pk)
    assert client.post(send, {"expected": 8}).status_code == 302
    assert moment.invitations.filter(sent_at__isnull=False).count() == 8
    assert len(mailoutbox) == 8


@time_machine.travel(DURING, tick=False)
def test_outsiders_cannot_send_invitations(world, moment, mailoutbox):
    for user in (world.outsider, world.researcher):
        assert _invite(client_for(user), world, moment).status_code == 403
    assert not moment.invitations.exists()
    assert mailoutbox == []


@time_machine.travel(dt.datetime(2022, 8, 1, 9, tzinfo=dt.UTC), tick=False)
def test_invitations_for_a_closed_moment_are_refused_and_none_created(world, moment, mailoutbox):
    response = _invite(client_for(world.organiser), world, moment)
    assert "closed on 30 June 2022" in response.content.decode()
    assert not moment.invitations.exists()
    assert mailoutbox == []


# --- the instrument builder --------------------------------------------------


def test_organisers_and_researchers_use_the_builder(world, instrument):
    for user in (world.organiser, world.researcher):
        client = client_for(user)
        assert "Beginmeting" in client.get(url("instrument-list", world)).content.decode()
        page = client.get(url("instrument-detail", world, key=instrument.key)).content.decode()
        assert "continue_plg" in page
        assert "Version 1 has no answers yet" in page


@pytest.mark.parametrize("persona", ["outsider", "participant", "coach"])
def test_other_roles_are_refused_the_builder(world, instrument, persona):
    client = client_for(getattr(world, persona))
    assert client.get(url("instrument-list", world)).status_code == 403
    assert client.get(url("instrument-detail", world, key=instrument.key)).status_code == 403
    target = url("question-create", world, key=instrument.key)
    response = client.post(target, {"kind": "short_text", "code": "x", "text_nl": "X?", "page": 1})
    assert response.status_code == 403
    assert codes(instrument) == ["function", "school_size", "continue_plg"]


def test_a_researcher_creates_an_instrument(world):
    data = {"key": "follow-up-survey", "name_nl": "Opvolgmeting", "name_en": "Follow-up survey"}
    response = client_for(world.researcher).post(url("instrument-create", world), data)
    assert response.status_code == 302
    instrument = Instrument.objects.get(key="follow-up-survey")
    assert list(instrument.versions.values_list("number", flat=True)) == [1]


def test_an_instrument_needs_a_valid_id(world):
    data = {"key": "follow up!", "name_nl": "Opvolgmeting"}
    response = client_for(world.researcher).post(url("instrument-create", world), data)
    assert response.status_code == 200
    assert "Enter a valid" in response.content.decode()
    assert not Instrument.objects.exists()


def test_a_likert_question_is_added_with_its_points(world, instrument):
    data = {
        "kind": "likert",
        "code": "collaboration",
        "text_nl": "We werken samen.",
        "text_en": "We work together.",
        "required": "on",
        "page": "2",
        "choices": "1 | helemaal oneens | strongly disagree\n2 | oneens\n3 | eens\n"
        "4 | helemaal eens | strongly agree",
    }
    response = client_for(world.researcher).post(
        url("question-create", world, key=instrument.key), data
    )
    assert response.status_code == 302
    added = question(instrument, "collaboration")
    assert (added.kind, added.required, added.page, added.position) == ("likert", True, 2, 4)
    assert list(added.choices.values_list("code", "label_en")) == [
        ("1", "strongly disagree"),
        ("2", ""),
        ("3", ""),
        ("4", "strongly agree"),
    ]


def test_a_bad_option_line_is_named_and_nothing_is_stored(world, instrument):
    data = {"kind": "single", "code": "role", "text_nl": "Rol?", "page": "1",
            "choices": "a | directeur\n| zonder code"}  # fmt: skip
    response = client_for(world.organiser).post(
        url("question-create", world, key=instrument.key), data
    )
    assert response.status_code == 200
    assert "Line 2: give a code and a Dutch label" in response.content.decode()
    assert not Question.objects.filter(code="role").exists()


def test_a_bad_condition_is_explained(world, instrument):
    data = {"kind": "long_text", "code": "why_not", "text_nl": "Waarom niet?", "page": "1",
            "show_if": "continue_plg", "show_if_values": "misschien"}  # fmt: skip
    response = client_for(world.organiser).post(
        url("question-create", world, key=instrument.key), data
    )
    assert "Not among the answers of &#x27;continue_plg&#x27; (yes, no): misschien" in (
        response.content.decode()
    )
    assert not Question.objects.filter(code="why_not").exists()


def test_a_conditional_question_is_added(world, instrument):
    data = {"kind": "long_text", "code": "why_not", "text_nl": "Waarom niet?", "page": "1",
            "show_if": "continue_plg", "show_if_values": "no"}  # fmt: skip
    client_for(world.organiser).post(url("question-create", world, key=instrument.key), data)
    added = question(instrument, "why_not")
    assert added.show_if_question.code == "continue_plg"
    assert added.show_if_values == ["no"]


def test_editing_before_any_answer_changes_the_version_in_place(world, instrument):
    function = question(instrument, "function")
    data = {"kind": "short_text", "code": "job_title", "text_nl": "Functie?", "page": "1"}
    target = url("question-edit", world, key=instrument.key, question_id=function.pk)
    response = client_for(world.organiser).post(target, data)
    assert response.status_code == 302
    function.refresh_from_db()
    assert function.code == "job_title"
    assert instrument.versions.count() == 1


def test_editing_after_the_first_answer_makes_a_new_version(world, moment, instrument):
    v1 = instrument.versions.get()
    later = f.MeasurementMomentFactory(trajectory=world.trajectory, key="year-2", name="Jaar 2")
    MomentInstrument.objects.create(moment=moment, version=v1)
    MomentInstrument.objects.create(moment=later, version=v1)
    function = question(instrument, "function")
    f.AnswerFactory(response__moment=moment, response__version=v1, question=function)
    client = client_for(world.organiser)

    data = {"kind": "short_text", "code": "function", "text_nl": "Uw functie?", "page": "1"}
    response = client.post(
        url("question-edit", world, key=instrument.key, question_id=function.pk),
        data,
        follow=True,
    )

    page = response.content.decode()
    assert "the change was made in a new version 2" in page
    assert question(instrument, "function").text_nl == "Uw functie?"
    function.refresh_from_db()
    assert function.text_nl == "function?"
    assert MomentInstrument.objects.get(moment=moment).version == v1
    assert MomentInstrument.objects.get(moment=later).version.number == 2
    builder = client.get(url("instrument-detail", world, key=instrument.key)).content.decode()
    assert "Questions of version 2" in builder
    assert "Version 2 has no answers yet" in builder


def test_a_question_of_an_older_version_is_not_editable(world, instrument):
    v1 = instrument.versions.get()
    function = question(instrument, "function")
    f.AnswerFactory(response__version=v1, question=function)
    question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(code="extra", kind="short_text", text_nl="Extra?"),
    )
    target = url("question-edit", world, key=instrument.key, question_id=function.pk)
    assert client_for(world.organiser).get(target).status_code == 404


def test_moving_a_question_with_htmx_returns_the_new_list(world, instrument):
    target = url(
        "question-move",
        world,
        key=instrument.key,
        question_id=question(instrument, "school_size").pk,
    )
    response = client_for(world.researcher).post(target, {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.index("school_size") < page.index("function")
    assert codes(instrument) == ["school_size", "function", "continue_plg"]


def test_moving_without_htmx_goes_back_to_the_builder(world, instrument):
    target = url(
        "question-move", world, key=instrument.key, question_id=question(instrument, "function").pk
    )
    response = client_for(world.organiser).post(target, {"direction": "down"})
    assert response.status_code == 302
    assert codes(instrument) == ["school_size", "function", "continue_plg"]


def test_a_refused_move_is_explained_in_the_list(world, instrument):
    question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(
            code="why_not", kind="long_text", text_nl="Waarom?", show_if="continue_plg",
            show_if_values=("no",),
        ),
    )  # fmt: skip
    target = url(
        "question-move", world, key=instrument.key, question_id=question(instrument, "why_not").pk
    )
    response = client_for(world.organiser).post(target, {"direction": "up"}, **HTMX)
    assert "must stay below it" in response.content.decode()
    assert codes(instrument)[-2:] == ["continue_plg", "why_not"]


def test_outsiders_cannot_move_or_delete(world, instrument):
    function = question(instrument, "function")
    client = client_for(world.outsider)
    move = url("question-move", world, key=instrument.key, question_id=function.pk)
    delete = url("question-delete", world, key=instrument.key, question_id=function.pk)
    assert client.post(move, {"direction": "down"}, **HTMX).status_code == 403
    assert client.post(delete).status_code == 403
    assert codes(instrument) == ["function", "school_size", "continue_plg"]


def test_a_question_is_deleted_after_confirming(world, instrument):
    function = question(instrument, "function")
    target = url("question-delete", world, key=instrument.key, question_id=function.pk)
    client = client_for(world.organiser)
    assert "function?" in client.get(target).content.decode()
    assert client.post(target).status_code == 302
    assert codes(instrument) == ["school_size", "continue_plg"]


def test_a_question_others_depend_on_is_not_deleted(world, instrument):
    question_add(
        actor=None,
        instrument=instrument,
        fields=QuestionFields(
            code="why_not", kind="long_text", text_nl="Waarom?", show_if="continue_plg",
            show_if_values=("no",),
        ),
    )  # fmt: skip
    target = url(
        "question-delete",
        world,
        key=instrument.key,
        question_id=question(instrument, "continue_plg").pk,
    )
    response = client_for(world.organiser).post(target)
    assert "Questions why_not depend on the answer to &#x27;continue_plg&#x27;" in (
        response.content.decode()
    )
    assert "continue_plg" in codes(instrument)


def test_an_instrument_of_another_trajectory_only_is_not_found(world):
    elsewhere = f.MomentInstrumentFactory(version__instrument__key="elsewhere")
    assert elsewhere.moment.trajectory != world.trajectory
    client = client_for(world.organiser)
    assert client.get(url("instrument-detail", world, key="elsewhere")).status_code == 404
    assert "elsewhere" not in client.get(url("instrument-list", world)).content.decode()


def test_an_instrument_shared_with_another_trajectory_is_read_only(world, moment, instrument):
    version = instrument.versions.get()
    MomentInstrument.objects.create(moment=moment, version=version)
    f.MomentInstrumentFactory(version=version)  # a moment of another trajectory
    client = client_for(world.organiser)
    page = client.get(url("instrument-detail", world, key=instrument.key)).content.decode()
    assert "Another trajectory also asks this instrument" in page
    target = url("question-create", world, key=instrument.key)
    response = client.post(target, {"kind": "short_text", "code": "x", "text_nl": "X?", "page": 1})
    assert response.status_code == 403
    assert InstrumentVersion.objects.get(instrument=instrument).questions.count() == 3


def test_the_builder_page_has_a_bounded_number_of_queries(
    world, instrument, django_assert_max_num_queries
):
    client = client_for(world.researcher)
    target = url("instrument-detail", world, key=instrument.key)
    with django_assert_max_num_queries(9 + HEADER):
        client.get(target)
    for number in range(30):
        question_add(
            actor=None,
            instrument=instrument,
            fields=QuestionFields(code=f"item_{number}", kind="likert", text_nl="Stelling"),
            choices=[ChoiceData(str(p), f"punt {p}") for p in range(1, 6)],
        )
    for _moment_number in range(6):
        moment = f.MeasurementMomentFactory(trajectory=world.trajectory)
        MomentInstrument.objects.create(moment=moment, version=instrument.versions.get())
    with django_assert_max_num_queries(9 + HEADER):
        response = client.get(target)
    assert "item_29" in response.content.decode()


def test_the_instrument_list_has_a_bounded_number_of_queries(
    world, instrument, django_assert_max_num_queries
):
    client = client_for(world.organiser)
    with django_assert_max_num_queries(7 + HEADER):
        client.get(url("instrument-list", world))
    for number in range(12):
        other = instrument_create(actor=None, key=f"extra-{number}", name_nl=f"Extra {number}")
        question_add(
            actor=None,
            instrument=other,
            fields=QuestionFields(code="q", kind="short_text", text_nl="Q?"),
        )
        moment = f.MeasurementMomentFactory(trajectory=world.trajectory)
        MomentInstrument.objects.create(moment=moment, version=other.versions.get())
    with django_assert_max_num_queries(7 + HEADER):
        response = client.get(url("instrument-list", world))
    assert "Extra 11" in response.content.decode()
