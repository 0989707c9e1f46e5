"""The results per question of the demo's year-2 moment, and a coach's view of their PLG."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from leadtogether.demo import dataset
from leadtogether.surveys.models import MeasurementMoment
from leadtogether.surveys.selectors.results import Selection, moment_results

SLUG = dataset.TRAJECTORY.slug


def signed_in(username: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    assert client.login(username=username, password=dataset.DEMO_PASSWORD)
    return client


def test_the_continuation_question_has_131_answers(demo):
    moment = MeasurementMoment.objects.get(key="year-2")
    results = moment_results(moment, Selection())
    [continuation] = [r for r in results.questions if r.question.code == "continue_plg"]
    assert (continuation.n, continuation.missing) == (131, 0)
    assert sum(bar.count for bar in continuation.bars) == 131
    assert [bar.count for bar in continuation.bars] == [125, 6]


def test_the_results_page_shows_the_chart(demo, django_assert_max_num_queries):
    url = reverse("surveys:moment-results", kwargs={"slug": SLUG, "key": "year-2"})
    client = signed_in("onderzoeker")
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "N = 131" in page
    assert "<svg" in page and 'class="bar"' in page
    assert "Wilt u de PLG verderzetten" in page or "continue_plg" in page
    assert "ja (yes)" not in page


def test_a_filter_by_plg_and_the_minimum_cell_size(demo, settings):
    url = reverse("surveys:moment-results", kwargs={"slug": SLUG, "key": "year-2"})
    client = signed_in("onderzoeker")
    settings.SURVEY_MIN_CELL_SIZE = 100
    page = client.get(url + "?level=primary").content.decode()
    assert "minder dan 100" in page or "fewer than 100" in page
    assert "<svg" not in page


def test_the_results_download_as_xlsx(demo):
    url = reverse("surveys:moment-results", kwargs={"slug": SLUG, "key": "year-2"})
    response = signed_in("onderzoeker").get(url + "?download=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxml")


def test_a_coach_sees_their_plg_aggregated_only(demo, settings):
    url = reverse("surveys:plg-results", kwargs={"slug": SLUG, "plg_ref": "PLG03"})
    client = signed_in("coach")
    settings.SURVEY_MIN_CELL_SIZE = 5
    page = client.get(url + "?moment=year-2").content.decode()
    assert "<svg" in page
    assert "R0" not in page  # no research codes, no open answers
    settings.SURVEY_MIN_CELL_SIZE = 500
    page = client.get(url + "?moment=year-2").content.decode()
    assert "<svg" not in page
    other = reverse("surveys:plg-results", kwargs={"slug": SLUG, "plg_ref": "PLG07"})
    assert client.get(other).status_code == 404
