"""``leadtogether surveys import`` and ``leadtogether surveys export``."""

from __future__ import annotations

from io import StringIO

import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from leadtogether.cli import main
from leadtogether.surveys.models import Response
from tests.surveys.test_import_responses import (
    FORMS_HEADER,
    FORMS_MAPPING,
    build_survey,
    by_id,
    forms_row,
    snapshot,
    write_csv,
    write_json,
    write_xlsx,
)

BASE = ["--trajectory", "traject", "--moment", "baseline"]


@pytest.fixture
def survey(world, english):
    return build_survey(world)


def surveys(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("surveys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, list[str]]:
    """The error message and the stderr lines of a command that fails and writes nothing."""
    before = snapshot()
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("surveys", *args, stdout=StringIO(), stderr=err)
    assert snapshot() == before
    return str(raised.value), err.getvalue().splitlines()


def import_args(path, *extra: str) -> list[str]:
    return ["import", str(path), *BASE, "--instrument", "baseline-survey", *extra]


def test_import_with_a_mapping_prints_a_summary(survey, tmp_path):
    path = write_xlsx(
        tmp_path / "forms.xlsx",
        [FORMS_HEADER, forms_row(survey.people[0], "Geen", "Voorzitter", "Ja", 4)],
    )
    mapping = write_json(tmp_path / "forms.json", FORMS_MAPPING)

    out, err = surveys(*import_args(path, "--mapping", str(mapping)))

    assert out == (
        f"{path}: 1 imported, 0 replacing a response in progress, 0 unchanged "
        "(baseline-survey v1 at baseline).\n"
    )
    assert err == ""
    assert Response.objects.get().person == survey.people[0]


def test_import_prints_every_problem_and_writes_nothing(survey, tmp_path):
    first = survey.people[0]
    path = write_csv(
        tmp_path / "a.csv",
        by_id(survey, [first.ref, "often"], [first.ref, "none"], ["P9999", "none"]),
    )

    message, lines = refused(*import_args(path))

    assert message == f"{path}: 3 problems; nothing was imported."
    assert lines == [
        "2, prior: 'often' is not one of the answers (none, limited, general, in_depth, intensive)",
        f"3, person_id: respondent '{first.ref}' is also on row 2",
        "4, person_id: unknown respondent 'P9999': no participant enrolled in Traject "
        "schoolleiders has this person id",
    ]


def test_import_prints_the_problems_of_the_mapping(survey, tmp_path):
    path = write_csv(tmp_path / "a.csv", by_id(survey, [survey.people[0].ref, "none"]))
    mapping = write_json(tmp_path / "map.json", {"columns": {"Q9": "q9"}, "skip": 1})

    message, lines = refused(*import_args(path, "--mapping", str(mapping)))

    assert message == f"{mapping}: the mapping cannot be used; nothing was imported."
    assert lines == [
        f"{mapping}: unknown key 'skip' (known keys: identify, skip_rows, separator, ignore, "
        "columns, answers)"
    ]


def test_import_names_a_file_it_cannot_read(survey, tmp_path):
    path = tmp_path / "gone.csv"

    message, lines = refused(*import_args(path))

    assert message == f"{path}: no such file"
    assert lines == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--trajectory", "nope", "--moment", "baseline"],
            "Unknown trajectory 'nope'; known trajectories: traject.",
        ),
        (
            ["--trajectory", "traject", "--moment", "year-9"],
            "Unknown measurement moment 'year-9'; the moments of traject: baseline.",
        ),
    ],
)
def test_unknown_trajectory_or_moment(survey, tmp_path, args, expected):
    message, _ = refused("export", *args, "--out", str(tmp_path / "x.csv"))

    assert message == expected
    assert not (tmp_path / "x.csv").exists()


def test_unknown_instrument(survey, tmp_path):
    path = write_csv(tmp_path / "a.csv", by_id(survey))

    message, _ = refused("import", str(path), *BASE, "--instrument", "nope")

    assert message == "Unknown instrument 'nope'; known instruments: baseline-survey."


def test_export_writes_the_format_of_the_suffix(survey, tmp_path):
    call_command(
        "surveys",
        *import_args(write_csv(tmp_path / "a.csv", by_id(survey, [survey.people[0].ref, "none"]))),
        stdout=StringIO(),
    )
    out_file = tmp_path / "baseline.sav"

    out, _ = surveys("export", *BASE, "--out", str(out_file))

    assert out == f"{out_file}: the responses of baseline (sav).\n"
    frame, meta = pyreadstat.read_sav(str(out_file))
    assert list(frame["prior"]) == [1.0]
    assert meta.column_names_to_labels["prior"] == survey.prior.text_nl


def test_export_with_an_explicit_format(survey, tmp_path):
    out_file = tmp_path / "baseline.txt"

    surveys("export", *BASE, "--format", "csv", "--out", str(out_file))

    assert out_file.read_text(encoding="utf-8").startswith("respondent,plg,level,function,prior")


def test_export_needs_a_format(survey, tmp_path):
    message, _ = refused("export", *BASE, "--out", str(tmp_path / "baseline.txt"))

    assert (
        message
        == f"Give --format (csv, xlsx, sav): {tmp_path / 'baseline.txt'} has no such suffix."
    )


@pytest.mark.django_db(transaction=True)
def test_the_cli_exits_with_1_and_lists_the_problems(world, tmp_path, capsys):
    survey = build_survey(world)
    path = write_csv(tmp_path / "a.csv", by_id(survey, ["P9999", "none"]))

    with translation.override("en"), pytest.raises(SystemExit) as exited:
        main(["surveys", *import_args(path)])

    assert exited.value.code == 1
    assert capsys.readouterr().err.splitlines() == [
        "2, person_id: unknown respondent 'P9999': no participant enrolled in Traject "
        "schoolleiders has this person id",
        f"CommandError: {path}: 1 problem; nothing was imported.",
    ]
    assert Response.objects.count() == 0
