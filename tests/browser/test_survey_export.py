"""A researcher downloads a moment's responses as SPSS .sav from the moment page."""

from __future__ import annotations

import pyreadstat
from playwright.sync_api import Page, expect

from tests.browser.test_invitation import PASSWORD, sign_in
from tests.surveys.test_export_responses import data  # noqa: F401 (fixture)


def test_the_researcher_downloads_the_sav(
    page: Page,
    live_server,
    transactional_db,
    world,
    data,  # noqa: F811
    tmp_path,
):
    base, slug = live_server.url, world.trajectory.slug
    sign_in(page, base, "researcher", PASSWORD)
    page.goto(f"{base}/t/{slug}/surveys/moments/baseline/")
    expect(page.get_by_role("link", name="SPSS (.sav)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="SPSS (.sav)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"{slug}-baseline.sav"
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 3
    assert meta.variable_value_labels["prior"][1] == "none (nl)"
    assert meta.variable_measure["baseline_survey_collab"] == "ordinal"
