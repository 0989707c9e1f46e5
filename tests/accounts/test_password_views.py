"""Choosing a new password by e-mail, and an invitation's first password."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core import mail
from django.urls import reverse

from leadtogether.accounts.models import Role
from leadtogether.trajectories import services as trajectory_services
from tests import factories


def link_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/\S+/\S+/)", body)
    assert match, body
    return match.group(1)


def set_password(client, path: str, password: str):
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    return client.post(action, {"new_password1": password, "new_password2": password})


def test_the_sign_in_page_offers_a_new_password(client):
    page = client.get(reverse("accounts:login"))
    assert reverse("accounts:password-reset") in page.content.decode()
    assert "Wachtwoord vergeten?" in page.content.decode()


def test_a_new_password_by_email(client, db):
    user = factories.UserFactory(username="an", email="an@school.example")
    response = client.post(reverse("accounts:password-reset"), {"email": "AN@school.example"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["an@school.example"]
    assert "Kies een nieuw wachtwoord" in message.subject
    done = set_password(client, link_path(message.body), "a-new-long-secret-9")
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-secret-9")
    assert client.login(username="an", password="a-new-long-secret-9")


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@x.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_a_malformed_request_is_a_form_error(client, db):
    response = client.post(reverse("accounts:password-reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_the_invitation_link_sets_the_first_password_once(client, world):
    trajectory_services.role_invite(
        actor=world.organiser,
        trajectory=world.trajectory,
        email="marie@coach.example",
        role=Role.COACH,
        first_name="Marie",
        last_name="Claes",
    )
    path = link_path(mail.outbox[0].body)
    assert set_password(client, path, "a-new-long-secret-9").status_code == 302
    assert client.login(username="marie@coach.example", password="a-new-long-secret-9")
    client.logout()
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert "werkt niet meer" in again.content.decode()


def test_an_invited_person_may_ask_for_a_new_link(client, world):
    trajectory_services.role_invite(
        actor=world.organiser,
        trajectory=world.trajectory,
        email="marie@coach.example",
        role=Role.RESEARCHER,
        first_name="Marie",
        last_name="Claes",
    )
    client.post(reverse("accounts:password-reset"), {"email": "marie@coach.example"})
    assert len(mail.outbox) == 2


def test_the_link_expires(client, world):
    factories.UserFactory(username="an", email="an@school.example")
    with time_machine.travel(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        client.post(reverse("accounts:password-reset"), {"email": "an@school.example"})
    path = link_path(mail.outbox[0].body)
    with time_machine.travel(dt.datetime(2030, 1, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(path, follow=True)
    assert not page.context["validlink"]
