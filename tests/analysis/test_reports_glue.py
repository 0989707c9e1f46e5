"""The study tables computed from database records, on the page and the command line."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from leadtogether.analysis.loaders import load_frames
from leadtogether.registry.models import Level
from leadtogether.trajectories.models import Enrolment
from tests import factories


def _report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_participants_frame_has_one_row_per_enrolment(world):
    frames = load_frames(world.trajectory, ["participants", "plgs"])
    participants = frames["participants"]
    assert len(participants) == Enrolment.objects.filter(trajectory=world.trajectory).count()
    member_row = participants.set_index("person_id").loc[world.member.ref]
    assert member_row["plg_id"] == world.plg.ref
    assert member_row["level"] == Level.PRIMARY
    assert set(frames["plgs"]["plg"]) == {"PLG 3", "PLG 7"}


def test_frames_take_a_constant_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        load_frames(world.trajectory, ["participants", "plgs"])


def test_respondents_table_counts_only_consenting_participants(world):
    Enrolment.objects.filter(person=world.member).update(research_consent=False)
    csv = _report("respondents-by-level-function", "--trajectory", world.trajectory.slug)
    lines = csv.splitlines()
    assert lines[0] == "level,function,n,column_pct"
    assert "primary,management,7,100.0" in lines
    assert "total,total,7,100.0" in lines


def test_plg_overview_lists_plgs_in_name_order_with_a_total(world):
    extra = factories.PLGFactory(trajectory=world.trajectory, name="PLG 10", ref="PLG10")
    csv = _report("plg-overview", "--trajectory", world.trajectory.slug)
    lines = csv.splitlines()
    assert lines[0] == "plg,participants,schools,level,form,participation,learning_level"
    assert [line.split(",")[0] for line in lines[1:]] == ["PLG 3", "PLG 7", extra.name, "N"]
    assert lines[1] == "PLG 3,4,4,primary,A,full,2"
    assert lines[-1] == "N,8,8,,,,"


def test_report_writes_xlsx_to_a_file(world, tmp_path: Path):
    out = tmp_path / "table1.xlsx"
    call_command(
        "report",
        "respondents-by-level-function",
        "--trajectory",
        world.trajectory.slug,
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    sheet = openpyxl.load_workbook(out).active
    assert [cell.value for cell in sheet[1]] == ["level", "function", "n", "column_pct"]
    assert sheet.cell(row=10, column=3).value == 8


def test_report_markdown_and_html(world):
    md = _report("plg-overview", "--trajectory", world.trajectory.slug, "--format", "md")
    assert "| PLG 3" in md
    html = _report("plg-overview", "--trajectory", world.trajectory.slug, "--format", "html")
    assert "<table" in html and "PLG 7" in html


def test_report_refuses_an_unknown_report_or_trajectory(world):
    with pytest.raises(CommandError, match="known reports: .*plg-overview"):
        _report("table-99", "--trajectory", world.trajectory.slug)
    with pytest.raises(CommandError, match="Unknown trajectory 'nope'"):
        _report("plg-overview", "--trajectory", "nope")


@pytest.mark.parametrize("persona", ["organiser", "researcher"])
def test_reports_page_shows_the_tables(world, client, persona):
    client.force_login(getattr(world, persona))
    url = reverse(
        "analysis:report-detail", kwargs={"slug": world.trajectory.slug, "name": "plg-overview"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "PLG 7" in response.content.decode()
    listing = client.get(reverse("analysis:report-list", kwargs={"slug": world.trajectory.slug}))
    assert "respondents-by-level-function" in listing.content.decode()


def test_reports_page_downloads_csv(world, client):
    client.force_login(world.researcher)
    url = reverse(
        "analysis:report-detail",
        kwargs={"slug": world.trajectory.slug, "name": "respondents-by-level-function"},
    )
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("level,function,n,column_pct")
    assert client.get(url, {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize("persona", ["participant", "coach", "director", "outsider"])
def test_reports_are_refused_to_other_roles(world, client, persona):
    client.force_login(getattr(world, persona))
    url = reverse("analysis:report-list", kwargs={"slug": world.trajectory.slug})
    assert client.get(url).status_code == 403


def test_reports_are_invisible_outside_the_trajectory(world, client):
    client.force_login(factories.UserFactory(username="stranger"))
    url = reverse("analysis:report-list", kwargs={"slug": world.trajectory.slug})
    assert client.get(url).status_code == 404


def test_unknown_report_page_is_404(world, client):
    client.force_login(world.organiser)
    url = reverse("analysis:report-detail", kwargs={"slug": world.trajectory.slug, "name": "x"})
    assert client.get(url).status_code == 404


def test_analysis_tables_import_no_orm():
    root = Path(__file__).resolve().parents[2] / "leadtogether" / "analysis"
    pure = [root / "reports.py", *sorted((root / "tables").glob("*.py"))]
    for path in pure:
        text = path.read_text(encoding="utf-8")
        assert "django.db" not in text and ".models" not in text, path
