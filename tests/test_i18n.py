"""Dutch is the default language of the interface; English is one click away."""

from __future__ import annotations

from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.conftest import World


def dashboard(world: World) -> str:
    return reverse("trajectories:dashboard", kwargs={"slug": world.trajectory.slug})


def test_the_dashboard_is_in_dutch_by_default(world):
    client = Client()
    client.force_login(world.organiser)
    page = client.get(dashboard(world)).content.decode()
    assert '<html lang="nl">' in page
    assert "ingeschreven deelnemers" in page
    assert "Volgende sessies" in page
    assert "Next sessions" not in page


def test_the_dashboard_is_in_english_after_choosing_english(world):
    client = Client()
    client.force_login(world.organiser)
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": dashboard(world)}
    )
    assert response.status_code == 302
    page = client.get(dashboard(world)).content.decode()
    assert '<html lang="en">' in page
    assert "enrolled participants" in page
    assert "Next sessions" in page
    assert "Volgende sessies" not in page


def test_form_errors_are_in_dutch_too(world):
    client = Client()
    client.force_login(world.organiser)
    response = client.post(
        reverse("trajectories:session-create", kwargs={"slug": world.trajectory.slug}),
        {"kind": "plg_meeting", "starts_at": "2022-03-10T14:00"},
    )
    assert "Kies de PLG die samenkomt." in response.content.decode()


def test_the_dutch_catalogue_is_complete_and_compiled():
    import polib

    locale = Path(__file__).resolve().parents[1] / "leadtogether" / "locale" / "nl" / "LC_MESSAGES"
    catalogue = polib.pofile(str(locale / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    compiled = polib.mofile(str(locale / "django.mo"))
    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled} == {
        (e.msgctxt, e.msgid): e.msgstr or {int(k): v for k, v in e.msgstr_plural.items()}
        for e in catalogue.translated_entries()
    }
