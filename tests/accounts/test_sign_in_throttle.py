"""Failed sign-ins are throttled per username and per address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from leadtogether.accounts.models import AuditEntry
from tests import factories

PASSWORD = "correct horse battery"
START = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


def sign_in(username: str, password: str, address: str = "10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def fail(times: int, username: str = "an", address: str = "10.0.0.1") -> None:
    for _ in range(times):
        sign_in(username, "wrong", address)


@pytest.fixture
def an(db):
    return factories.UserFactory(username="an")


def test_nine_failures_still_let_the_right_password_in(an):
    fail(9)
    assert sign_in("an", PASSWORD).status_code == 302


def test_the_tenth_failure_says_signing_in_is_locked(an):
    with time_machine.travel(START, tick=False):
        fail(9)
        assert sign_in("an", "wrong").status_code == 429


def test_ten_failures_lock_the_account_also_for_the_right_password(an):
    with time_machine.travel(START, tick=False):
        fail(10)
        response = sign_in("an", PASSWORD)
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_the_lock_holds_from_another_address_too(an):
    with time_machine.travel(START, tick=False):
        fail(10)
        assert sign_in("an", PASSWORD, address="10.9.9.9").status_code == 429


def test_another_user_from_another_address_signs_in(an):
    factories.UserFactory(username="bart")
    with time_machine.travel(START, tick=False):
        fail(10)
        assert sign_in("bart", PASSWORD, address="10.9.9.9").status_code == 302


def test_ten_failures_from_one_address_lock_that_address(an):
    factories.UserFactory(username="bart")
    with time_machine.travel(START, tick=False):
        for number in range(10):
            sign_in(f"nobody{number}", "wrong", address="10.6.6.6")
        assert sign_in("an", PASSWORD, address="10.6.6.6").status_code == 429
        assert sign_in("an", PASSWORD, address="10.0.0.2").status_code == 302


def test_after_the_cool_off_the_user_signs_in(an):
    with time_machine.travel(START, tick=False):
        fail(10)
        assert sign_in("an", PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert sign_in("an", PASSWORD).status_code == 302


def test_the_username_counts_regardless_of_case(an):
    with time_machine.travel(START, tick=False):
        fail(5, username="AN")
        fail(5, username=" an")
        assert sign_in("an", PASSWORD).status_code == 429


def test_a_lockout_is_audited_once(an):
    with time_machine.travel(START, tick=False):
        fail(10)
        sign_in("an", PASSWORD)
        sign_in("an", "wrong")
    [entry] = AuditEntry.objects.filter(action="sign_in_locked_out")
    assert entry.object_id == str(an.pk)
    assert entry.detail == {"username": "an", "address": "10.0.0.1"}


def test_the_test_clients_login_is_not_throttled(an, client):
    with time_machine.travel(START, tick=False):
        fail(10)
        assert client.login(username="an", password=PASSWORD)
