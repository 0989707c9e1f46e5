"""The export on the moment page, and the SPSS labels and measurement levels."""

from __future__ import annotations

import io

import pyreadstat
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.surveys.exchange.exporting import spss_label, spss_measure
from leadtogether.surveys.models import Question
from tests.surveys.test_export_responses import data  # noqa: F401 (fixture)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(world) -> str:
    return reverse(
        "surveys:moment-export", kwargs={"slug": world.trajectory.slug, "key": "baseline"}
    )


def test_a_long_label_is_cut_at_a_word_boundary_within_the_bytes():
    text = "Fragmentarisch leren: ieder individu leert afzonderlijk, zonder betrokkenheid " * 3
    label = spss_label(text, 120)
    assert len(label.encode("utf-8")) <= 120
    assert label.endswith("…")
    assert text.startswith(label[:-1]) and text[len(label) - 1] in " ,"


def test_multibyte_letters_count_as_bytes():
    label = spss_label("geïntegreerd " * 20, 120)
    assert len(label.encode("utf-8")) <= 120
    assert label.endswith("geïntegreerd…")


def test_a_short_label_is_kept():
    assert spss_label("  Hoeveel   scholen? ", 120) == "Hoeveel scholen?"


def test_levels_and_likert_items_are_ordinal():
    assert spss_measure(Question.Kind.LIKERT, ["1", "2"]) == "ordinal"
    assert spss_measure(Question.Kind.SINGLE, ["1", "2", "3", "4"]) == "ordinal"
    assert spss_measure(Question.Kind.SINGLE, ["none", "limited"]) == "nominal"
    assert spss_measure(Question.Kind.YES_NO, ["yes", "no"]) == "nominal"


@pytest.mark.parametrize("persona", ["researcher", "organiser"])
def test_the_sav_downloads_from_the_page_with_value_labels(data, world, tmp_path, persona):  # noqa: F811
    response = client_for(getattr(world, persona)).get(url(world) + "?format=sav")
    assert response.status_code == 200
    assert 'filename="traject-baseline.sav"' in response["Content-Disposition"]
    path = tmp_path / "export.sav"
    path.write_bytes(b"".join(response.streaming_content))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 3 and all(code.startswith("R") for code in frame["respondent"])
    assert meta.variable_value_labels["prior"][1] == "none (nl)"


def test_the_csv_streams_without_names(data, world):  # noqa: F811
    response = client_for(world.researcher).get(url(world) + "?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("respondent,plg,level,function")
    assert "Vandenbroucke" not in body and "@" not in body


def test_an_unknown_format_gives_the_csv(data, world):  # noqa: F811
    response = client_for(world.researcher).get(url(world) + "?format=pdf")
    assert response["Content-Type"].startswith("text/csv")


def test_xlsx(data, world):  # noqa: F811
    from openpyxl import load_workbook

    response = client_for(world.researcher).get(url(world) + "?format=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active["A1"].value == "respondent"
    assert workbook.active["A2"].value.startswith("R")


@pytest.mark.parametrize("persona", ["outsider", "coach", "director", "participant"])
def test_others_are_refused(data, world, persona):  # noqa: F811
    response = client_for(getattr(world, persona)).get(url(world) + "?format=sav")
    assert response.status_code in (403, 404)
