"""Importing responses collected with another survey tool: all rows, or nothing."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from leadtogether.accounts.models import AuditEntry
from leadtogether.registry.models import Person
from leadtogether.surveys.exchange.importing import (
    ImportInvalid,
    moment_version,
    responses_import,
)
from leadtogether.surveys.exchange.mapping import (
    MappingError,
    ResponseMapping,
    mapping_from_data,
    read_mapping,
)
from leadtogether.surveys.exchange.tables import TableError, read_table
from leadtogether.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    MeasurementMoment,
    Question,
    Response,
)
from tests.spreadsheet_files import row as xml_row
from tests.spreadsheet_files import shared_strings_xml, xlsx_file
from tests.surveys import factories as f

DOCS = Path(__file__).resolve().parents[2] / "docs" / "surveys.md"


@dataclass
class Survey:
    moment: MeasurementMoment
    version: InstrumentVersion
    people: list[Person]
    prior: Question
    roles: Question
    continue_plg: Question
    reason: Question
    collab: Question
    schools: Question
    remarks: Question


def build_survey(world: Any) -> Survey:
    """A baseline moment asking one instrument with a question of every kind."""
    version = f.InstrumentVersionFactory(instrument__key="baseline-survey")
    prior = f.choice_question(
        version,
        "prior",
        Question.Kind.SINGLE,
        ["none", "limited", "general", "in_depth", "intensive"],
        required=True,
        text_nl="Hoeveel ervaring had u met leergemeenschappen?",
    )
    roles = f.choice_question(
        version, "roles", Question.Kind.MULTIPLE, ["chair", "minutes", "time"]
    )
    continue_plg = f.choice_question(version, "continue_plg", Question.Kind.YES_NO, ["yes", "no"])
    reason = f.QuestionFactory(
        version=version,
        code="reason",
        kind=Question.Kind.SHORT_TEXT,
        required=True,
        show_if_question=continue_plg,
        show_if_values=["no"],
    )
    collab = f.choice_question(version, "collab", Question.Kind.LIKERT, ["1", "2", "3", "4", "5"])
    schools = f.QuestionFactory(
        version=version, code="schools", kind=Question.Kind.NUMBER, min_value=0, max_value=30
    )
    remarks = f.QuestionFactory(version=version, code="remarks", kind=Question.Kind.LONG_TEXT)
    moment = f.MeasurementMomentFactory(trajectory=world.trajectory, key="baseline")
    f.MomentInstrumentFactory(moment=moment, version=version)
    people = [*world.plg.members.order_by("pk"), *world.other_plg.members.order_by("pk")]
    return Survey(
        moment, version, people, prior, roles, continue_plg, reason, collab, schools, remarks
    )


@pytest.fixture
def survey(world) -> Survey:
    return build_survey(world)


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",", encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot() -> dict[str, Any]:
    """What an import may change: responses, answers, invitations and the audit log."""
    return {
        "responses": Response.objects.count(),
        "answers": Answer.objects.count(),
        "audit": AuditEntry.objects.count(),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "started_at", "completed_at")
        ),
    }


def run_import(survey: Survey, path: Path, mapping: ResponseMapping | None = None):
    table = read_table(path, skip_rows=mapping.skip_rows if mapping else 0)
    return responses_import(
        actor=None, moment=survey.moment, version=survey.version, table=table, mapping=mapping
    )


def problems_of(survey: Survey, path: Path, mapping: ResponseMapping | None = None) -> list[str]:
    """The problem lines of importing PATH, which must write nothing."""
    before = snapshot()
    with pytest.raises(ImportInvalid) as raised:
        run_import(survey, path, mapping)
    assert snapshot() == before
    return [str(problem) for problem in raised.value.problems]


def answers_of(survey: Survey, person: Person) -> dict[str, Any]:
    response = Response.objects.get(moment=survey.moment, person=person)
    return {answer.question.code: answer.value for answer in response.answers.all()}


def by_id(survey: Survey, *rows: list[Any]) -> list[list[Any]]:
    """A file without a mapping: person_id and columns named like the question codes."""
    return [["person_id", "prior", "roles", "continue_plg", "collab", "schools"], *rows]


# LimeSurvey, Microsoft Forms and plain files

LIMESURVEY_MAPPING = {
    "identify": {"by": "email", "column": "email"},
    "ignore": ["id", "submitdate", "lastpage", "startlanguage", "token"],
    "columns": {
        "roles[SQ001]": {"question": "roles", "option": "chair"},
        "roles[SQ002]": {"question": "roles", "option": "minutes"},
        "roles[SQ003]": {"question": "roles", "option": "time"},
    },
    "answers": {
        "prior": {"A1": "none", "A2": "limited", "A3": "general", "A4": "in_depth"},
        "continue_plg": {"Y": "yes", "N": "no"},
    },
}
LIMESURVEY_HEADER = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "token",
    "email",
    "prior",
    "roles[SQ001]",
    "roles[SQ002]",
    "roles[SQ003]",
    "continue_plg",
    "reason",
    "collab",
    "schools",
    "remarks",
]


def limesurvey_row(person: Person, **values: Any) -> list[Any]:
    row = {
        "id": 1,
        "submitdate": "2021-09-20 10:12:00",
        "lastpage": 2,
        "startlanguage": "nl",
        "token": "abc",
        "email": person.email,
        "prior": "A2",
        "roles[SQ001]": "Y",
        "roles[SQ002]": "",
        "roles[SQ003]": "Y",
        "continue_plg": "Y",
        "reason": "",
        "collab": "4",
        "schools": "6",
        "remarks": "",
    }
    row.update(values)
    return [row[column] for column in LIMESURVEY_HEADER]


def test_a_limesurvey_csv_is_imported_by_email(survey, tmp_path):
    first, second = survey.people[:2]
    path = write_csv(
        tmp_path / "limesurvey.csv",
        [
            LIMESURVEY_HEADER,
            limesurvey_row(first, remarks="Goede start"),
            limesurvey_row(
                second,
                email=second.email.upper(),
                prior="A4",
                **{"roles[SQ001]": "", "roles[SQ003]": ""},
                continue_plg="N",
                reason="Te weinig tijd",
                collab="2",
                schools="",
            ),
        ],
    )

    summary = run_import(survey, path, mapping_from_data(LIMESURVEY_MAPPING))

    assert (summary.created, summary.replaced, summary.unchanged) == (2, 0, 0)
    assert answers_of(survey, first) == {
        "prior": "limited",
        "roles": ["chair", "time"],
        "continue_plg": "yes",
        "collab": "4",
        "schools": 6,
        "remarks": "Goede start",
    }
    assert answers_of(survey, second) == {
        "prior": "in_depth",
        "continue_plg": "no",
        "reason": "Te weinig tijd",
        "collab": "2",
    }
    response = Response.objects.get(person=first)
    assert response.source == Response.Source.IMPORT
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_at is not None
    assert response.version == survey.version


FORMS_HEADER = [
    "ID",
    "Begintijd",
    "Tijd van voltooien",
    "E-mail",
    "Naam",
    "Hoeveel ervaring had u met leergemeenschappen?",
    "Welke rollen nam u op?",
    "Wilt u de PLG voortzetten?",
    "Samenwerking in de PLG",
]
FORMS_MAPPING = {
    "identify": {"by": "email", "column": "E-mail"},
    "ignore": ["ID", "Begintijd", "Tijd van voltooien", "Naam"],
    "columns": {
        "Hoeveel ervaring had u met leergemeenschappen?": "prior",
        "Welke rollen nam u op?": "roles",
        "Wilt u de PLG voortzetten?": "continue_plg",
        "Samenwerking in de PLG": "collab",
    },
    "answers": {
        "prior": {"Geen": "none", "Beperkt (1x per schooljaar)": "limited"},
        "roles": {"Voorzitter": "chair", "Verslaggever": "minutes", "Tijdsbewaker": "time"},
        "continue_plg": {"Ja": "yes", "Nee": "no"},
        "collab": {"Helemaal oneens": "1", "Helemaal eens": "5"},
    },
}


def forms_row(person: Person, *answers: Any) -> list[Any]:
    started = timezone.now().replace(tzinfo=None)
    return [7, started, started, person.email, person.full_name, *answers]


def test_a_forms_xlsx_with_dutch_answers_is_imported(survey, tmp_path):
    first, second = survey.people[:2]
    path = write_xlsx(
        tmp_path / "forms.xlsx",
        [
            FORMS_HEADER,
            forms_row(first, "Geen", "Voorzitter;Tijdsbewaker;", "Ja", "Helemaal eens"),
            forms_row(second, "beperkt (1x per SCHOOLJAAR)", None, "ja", 3),
        ],
    )

    run_import(survey, path, mapping_from_data(FORMS_MAPPING))

    assert answers_of(survey, first) == {
        "prior": "none",
        "roles": ["chair", "time"],
        "continue_plg": "yes",
        "collab": "5",
    }
    assert answers_of(survey, second) == {"prior": "limited", "continue_plg": "yes", "collab": "3"}


def test_without_a_mapping_columns_named_like_codes_are_taken_by_person_id(survey, tmp_path):
    first, second = survey.people[:2]
    path = write_csv(
        tmp_path / "plain.csv",
        by_id(
            survey,
            [first.ref, "general", "minutes;chair", "yes", "3", "12"],
            [second.ref, "none", "", "yes", "", ""],
        ),
    )

    run_import(survey, path)

    assert answers_of(survey, first) == {
        "prior": "general",
        "roles": ["chair", "minutes"],
        "continue_plg": "yes",
        "collab": "3",
        "schools": 12,
    }
    assert answers_of(survey, second) == {"prior": "none", "continue_plg": "yes"}


def test_a_semicolon_separated_file_in_the_windows_code_page(survey, tmp_path):
    person = survey.people[0]
    path = write_csv(
        tmp_path / "excel.csv",
        [["email", "prior", "remarks"], [person.email, "none", "Één goede vergadering, zeker"]],
        delimiter=";",
        encoding="cp1252",
    )

    run_import(survey, path)

    assert answers_of(survey, person)["remarks"] == "Één goede vergadering, zeker"


def test_qualtrics_header_rows_are_skipped_and_rows_keep_their_numbers(survey, tmp_path, english):
    first, second = survey.people[:2]
    path = write_csv(
        tmp_path / "qualtrics.csv",
        [
            ["StartDate", "RecipientEmail", "prior"],
            ["Start Date", "Recipient Email", "Hoeveel ervaring had u?"],
            ['{"ImportId":"startDate"}', '{"ImportId":"recipientEmail"}', '{"ImportId":"QID1"}'],
            ["2021-09-20", first.email, "none"],
            ["2021-09-21", second.email, "often"],
        ],
    )
    mapping = mapping_from_data(
        {
            "identify": {"by": "email", "column": "RecipientEmail"},
            "skip_rows": 2,
            "ignore": ["StartDate"],
        }
    )

    assert problems_of(survey, path, mapping) == [
        "5, prior: 'often' is not one of the answers (none, limited, general, in_depth, intensive)"
    ]


def test_the_invitation_is_marked_started_and_completed(survey, tmp_path):
    first, second = survey.people[:2]
    started = timezone.now() - timezone.timedelta(days=3)
    invitation = f.InvitationFactory(moment=survey.moment, person=first, started_at=started)
    untouched = f.InvitationFactory(moment=survey.moment, person=second)
    path = write_csv(tmp_path / "plain.csv", by_id(survey, [first.ref, "none", "", "", "", ""]))

    run_import(survey, path)

    invitation.refresh_from_db()
    untouched.refresh_from_db()
    assert invitation.started_at == started
    assert invitation.completed_at is not None
    assert Response.objects.get(person=first).invitation == invitation
    assert (untouched.started_at, untouched.completed_at) == (None, None)


def test_the_invitation_stays_open_while_another_instrument_is_not_answered(survey, tmp_path):
    person = survey.people[0]
    f.MomentInstrumentFactory(moment=survey.moment, position=2)
    invitation = f.InvitationFactory(moment=survey.moment, person=person)
    path = write_csv(tmp_path / "plain.csv", by_id(survey, [person.ref, "none"]))

    run_import(survey, path)

    invitation.refresh_from_db()
    assert invitation.started_at is not None
    assert invitation.completed_at is None


def test_one_audit_entry_for_the_import(survey, tmp_path):
    rows = [[person.ref, "none", "", "", "", ""] for person in survey.people[:3]]
    path = write_csv(tmp_path / "plain.csv", by_id(survey, *rows))

    run_import(survey, path)

    entry = AuditEntry.objects.get(action="responses_import")
    assert entry.object_id == str(survey.moment.pk)
    assert entry.detail["created"] == 3
    assert entry.detail["instrument"] == "baseline-survey"


# re-import and responses that exist already


def test_importing_the_same_file_again_changes_nothing(survey, tmp_path):
    rows = [[person.ref, "none", "chair", "yes", "2", "3"] for person in survey.people[:3]]
    path = write_csv(tmp_path / "plain.csv", by_id(survey, *rows))
    run_import(survey, path)
    before = snapshot()

    summary = run_import(survey, path)

    assert (summary.created, summary.unchanged) == (0, 3)
    assert snapshot() == before


def test_a_later_export_with_more_respondents_adds_only_the_new_ones(survey, tmp_path):
    first, second = survey.people[:2]
    row = [first.ref, "none", "", "", "", ""]
    run_import(survey, write_csv(tmp_path / "a.csv", by_id(survey, row)))

    summary = run_import(
        survey,
        write_csv(tmp_path / "b.csv", by_id(survey, row, [second.ref, "limited", "", "", "", ""])),
    )

    assert (summary.created, summary.unchanged) == (1, 1)
    assert Response.objects.count() == 2


def test_an_imported_response_is_not_overwritten_with_other_answers(survey, tmp_path, english):
    person = survey.people[0]
    run_import(survey, write_csv(tmp_path / "a.csv", by_id(survey, [person.ref, "none"])))
    day = timezone.localdate().isoformat()

    assert problems_of(
        survey, write_csv(tmp_path / "b.csv", by_id(survey, [person.ref, "limited"]))
    ) == [
        f"2, person_id: {person.ref}'s response was imported on {day} with other answers; "
        "it is not overwritten"
    ]


def test_a_response_submitted_through_the_link_is_not_overwritten(survey, tmp_path, english):
    person = survey.people[0]
    f.ResponseFactory(
        moment=survey.moment,
        person=person,
        version=survey.version,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.make_aware(timezone.datetime(2021, 9, 14, 10, 0)),
    )

    assert problems_of(
        survey, write_csv(tmp_path / "a.csv", by_id(survey, [person.ref, "none"]))
    ) == [
        f"2, person_id: {person.ref} already submitted a response through the personal link "
        "on 2021-09-14; it is not overwritten"
    ]


def test_a_response_to_another_version_is_not_overwritten(survey, tmp_path, english):
    person = survey.people[0]
    older = f.InstrumentVersionFactory(instrument=survey.version.instrument, number=2)
    f.ResponseFactory(moment=survey.moment, person=person, version=older)
    label = str(older)

    assert problems_of(
        survey, write_csv(tmp_path / "a.csv", by_id(survey, [person.ref, "none"]))
    ) == [
        f"2, person_id: {person.ref} already has a response to {label} at this moment; "
        "it is not overwritten"
    ]


def test_a_response_in_progress_through_the_link_is_replaced(survey, tmp_path):
    person = survey.people[0]
    invitation = f.InvitationFactory(moment=survey.moment, person=person)
    started = f.ResponseFactory(
        moment=survey.moment, person=person, version=survey.version, invitation=invitation
    )
    f.AnswerFactory(response=started, question=survey.prior, value="intensive")
    f.AnswerFactory(response=started, question=survey.remarks, value="half af")

    summary = run_import(survey, write_csv(tmp_path / "a.csv", by_id(survey, [person.ref, "none"])))

    assert (summary.created, summary.replaced) == (0, 1)
    started.refresh_from_db()
    assert (started.source, started.status) == (Response.Source.IMPORT, Response.Status.SUBMITTED)
    assert answers_of(survey, person) == {"prior": "none"}


# problems: each one names the row and the column, and nothing is written


def test_an_unknown_column(survey, tmp_path, english):
    path = write_csv(
        tmp_path / "a.csv",
        [["person_id", "prior", "Opmerking"], [survey.people[0].ref, "none", "x"]],
    )

    assert problems_of(survey, path) == [
        "1, Opmerking: unknown column: not a question of baseline-survey v1, not the "
        "identification column and not ignored in the mapping"
    ]


def test_a_column_ignored_in_the_mapping_is_not_unknown(survey, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [["person_id", "prior", "Opmerking"], [survey.people[0].ref, "none", "x"]],
    )
    mapping = mapping_from_data({"ignore": ["opmerking"]})

    assert run_import(survey, path, mapping).created == 1


def test_no_identification_column(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", [["prior"], ["none"]])

    assert problems_of(survey, path) == [
        "1, email: no column identifies the respondents: add a column email or person_id, "
        "or name one in the mapping"
    ]


def test_the_identification_column_of_the_mapping_is_missing(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", [["email", "prior"], [survey.people[0].email, "none"]])
    mapping = mapping_from_data({"identify": {"by": "email", "column": "E-mailadres"}})

    assert problems_of(survey, path, mapping) == [
        "1, email: unknown column: not a question of baseline-survey v1, not the "
        "identification column and not ignored in the mapping",
        "1, E-mailadres: the identification column is missing (respondents are matched by "
        "e-mail address)",
    ]


def test_an_unknown_respondent(survey, tmp_path, english):
    path = write_csv(
        tmp_path / "a.csv",
        [["email", "prior"], [survey.people[0].email, "none"], ["nobody@elders.example", "none"]],
    )

    assert problems_of(survey, path) == [
        "3, email: unknown respondent 'nobody@elders.example': no participant enrolled in "
        "Traject schoolleiders has this e-mail address"
    ]


def test_a_person_who_is_not_enrolled_is_unknown(survey, tmp_path, english):
    stranger = f.PersonFactory()
    path = write_csv(tmp_path / "a.csv", by_id(survey, [stranger.ref, "none"]))

    assert problems_of(survey, path) == [
        f"2, person_id: unknown respondent '{stranger.ref}': no participant enrolled in "
        "Traject schoolleiders has this person id"
    ]


def test_a_row_without_identification(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", by_id(survey, ["", "none"]))

    assert problems_of(survey, path) == ["2, person_id: no person id"]


def test_a_respondent_twice(survey, tmp_path, english):
    person = survey.people[0]
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["email", "prior"],
            [person.email, "none"],
            [survey.people[1].email, "none"],
            [person.email.upper(), "limited"],
        ],
    )

    assert problems_of(survey, path) == [
        f"4, email: respondent '{person.email.upper()}' is also on row 2"
    ]


def test_a_bad_answer_code_after_mapping(survey, tmp_path, english):
    path = write_xlsx(
        tmp_path / "forms.xlsx",
        [
            FORMS_HEADER,
            forms_row(survey.people[0], "Geen", "Voorzitter;Penningmeester", "Misschien", 9),
        ],
    )

    assert problems_of(survey, path, mapping_from_data(FORMS_MAPPING)) == [
        "2, Welke rollen nam u op?: not among the answers (chair, minutes, time): Penningmeester",
        "2, Wilt u de PLG voortzetten?: 'Misschien' is not one of the answers (yes, no)",
        "2, Samenwerking in de PLG: '9' is not one of the answers (1, 2, 3, 4, 5)",
    ]


def test_a_number_out_of_range_and_a_bad_checkbox(survey, tmp_path, english):
    person = survey.people[0]
    path = write_csv(
        tmp_path / "lime.csv",
        [LIMESURVEY_HEADER, limesurvey_row(person, schools="40", **{"roles[SQ002]": "misschien"})],
    )

    assert problems_of(survey, path, mapping_from_data(LIMESURVEY_MAPPING)) == [
        "2, roles[SQ002]: 'misschien' is neither checked (1, j, ja, true, x, y, yes) nor "
        "unchecked (empty, 0, false, n, nee, no)",
        "2, schools: at most 30",
    ]


def test_a_required_question_unanswered(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", by_id(survey, [survey.people[0].ref, "", "chair"]))

    assert problems_of(survey, path) == ["2, prior: required question 'prior' is not answered"]


def test_a_required_question_shown_by_an_earlier_answer(survey, tmp_path, english):
    person = survey.people[0]
    path = write_csv(
        tmp_path / "lime.csv",
        [LIMESURVEY_HEADER, limesurvey_row(person, continue_plg="N", reason="")],
    )

    assert problems_of(survey, path, mapping_from_data(LIMESURVEY_MAPPING)) == [
        "2, reason: required question 'reason' is not answered"
    ]


def test_a_required_question_without_a_column(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", [["person_id", "roles"], [survey.people[0].ref, "chair"]])

    assert problems_of(survey, path) == ["1, prior: no column holds this required question"]


def test_a_column_twice_and_a_question_from_two_columns(survey, tmp_path, english):
    path = write_csv(
        tmp_path / "a.csv",
        [["person_id", "prior", "Prior ", "ervaring"], [survey.people[0].ref, "none", "none", "x"]],
    )
    mapping = mapping_from_data({"columns": {"ervaring": "prior"}})

    assert problems_of(survey, path, mapping) == [
        "1, Prior: the column appears twice (also column B)",
        "1, ervaring: question 'prior' already comes from column 'prior'",
    ]


def test_every_problem_is_reported_by_row_and_column(survey, tmp_path, english):
    first, second = survey.people[:2]
    for person in (first, second):
        f.InvitationFactory(moment=survey.moment, person=person)
    path = write_csv(
        tmp_path / "a.csv",
        by_id(
            survey,
            [first.ref, "often", "", "", "7", ""],
            [second.ref, "none", "", "", "", "-1"],
            ["P9999", "", "", "", "", ""],
        ),
    )

    assert problems_of(survey, path) == [
        "2, prior: 'often' is not one of the answers (none, limited, general, in_depth, intensive)",
        "2, collab: '7' is not one of the answers (1, 2, 3, 4, 5)",
        "3, schools: at least 0",
        "4, person_id: unknown respondent 'P9999': no participant enrolled in Traject "
        "schoolleiders has this person id",
        "4, prior: required question 'prior' is not answered",
    ]


# files and mappings that cannot be used


def test_a_file_that_is_not_a_workbook(tmp_path, english):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(b"not a zip file")

    with pytest.raises(TableError, match=r"^responses.xlsx: not a readable .xlsx file"):
        read_table(path)


def test_a_file_of_another_kind(tmp_path, english):
    path = tmp_path / "responses.pdf"
    path.write_bytes(b"%PDF")

    with pytest.raises(TableError, match=r"^responses.pdf: neither a .csv nor an .xlsx file$"):
        read_table(path)


def test_an_empty_file(tmp_path, english):
    path = tmp_path / "responses.csv"
    path.write_text("", encoding="utf-8")

    with pytest.raises(TableError, match="the first row holds no column names"):
        read_table(path)


def test_a_file_with_a_value_in_the_last_cell_of_a_sheet_is_refused_at_once(tmp_path, english):
    path = write_xlsx(tmp_path / "far.xlsx", [["person_id", "prior"]])
    book = load_workbook(path)
    book.active["XFD1048576"] = "x"
    book.save(path)

    with pytest.raises(TableError) as raised:
        read_table(path)

    assert str(raised.value) == (
        "far.xlsx: Sheet, 1048576, XFD: a value after row 100000; at most 100000 rows can be read"
    )


def test_a_file_with_more_shared_strings_than_the_limit_is_refused(tmp_path, settings, english):
    settings.SPREADSHEET_MAX_SHARED_STRINGS = 1000
    path = xlsx_file(
        tmp_path / "strings.xlsx",
        xml_row(1, '<c r="A1" t="s"><v>0</v></c>'),
        shared_strings=shared_strings_xml(str(n) for n in range(1001)),
    )

    with pytest.raises(TableError) as raised:
        read_table(path)

    assert str(raised.value) == (
        "strings.xlsx: more than 1000 different texts (shared strings) in the file"
    )


def test_a_csv_file_larger_than_the_limit_is_refused(tmp_path, settings, english):
    settings.SPREADSHEET_MAX_BYTES = 1000
    path = write_csv(tmp_path / "big.csv", [["person_id", "prior"]] + [["P1", "none"]] * 200)

    with pytest.raises(TableError, match=r"^big.csv: the file is 1\.8 kB; at most 1000 bytes"):
        read_table(path)


def test_a_cell_holding_a_formula_without_its_value_says_so(survey, tmp_path, english):
    first, second = survey.people[:2]
    path = write_xlsx(
        tmp_path / "formulas.xlsx",
        by_id(survey, [first.ref, '=IF(1,"none")', "", "", "", "=1+1"], ["=B2", "none"]),
    )

    assert problems_of(survey, path) == [
        '2, prior: holds a formula (=IF(1,"none")); enter the value itself',
        "2, schools: holds a formula (=1+1); enter the value itself",
        "3, person_id: holds a formula (=B2); enter the value itself",
    ]


def mapping_messages(data: Any) -> list[str]:
    with pytest.raises(MappingError) as raised:
        mapping_from_data(data)
    return raised.value.messages


def test_a_mapping_with_wrong_keys_and_values(english):
    assert mapping_messages(
        {
            "colums": {},
            "identify": {"by": "name"},
            "skip_rows": -1,
            "ignore": "ID",
            "answers": {"prior": ["Geen"]},
        }
    ) == [
        "unknown key 'colums' (known keys: identify, skip_rows, separator, ignore, columns, "
        "answers)",
        'identify must be {"by": "email" or "person_id", "column": column name}',
        "skip_rows must be a whole number, 0 or more",
        "ignore must be a list of column names",
        "answers: 'prior' must map external answers to answer codes",
    ]


def test_a_mapping_file_that_is_not_json(tmp_path, english):
    path = tmp_path / "mapping.json"
    path.write_text('{"ignore": ["ID",]}', encoding="utf-8")

    with pytest.raises(MappingError) as raised:
        read_mapping(path)

    assert raised.value.messages == ["not valid JSON (line 1, column 18: Expecting value)"]


def test_a_mapping_naming_codes_the_instrument_lacks(survey, tmp_path, english):
    path = write_csv(tmp_path / "a.csv", by_id(survey, [survey.people[0].ref, "none"]))
    mapping = mapping_from_data(
        {
            "columns": {
                "Q9": "q9",
                "rol1": {"question": "roles", "option": "treasurer"},
                "rol2": {"question": "prior", "option": "none"},
            },
            "answers": {"prior": {"Geen": "nothing"}, "q10": {"a": "b"}},
        }
    )
    before = snapshot()

    with pytest.raises(MappingError) as raised:
        run_import(survey, path, mapping)

    assert raised.value.messages == [
        "columns, Q9: 'q9' is not a question of baseline-survey v1",
        "columns, rol1: 'treasurer' is not an option of roles (chair, minutes, time)",
        "columns, rol2: 'prior' is not a multiple-choice question",
        "answers, prior: not among the answer codes (none, limited, general, in_depth, "
        "intensive): nothing",
        "answers: 'q10' is not a question of baseline-survey v1",
    ]
    assert snapshot() == before


def test_the_example_mapping_in_the_docs_is_valid():
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)

    assert blocks
    for block in blocks:
        mapping_from_data(json.loads(block))


# which version is imported


def test_the_version_the_moment_asks_else_the_latest(survey):
    instrument = survey.version.instrument
    newer = f.InstrumentVersionFactory(instrument=instrument, number=2)
    other = f.InstrumentVersionFactory(number=3)
    elsewhere = f.MeasurementMomentFactory(trajectory=survey.moment.trajectory)

    assert moment_version(moment=survey.moment, instrument=instrument) == survey.version
    assert moment_version(moment=elsewhere, instrument=instrument) == newer
    assert moment_version(moment=elsewhere, instrument=other.instrument) == other


def test_a_submit_through_the_link_during_the_import_is_a_clear_problem(
    survey, tmp_path, english, monkeypatch
):
    import leadtogether.surveys.exchange.importing as importing

    rows = [[person.ref, "none", "", "", "", ""] for person in survey.people[:2]]
    path = write_csv(tmp_path / "plain.csv", by_id(survey, *rows))
    write = importing.write_responses

    def someone_submits_meanwhile(**kwargs: Any):
        f.ResponseFactory(
            moment=survey.moment,
            person=survey.people[0],
            version=survey.version,
            status=Response.Status.SUBMITTED,
            submitted_at=timezone.now(),
        )
        return write(**kwargs)

    monkeypatch.setattr(importing, "write_responses", someone_submits_meanwhile)
    with pytest.raises(ImportInvalid, match="during the import; nothing was imported"):
        run_import(survey, path)
    assert not Response.objects.filter(source=Response.Source.IMPORT).exists()
    assert not AuditEntry.objects.filter(action="responses_import").exists()
