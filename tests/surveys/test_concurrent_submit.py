"""Fifty submits of the same answers at once: one response, submitted once, nothing lost.

The requests go over HTTP to a live server, each handled in its own thread with its own
database connection, as in production. pytest-django's ``live_server`` hands every
request thread the test's single in-memory SQLite connection, so concurrent requests
would share one transaction ("database table is locked"); the ``concurrent_server``
below copies the test database to a file on SQLite instead and gives every request a
connection of its own (on PostgreSQL it uses the test database as it is).
"""

from __future__ import annotations

import http.client
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.db.utils import load_backend
from django.test.testcases import LiveServerThread

from leadtogether.accounts.models import AuditEntry
from leadtogether.surveys.models import Answer, Invitation, Response
from tests.surveys.test_responses import build_survey

SUBMITS = 50


def _connection(settings_dict: dict[str, Any]):
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(dict(settings_dict), "default")


def _server_thread(settings_dict: dict[str, Any]) -> LiveServerThread:
    class Server(ThreadedWSGIServer):
        request_queue_size = 2 * SUBMITS

        def process_request_thread(self, request: Any, client_address: Any) -> None:
            # Closed again by close_request() at the end of the request.
            connections["default"] = _connection(settings_dict)
            super().process_request_thread(request, client_address)

    class Thread(LiveServerThread):
        server_class = Server

    return Thread("127.0.0.1", static_handler=StaticFilesHandler)


@contextmanager
def serving_with_own_connections(tmp_path: Path) -> Iterator[str]:
    """Run a live server whose every request has a database connection of its own.

    On SQLite the test thread moves to the file copy too, so that what the test writes
    and reads is what the server sees. Yields the server's base URL.
    """
    original = connections["default"]
    moved = None
    settings_dict = original.settings_dict
    if original.vendor == "sqlite" and original.is_in_memory_db():
        path = tmp_path / "concurrent.sqlite3"
        original.ensure_connection()
        copy = sqlite3.connect(path)
        original.connection.backup(copy)
        copy.close()
        settings_dict = {**original.settings_dict, "NAME": str(path)}
        moved = _connection(settings_dict)
        connections["default"] = moved
    cache.clear()
    thread = _server_thread(settings_dict)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://{thread.host}:{thread.port}"
    finally:
        thread.terminate()
        cache.clear()
        if moved is not None:
            moved.close()
            connections["default"] = original


@pytest.fixture
def concurrent_server(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    with serving_with_own_connections(tmp_path) as url:
        yield url


@dataclass
class Reply:
    status: int
    location: str


def post_form(
    base: str,
    path: str,
    data: dict[str, Any],
    start: threading.Barrier,
    headers: dict[str, str] | None = None,
) -> Reply:
    """POST DATA as a browser submits a form, once every thread is at the start line."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    body = urllib.parse.urlencode(data, doseq=True)
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        conn.connect()
        start.wait()
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )
        reply = conn.getresponse()
        reply.read()
        return Reply(reply.status, reply.getheader("Location", ""))
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_fifty_submits_at_once_leave_one_submitted_response_with_every_answer(
    concurrent_server: str,
):
    survey = build_survey()
    path = f"/s/{survey.token}/"
    # Everything answered on the last page at once: every request also races to create
    # the response and to save the answers before submitting.
    form = {
        "version": survey.version.pk,
        "page": 2,
        "action": "submit",
        "shown": [survey.role.pk, survey.years.pk, survey.cont.pk],
        f"answer-{survey.role.pk}": "director",
        f"answer-{survey.years.pk}": "11",
        f"answer-{survey.cont.pk}": "yes",
    }
    start = threading.Barrier(SUBMITS)
    replies: list[Reply | BaseException] = [None] * SUBMITS  # type: ignore[list-item]

    def submit(index: int) -> None:
        try:
            replies[index] = post_form(concurrent_server, path, form, start)
        except BaseException as error:
            replies[index] = error

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert [r for r in replies if not isinstance(r, Reply)] == []
    assert {(r.status, r.location) for r in replies} == {(302, path)}
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_at is not None
    assert dict(
        Answer.objects.filter(response=response).values_list("question__code", "value")
    ) == {"role": "director", "years": 11, "continue": "yes"}
    assert AuditEntry.objects.filter(action="response_submit").count() == 1
    invitation = Invitation.objects.get()
    assert invitation.completed_at == response.submitted_at
