"""Branded error pages: what happened and where to go, in Dutch or English."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse

from tests.conftest import World


@pytest.fixture(autouse=True)
def production_like(settings) -> None:
    settings.DEBUG = False


def test_a_missing_page_says_so_in_dutch_and_offers_to_sign_in(db):
    response = Client().get("/nergens/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page
    assert f'href="{reverse("accounts:login")}"' in page


def test_a_missing_page_speaks_english_to_an_english_browser(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_missing_object_sends_a_signed_in_user_to_their_trajectories(world: World):
    client = Client()
    client.force_login(world.participant)
    path = reverse("trajectories:plg-detail", kwargs={"slug": "traject", "plg_ref": "PLG07"})
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Naar je trajecten" in page
    assert f'href="{reverse("home")}"' in page


def test_a_refused_page_says_so_and_leads_back_to_the_trajectory(world: World):
    client = Client()
    client.force_login(world.researcher)
    response = client.get(reverse("trajectories:plg-list", kwargs={"slug": "traject"}))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Je mag deze pagina niet openen" in page
    assert 'href="/t/traject/"' in page


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_says_something_went_wrong(db):
    response = Client(raise_request_exception=False).get("/fail/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in page
    assert f'href="{reverse("home")}"' in page


@pytest.mark.urls("tests.error_urls")
def test_a_server_error_speaks_english_to_an_english_browser(db):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert "LeadTogether" in page
    assert "Afmelden" not in page


def test_a_form_without_its_security_token_gets_the_csrf_page(world: World):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Je formulier kon niet verzonden worden" in page
    assert f'href="{reverse("accounts:login")}"' in page


def test_a_signed_in_form_post_without_its_token_changes_nothing(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.organiser)
    path = reverse("trajectories:plg-edit", kwargs={"slug": "traject", "plg_ref": world.plg.ref})
    response = client.post(path, {"name": "Hernoemd", "coach": "", "members": []})
    assert response.status_code == 403
    assert "Je formulier kon niet verzonden worden" in response.content.decode()
    world.plg.refresh_from_db()
    assert world.plg.name == "PLG 3"
