"""The demo database, built once for the tests of this package that only read it.

Building the demo takes seconds; the tests that read it share one build per test run
(per xdist worker), committed to the test database before their first test and emptied
again after the package's last one, as a transactional test leaves the database. Each
test still runs inside a transaction that is rolled back, so whatever a test changes is
undone before the next one. Tests of the ``demo`` command itself (its output, a rebuild)
build their own.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from leadtogether.demo.builder import demo_build

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def _demo_database(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # as every test: the fast password hash (see tests/conftest.py), English messages
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS), translation.override("en"):
            demo_build()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_database: None, db: None) -> None:
    """The shared demo database, read inside a transaction rolled back after the test."""
