"""The codebook pages: researchers change it, organisers read it, others are refused."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.coding import services
from leadtogether.coding.models import Code


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def code(world):
    return services.code_create(actor=None, trajectory=world.trajectory, name="Vertrouwen")


def url(world, name, **kwargs):
    return reverse(f"coding:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


def test_a_researcher_adds_a_code(world):
    response = client_for(world.researcher).post(
        url(world, "codebook"),
        {"name": "Steun en erkenning", "parent": "", "colour": "#ff0000", "kind": "inductive",
         "question": "Q1", "description": "", "inclusion": "", "exclusion": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Code.objects.get(trajectory=world.trajectory).path == "Steun en erkenning"


def test_a_bad_code_form_says_what_is_wrong(world, code):
    response = client_for(world.researcher).post(
        url(world, "codebook"),
        {"name": "Vertrouwen", "parent": "", "colour": "rood", "kind": "deductive"},
    )
    assert response.status_code == 200
    assert "colour" in response.context["form"].errors


def test_the_study_template_fills_the_codebook(world):
    client_for(world.researcher).post(url(world, "codebook-template"))
    page = client_for(world.organiser).get(url(world, "codebook"))
    assert page.status_code == 200
    assert "Breder kritisch klankbord" in page.content.decode()


def test_an_organiser_reads_but_does_not_change(world, code):
    client = client_for(world.organiser)
    assert client.get(url(world, "code-detail", code_id=code.pk)).status_code == 200
    assert client.post(url(world, "code-delete", code_id=code.pk)).status_code == 403


def test_rename_and_move_through_the_pages(world, code):
    client = client_for(world.researcher)
    parent = services.code_create(actor=None, trajectory=world.trajectory, name="Relaties")
    client.post(
        url(world, "code-detail", code_id=code.pk),
        {"name": "Vertrouwen gegroeid", "colour": "#00ff00", "kind": "deductive", "question": ""},
    )
    client.post(url(world, "code-move", code_id=code.pk), {"parent": str(parent.pk)})
    code.refresh_from_db()
    assert code.path == "Relaties / Vertrouwen gegroeid"
    response = client.post(url(world, "code-move", code_id=code.pk), {"parent": "999999"})
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.path == "Relaties / Vertrouwen gegroeid"


@pytest.mark.parametrize("who", ["outsider", "participant", "coach", "director"])
def test_others_are_refused(world, code, who):
    client = client_for(getattr(world, who))
    assert client.get(url(world, "codebook")).status_code in (403, 404)
    assert client.get(url(world, "code-detail", code_id=code.pk)).status_code in (403, 404)
    assert client.post(url(world, "code-delete", code_id=code.pk)).status_code in (403, 404)
    assert Code.objects.filter(pk=code.pk).exists()


def test_a_code_of_another_trajectory_is_not_found(world, code):
    from tests import factories

    other = factories.TrajectoryFactory()
    foreign = services.code_create(actor=None, trajectory=other, name="Elders")
    response = client_for(world.researcher).get(url(world, "code-detail", code_id=foreign.pk))
    assert response.status_code == 404
    huge = client_for(world.researcher).get(f"/t/{world.trajectory.slug}/coding/codes/{2**70}/")
    assert huge.status_code == 404
