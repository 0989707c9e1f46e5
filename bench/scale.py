"""One scale of the benchmark: ``python -m bench.scale K`` prints its figures as JSON.

Builds the demo K times larger (``demo_build(K)``) in the database that the environment
names (``bench/__main__.py`` gives each scale its own scratch folder), then times every
main page and report. Times and memory come from separate passes: tracemalloc slows
down what it traces.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadtogether.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from leadtogether.analysis.reports import REPORTS  # noqa: E402
from leadtogether.demo import dataset  # noqa: E402
from leadtogether.demo.builder import OPEN_MOMENT_KEY, demo_build  # noqa: E402

SLUG = dataset.TRAJECTORY.slug


def pages() -> list[tuple[str, str]]:
    """The main pages as (label, path), an organiser's view of the demo trajectory."""
    t = f"/t/{SLUG}"
    return [
        ("dashboard", f"{t}/"),
        ("PLG list", f"{t}/plgs/"),
        ("PLG detail", f"{t}/plgs/PLG05/"),
        ("calendar", f"{t}/calendar/"),
        ("people list", f"{t}/registry/people/"),
        ("survey follow-up", f"{t}/surveys/moments/{OPEN_MOMENT_KEY}/"),
        ("response list", f"{t}/surveys/moments/baseline/responses/"),
        ("reports list", f"{t}/reports/"),
        *((f"report page {name}", f"{t}/reports/{name}/") for name in REPORTS),
    ]


def seconds(operation: Callable[[], object]) -> float:
    started = time.perf_counter()
    operation()
    return time.perf_counter() - started


def median_seconds(operation: Callable[[], object], runs: int) -> float:
    return statistics.median(seconds(operation) for _ in range(runs))


def megabytes(operation: Callable[[], object]) -> float:
    tracemalloc.start()
    operation()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1_000_000


def report(name: str) -> Callable[[], object]:
    def build() -> None:
        with open(os.devnull, "w") as out:
            call_command("report", name, "--trajectory", SLUG, stdout=out)

    return build


def build(scale: int) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    demo_build(scale)


def page_figures(client: Client, runs: int) -> dict[str, dict[str, float | int]]:
    figures: dict[str, dict[str, float | int]] = {}
    for label, path in pages():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)  # warms the page; its queries are counted
        figures[label] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries.captured_queries),
            "seconds": median_seconds(lambda path=path: client.get(path), runs),
        }
    return figures


def first_scale_figures(client: Client) -> dict[str, float]:
    """Export and re-import at 1×, the figures the bench has always shown."""
    from leadtogether.interchange.exporter import workbook_export
    from leadtogether.interchange.importer import workbook_import
    from leadtogether.interchange.workbook import read_workbook, write_workbook
    from leadtogether.trajectories.models import Trajectory

    trajectory = Trajectory.objects.get(slug=SLUG)
    xlsx = os.path.join(os.environ.get("LEADTOGETHER_VAR_DIR", "."), "export.xlsx")

    def export() -> None:
        write_workbook(workbook_export(trajectory=trajectory), xlsx)

    figures = {"export workbook (.xlsx)": seconds(export)}
    workbook = read_workbook(xlsx)
    figures["re-import the same workbook"] = seconds(
        lambda: workbook_import(workbook=workbook, actor=None)
    )
    return figures


def memory_figures(scale: int, client: Client) -> dict[str, float]:
    """Peak Python memory of the build, the reports and the pages (a pass of its own)."""
    figures = {"demo build": megabytes(lambda: build(scale))}
    client.login(username="organisator", password=dataset.ACCOUNTS[0].password)
    for name in REPORTS:
        figures[f"report {name}"] = megabytes(report(name))
    for label, path in pages():
        figures[f"page {label}"] = megabytes(lambda path=path: client.get(path))
    return figures


class Server:
    """``bench.serve`` in a process of its own, on the database of this scale."""

    def __enter__(self) -> Server:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", "bench.serve"], env=env, stdout=subprocess.PIPE, text=True
        )
        self.port = int(self.process.stdout.readline())  # type: ignore[union-attr]
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def post(self, path: str, data: dict[str, object]) -> int:
        """POST DATA as a form on a new connection (the server serves one per connection)."""
        body = urlencode(data, doseq=True)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            reply = connection.getresponse()
            reply.read()
            return reply.status
        finally:
            connection.close()


@dataclass
class SurveyWrites:
    """The requests measured: each a path and the form it posts."""

    insert: list[tuple[str, dict[str, object]]]
    autosave: list[tuple[str, dict[str, object]]]
    submit: list[tuple[str, dict[str, object]]]


