"""The responses of a moment as a pseudonymous data set: CSV, XLSX and SPSS .sav."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from leadtogether.registry.models import Person
from leadtogether.surveys.exchange.exporting import (
    ExportError,
    export_responses,
    responses_frame,
    sav_numbers,
    variable_name,
)
from leadtogether.surveys.models import Question, Response
from leadtogether.trajectories.models import Enrolment
from tests.factories import EnrolmentFactory, PersonFactory, PLGMembershipFactory
from tests.surveys import factories as f
from tests.surveys.test_import_responses import Survey, build_survey

NAMES = [
    ("Hildegard", "Vandenbroucke"),
    ("Wouter", "Claeys"),
    ("Griet", "Desmet"),
    ("Kobe", "Verhaeghe"),
    ("Mieke", "Tanghe"),
    ("Ruben", "Goethals"),
    ("Femke", "Dewulf"),
    ("Stijn", "Lannoo"),
]


@dataclass
class Data:
    survey: Survey
    other: Any  # the second instrument's version
    consenting: list[Person]
    refusing: Person
    unfinished: Person


def submit(survey: Survey, version, person: Person, answers: dict[Question, Any]) -> Response:
    response = f.ResponseFactory(
        moment=survey.moment,
        person=person,
        version=version,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for question, value in answers.items():
        f.AnswerFactory(response=response, question=question, value=value)
    return response


@pytest.fixture
def data(world) -> Data:
    survey = build_survey(world)
    for person, (first_name, last_name) in zip(survey.people, NAMES, strict=True):
        person.first_name, person.last_name = first_name, last_name
        person.email = f"{first_name.lower()}.{last_name.lower()}@school.example"
        person.save()
    other = f.InstrumentVersionFactory(instrument__key="plg-survey")
    other_collab = f.choice_question(
        other, "collab", Question.Kind.LIKERT, ["1", "2", "3", "4", "5"]
    )
    f.MomentInstrumentFactory(moment=survey.moment, version=other, position=2)
    first, second, third, refusing, unfinished = survey.people[:5]
    submit(
        survey,
        survey.version,
        first,
        {
            survey.prior: "limited",
            survey.roles: ["chair", "time"],
            survey.continue_plg: "yes",
            survey.collab: "4",
            survey.schools: 6,
            survey.remarks: "=1+1 is geen formule",
        },
    )
    submit(survey, other, first, {other_collab: "2"})
    submit(
        survey,
        survey.version,
        second,
        {survey.prior: "intensive", survey.continue_plg: "no", survey.reason: "Geen tijd"},
    )
    submit(survey, other, third, {other_collab: "5"})
    Enrolment.objects.filter(person=refusing).update(research_consent=False)
    submit(survey, survey.version, refusing, {survey.prior: "none"})
    f.ResponseFactory(moment=survey.moment, person=unfinished, version=survey.version)
    return Data(survey, other, [first, second, third], refusing, unfinished)


def codes(data: Data) -> list[str]:
    return [
        Enrolment.objects.get(person=person, trajectory=data.survey.moment.trajectory).research_code
        for person in data.consenting
    ]


def test_one_row_per_consenting_respondent_with_a_submitted_response(data):
    frame = responses_frame(moment=data.survey.moment)

    assert list(frame["respondent"]) == codes(data)


def test_the_columns_and_their_values(data, world):
    frame = responses_frame(moment=data.survey.moment)

    assert list(frame.columns) == [
        "respondent",
        "plg",
        "level",
        "function",
        "prior",
        "roles_chair",
        "roles_minutes",
        "roles_time",
        "continue_plg",
        "reason",
        "baseline_survey_collab",
        "schools",
        "remarks",
        "plg_survey_collab",
    ]
    first = frame.iloc[0].to_dict()
    assert pd.isna(first.pop("reason"))
    assert first | {"respondent": None} == {
        "respondent": None,
        "plg": world.plg.name,
        "level": "primary",
        "function": "management",
        "prior": "limited",
        "roles_chair": 1,
        "roles_minutes": 0,
        "roles_time": 1,
        "continue_plg": "yes",
        "baseline_survey_collab": "4",
        "schools": 6,
        "remarks": "=1+1 is geen formule",
        "plg_survey_collab": "2",
    }
    second = frame.iloc[1]
    assert pd.isna(second["roles_chair"]) and pd.isna(second["schools"])
    assert second["reason"] == "Geen tijd"


def test_a_code_of_one_instrument_only_keeps_its_name(data):
    data.other.questions.update(code="collab_plg")

    frame = responses_frame(moment=data.survey.moment)

    assert {"collab", "collab_plg"} <= set(frame.columns)


def test_an_option_variable_never_takes_the_name_of_another_question(data):
    f.QuestionFactory(version=data.other, code="roles_chair", position=9)

    frame = responses_frame(moment=data.survey.moment)

    assert "roles_chair" in frame.columns
    assert "plg_survey_roles_chair" in frame.columns
    assert len(set(frame.columns)) == len(frame.columns)


def test_variable_names_that_statistics_packages_accept():
    assert variable_name("baseline-survey_q1") == "baseline_survey_q1"
    assert variable_name("1a") == "v1a"
    assert variable_name("prior_plg") == "prior_plg"


def test_a_moment_without_responses_gives_the_columns_only(world):
    survey = build_survey(world)

    frame = responses_frame(moment=survey.moment)

    assert frame.empty
    assert list(frame.columns)[:5] == ["respondent", "plg", "level", "function", "prior"]
    assert export_responses(moment=survey.moment, fmt="csv").decode().count("\n") == 1


def test_a_respondent_without_a_research_code_stops_the_export(data, english):
    Enrolment.objects.filter(person=data.consenting[0]).update(research_code="")

    with pytest.raises(ExportError, match="^1 consenting respondent has no research code yet"):
        responses_frame(moment=data.survey.moment)


def test_the_number_of_queries_does_not_grow_with_the_respondents(
    data, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        responses_frame(moment=data.survey.moment)
    for _ in range(10):
        person = PersonFactory()
        EnrolmentFactory(trajectory=world.trajectory, person=person)
        PLGMembershipFactory(plg=world.plg, person=person)
        submit(data.survey, data.survey.version, person, {data.survey.prior: "none"})

    with django_assert_max_num_queries(8):
        frame = responses_frame(moment=data.survey.moment)

    assert len(frame) == 13


# no names, no e-mail addresses, only consenting respondents


def identifying_texts(data: Data) -> list[str]:
    return [
        text
        for person in data.survey.people
        for text in (person.email, person.first_name, person.last_name, person.ref)
    ]


def xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return "\n".join([*book.sheetnames, *cells])


def test_csv_has_no_names_or_addresses(data):
    text = export_responses(moment=data.survey.moment, fmt="csv").decode("utf-8")

    assert text.splitlines()[0].startswith("respondent,plg,level,function,prior,roles_chair")
    for identifying in identifying_texts(data):
        assert identifying not in text
    assert all(code in text for code in codes(data))


def test_xlsx_has_no_names_or_addresses(data):
    text = xlsx_text(export_responses(moment=data.survey.moment, fmt="xlsx"))

    for identifying in identifying_texts(data):
        assert identifying not in text
    assert all(code in text for code in codes(data))


def test_only_consenting_respondents_are_exported(data):
    refusing = Enrolment.objects.get(person=data.refusing).research_code
    unfinished = Enrolment.objects.get(person=data.unfinished).research_code

    for fmt in ["csv", "xlsx"]:
        content = export_responses(moment=data.survey.moment, fmt=fmt)
        text = content.decode() if fmt == "csv" else xlsx_text(content)
        assert refusing not in text
        assert unfinished not in text


def test_xlsx_keeps_codes_as_text_and_a_formula_like_answer_as_text(data):
    book = load_workbook(io.BytesIO(export_responses(moment=data.survey.moment, fmt="xlsx")))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))

    assert sheet.title == "baseline"
    assert first["prior"] == "limited"
    assert first["baseline_survey_collab"] == "4"
    assert first["roles_time"] == 1
    assert first["schools"] == 6
    assert first["remarks"] == "=1+1 is geen formule"
    assert sheet["M2"].data_type == "s"


def test_csv_puts_a_quote_before_an_answer_that_starts_like_a_formula(data):
    text = export_responses(moment=data.survey.moment, fmt="csv").decode("utf-8")

    assert ",'=1+1 is geen formule" in text
    assert ",=1+1" not in text


# SPSS


def read_sav(content: bytes, tmp_path: Path):
    path = tmp_path / "responses.sav"
    path.write_bytes(content)
    return pyreadstat.read_sav(str(path))


def test_sav_opens_with_variable_and_value_labels(data, tmp_path):
    frame, meta = read_sav(export_responses(moment=data.survey.moment, fmt="sav"), tmp_path)

    labels = meta.column_names_to_labels
    assert labels["prior"] == "Hoeveel ervaring had u met leergemeenschappen?"
    assert labels["roles_time"] == f"{data.survey.roles.text_nl}: time (nl)"
    assert meta.variable_value_labels["prior"] == {
        1.0: "none (nl)",
        2.0: "limited (nl)",
        3.0: "general (nl)",
        4.0: "in_depth (nl)",
        5.0: "intensive (nl)",
    }
    assert meta.variable_value_labels["continue_plg"] == {1.0: "yes (nl)", 0.0: "no (nl)"}
    assert meta.variable_value_labels["baseline_survey_collab"][5.0] == "5 (nl)"
    with translation.override("nl"):
        assert meta.variable_value_labels["roles_chair"] == {
            0.0: gettext("not chosen"),
            1.0: gettext("chosen"),
        }
    assert meta.variable_measure["baseline_survey_collab"] == "ordinal"
    assert meta.variable_measure["schools"] == "scale"


def test_sav_stores_numbers_for_the_answer_codes(data, tmp_path):
    frame, _ = read_sav(export_responses(moment=data.survey.moment, fmt="sav"), tmp_path)

    first, second = frame.iloc[0], frame.iloc[1]
    assert list(frame["respondent"]) == codes(data)
    assert (first["prior"], second["prior"]) == (2.0, 5.0)
    assert (first["continue_plg"], second["continue_plg"]) == (1.0, 0.0)
    assert first["baseline_survey_collab"] == 4.0
    assert (first["roles_chair"], first["roles_minutes"]) == (1.0, 0.0)
    assert pd.isna(second["roles_chair"])
    assert first["schools"] == 6.0
    assert second["reason"] == "Geen tijd"
    assert first["level"] == "primary"


def test_sav_of_a_moment_without_responses(world, tmp_path):
    survey = build_survey(world)

    frame, meta = read_sav(export_responses(moment=survey.moment, fmt="sav"), tmp_path)

    assert frame.empty
    assert meta.column_names_to_labels["prior"] == survey.prior.text_nl


def test_numbers_in_sav():
    assert sav_numbers("likert", ["1", "2", "3"]) == {"1": 1, "2": 2, "3": 3}
    assert sav_numbers("likert", ["low", "mid", "high"]) == {"low": 1, "mid": 2, "high": 3}
    assert sav_numbers("single", ["none", "10"]) == {"none": 1, "10": 2}
    assert sav_numbers("yes_no", ["ja", "nee"]) == {"ja": 1, "nee": 0}
    assert sav_numbers("yes_no", ["wel", "niet"]) == {"wel": 1, "niet": 0}
