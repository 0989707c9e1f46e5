"""A scaled demo: K copies of the demo's records in the one demo trajectory."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from leadtogether.demo.builder import demo_build
from leadtogether.registry.models import Person, School
from leadtogether.surveys.models import Invitation, Response
from leadtogether.trajectories.models import PLG, Session, Trajectory

REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def _counts() -> dict[str, int]:
    return {
        "trajectories": Trajectory.objects.count(),
        "schools": School.objects.count(),
        "people": Person.objects.count(),
        "plgs": PLG.objects.count(),
        "sessions": Session.objects.count(),
        "invitations": Invitation.objects.count(),
        "responses": Response.objects.count(),
    }


@pytest.fixture
def counts_at_scale_1(transactional_db) -> dict[str, int]:
    demo_build()
    counts = _counts()
    call_command("flush", interactive=False, verbosity=0)
    return counts


def test_scale_2_doubles_every_record_of_the_one_trajectory(counts_at_scale_1):
    call_command("demo", "--no-serve", "--scale", "2", stdout=open("/dev/null", "w"))

    doubled = {name: 2 * count for name, count in counts_at_scale_1.items()}
    assert _counts() == doubled | {"trajectories": 1}


def test_scale_2_keeps_refs_names_and_emails_unique_and_refs_url_safe(transactional_db):
    demo_build(2)

    refs = [
        *School.objects.values_list("ref", flat=True),
        *Person.objects.values_list("ref", flat=True),
        *PLG.objects.values_list("ref", flat=True),
        *Session.objects.values_list("ref", flat=True),
    ]
    emails = [email.lower() for email in Person.objects.values_list("email", flat=True)]
    names = list(School.objects.values_list("name", flat=True))
    assert len(set(refs)) == len(refs)
    assert all(REF.match(ref) for ref in refs)
    assert len(set(emails)) == len(emails)
    assert len(set(names)) == len(names)


def test_it_refuses_a_scale_below_1(transactional_db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo", "--no-serve", "--scale", "0")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="statistics are SQLite's ANALYZE")
def test_sqlite_has_statistics_after_the_demo_build(transactional_db):
    demo_build()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        (rows,) = cursor.fetchone()
    assert rows > 0