def survey_writes(writes: int) -> SurveyWrites:
    """WRITES requests of each kind: a one-row insert (``bench/urls.py``); an autosave of
    one answer through a personal link (after the first, which opens the response, so each
    changes a stored answer); a submit of an answered questionnaire (its answers saved
    beforehand, the page posting none: nothing to re-save)."""
    from bench.urls import INSERT_PATH
    from leadtogether.demo import survey_data
    from leadtogether.surveys.models import Invitation, MeasurementMoment
    from leadtogether.surveys.services.responses import (
        response_answers_save,
        response_open,
        version_questions,
    )

    invitations = list(
        Invitation.objects.filter(
            moment__trajectory__slug=SLUG, moment__key=OPEN_MOMENT_KEY, completed_at__isnull=True
        )
        .select_related("moment")
        .order_by("pk")[: writes + 1]
    )
    version = invitations[0].moment.moment_instruments.get().version
    questions = {question.code: question for question in version_questions(version)}
    text = next(q for q in questions.values() if "text" in q.kind and not q.show_if_question)
    field = f"answer-{text.pk}"
    autosave_path = f"/s/{invitations[0].token}/autosave/"
    Client().post(autosave_path, {"question": text.pk, field: "0"})
    windows = {
        moment.key: (moment.opens_on, moment.closes_on)
        for moment in MeasurementMoment.objects.filter(
            trajectory__slug=SLUG, key__in=survey_data.MOMENTS
        )
    }
    answered = next(
        item
        for item in survey_data.demo_surveys(windows).responses
        if item.moment == survey_data.FOLLOW_UP and item.submitted_at
    )
    raw = {questions[code]: value for code, value in answered.answers}
    for invitation in invitations[1:]:
        response = response_open(invitation=invitation, version=version)
        response_answers_save(response=response, raw_answers=raw)
    return SurveyWrites(
        insert=[(INSERT_PATH, {})] * writes,
        autosave=[
            (autosave_path, {"question": text.pk, field: f"answer {value}"})
            for value in range(1, writes + 1)
        ],
        submit=[
            (f"/s/{invitation.token}/", {"version": version.pk, "action": "submit"})
            for invitation in invitations[1:]
        ],
    )


def survey_write_figures(writes: int = 100, rounds: int = 5) -> dict[str, dict[str, float]]:
    """Per kind of write: requests per second against a server on this database, and the
    queries of one request.

    The kinds take turns in ROUNDS blocks, so that a change in the machine's load falls on
    all three alike. The queries are counted in this process, through the test client."""
    from django.test import override_settings

    requests = survey_writes(writes + 1)
    figures: dict[str, dict[str, float]] = {}
    with override_settings(ROOT_URLCONF="bench.urls"):
        client = Client()
        for kind in ("insert", "autosave", "submit"):
            path, data = getattr(requests, kind).pop()
            with CaptureQueriesContext(connection) as queries:
                client.post(path, data)
            figures[kind] = {"queries": len(queries.captured_queries), "seconds": 0.0, "count": 0}
    block = writes // rounds
    with Server() as server:
        server.post(*requests.insert[-1])  # the first request loads the site
        for round_ in range(rounds):
            for kind in ("insert", "autosave", "submit"):
                batch = getattr(requests, kind)[round_ * block : (round_ + 1) * block]
                started = time.perf_counter()
                statuses = {server.post(path, data) for path, data in batch}
                figures[kind]["seconds"] += time.perf_counter() - started
                figures[kind]["count"] += len(batch)
                if not statuses <= {200, 302}:
                    raise RuntimeError(f"{kind}: the server answered {sorted(statuses)}")
    return {
        kind: {"per_second": f["count"] / f["seconds"], "queries": f["queries"]}
        for kind, f in figures.items()
    }


def main(scale: int) -> dict[str, object]:
    runs = 3 if scale >= 100 else 5
    build_seconds = seconds(lambda: build(scale))
    client = Client()
    client.login(username="organisator", password=dataset.ACCOUNTS[0].password)
    reports = {}
    for name in REPORTS:
        report(name)()  # warm
        reports[name] = median_seconds(report(name), 1 if scale >= 100 else 3)
    figures: dict[str, object] = {
        "scale": scale,
        "build_seconds": build_seconds,
        "pages": page_figures(client, runs),
        "reports": reports,
    }
    if scale == 1:
        figures["other_seconds"] = first_scale_figures(client)
        figures["memory"] = memory_figures(scale, Client())
        figures["survey_writes"] = survey_write_figures()
    return figures


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
