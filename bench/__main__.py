"""Speed and memory benchmarks on the demo trajectory (`make bench`).

Runs against a scratch SQLite database in a temporary folder (or the PostgreSQL named by
BENCH_DATABASE_URL), times each operation, measures its peak Python memory and compares
both with the targets below. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCRATCH = Path(tempfile.mkdtemp(prefix="leadtogether-bench-"))
os.environ["LEADTOGETHER_VAR_DIR"] = str(SCRATCH)
os.environ.pop("DATABASE_URL", None)
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadtogether.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


@dataclass(frozen=True)
class Target:
    name: str
    seconds: float
    megabytes: float


@dataclass(frozen=True)
class Result:
    target: Target
    seconds: float
    megabytes: float
    queries: int

    @property
    def ok(self) -> bool:
        return self.seconds <= self.target.seconds and self.megabytes <= self.target.megabytes


def measure(target: Target, operation: Callable[[], object]) -> Result:
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        operation()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Result(target, seconds, peak / 1_000_000, len(queries.captured_queries))


def survey_write_figures(rounds: int = 200) -> bool:
    """Autosave and submit throughput through a personal link, against a one-row insert.

    All three go through the same in-process client and middleware; the baseline is a
    view that inserts one audit entry. Prints the ratios and whether they meet the
    targets (autosave at least 50 %, submit at least 33 % of the insert's throughput).
    """
    import types

    from django.http import HttpResponse
    from django.test.utils import override_settings
    from django.urls import path, reverse
    from django.views.decorators.csrf import csrf_exempt

    from leadtogether.accounts.models import AuditEntry
    from leadtogether.demo.builder import OPEN_MOMENT_KEY
    from leadtogether.surveys.answers import AnswerError, choice_codes, clean_answer
    from leadtogether.surveys.models import Invitation, Question
    from leadtogether.surveys.services.responses import (
        moment_versions,
        response_answers_save,
        response_open,
        version_questions,
    )

    @csrf_exempt
    def insert_one(request: object) -> HttpResponse:
        AuditEntry.objects.create(action="bench_insert", object_type="bench", object_id="0")
        return HttpResponse("ok")

    urls = types.ModuleType("bench_insert_urls")
    urls.urlpatterns = [path("bench-insert/", insert_one)]  # type: ignore[attr-defined]

    def per_second(operations: list[Callable[[], object]]) -> float:
        started = time.perf_counter()
        for operation in operations:
            operation()
        return len(operations) / (time.perf_counter() - started)

    def answer_for(question: Question) -> str | None:
        for candidate in [*choice_codes(question), "1", "0", "x"]:
            try:
                clean_answer(question, candidate)
            except AnswerError:
                continue
            return candidate
        return None

    client = Client()
    with override_settings(ROOT_URLCONF=urls):
        inserts = per_second([lambda: client.post("/bench-insert/") for _ in range(rounds)])

    invitations = list(
        Invitation.objects.filter(moment__key=OPEN_MOMENT_KEY, completed_at__isnull=True)
        .select_related("moment", "person")
        .order_by("pk")
    )
    version = moment_versions(invitations[0])[0]
    questions = version_questions(version)
    question = next(q for q in questions if len(choice_codes(q)) >= 2)
    codes = choice_codes(question)
    token = invitations[0].token
    autosave_url = reverse("respond:autosave", kwargs={"token": token})
    autosaves = per_second(
        [
            lambda i=i: client.post(
                autosave_url,
                {"question": question.pk, f"answer-{question.pk}": codes[i % 2]},
            )
            for i in range(rounds)
        ]
    )

    ready = invitations[1 : rounds + 1]
    answers = {q: answer_for(q) for q in questions}
    for invitation in ready:
        response = response_open(invitation=invitation, version=version)
        response_answers_save(response=response, raw_answers=answers, invitation=invitation)
    last_page = max(q.page for q in questions)
    submit = {
        "version": version.pk,
        "page": last_page,
        "action": "submit",
        "shown": [q.pk for q in questions],
    }
    submits = per_second(
        [
            lambda invitation=invitation: client.post(
                reverse("respond:survey", kwargs={"token": invitation.token}), submit
            )
            for invitation in ready
        ]
    )
    submitted = Invitation.objects.filter(
        pk__in=[i.pk for i in ready], completed_at__isnull=False
    ).count()

    print(f"\nSurvey writes on {connection.vendor} ({rounds} each, one-row insert = 100 %)")
    met = submitted == len(ready)
    for label, rate, target in [
        ("one-row insert", inserts, None),
        ("autosave", autosaves, 0.50),
        ("submit", submits, 0.33),
    ]:
        if target is None:
            print(f"  {label:<15} {rate:8.0f}/s")
            continue
        ratio = rate / inserts
        ok = ratio >= target
        met = met and ok
        flag = "ok" if ok else "MISSED"
        print(f"  {label:<15} {rate:8.0f}/s  {ratio:6.0%}  target {target:.0%}  {flag}")
    if submitted != len(ready):
        print(f"  only {submitted} of {len(ready)} submits were received  MISSED")
    return met


def main() -> int:
    from leadtogether.analysis.reports import REPORTS
    from leadtogether.demo import dataset
    from leadtogether.demo.builder import demo_build
    from leadtogether.interchange.exporter import workbook_export
    from leadtogether.interchange.importer import workbook_import
    from leadtogether.interchange.workbook import read_workbook, write_workbook
    from leadtogether.trajectories.models import Trajectory

    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    slug = dataset.TRAJECTORY.slug
    results = [measure(Target("demo build (import + accounts)", 60, 400), demo_build)]
    trajectory = Trajectory.objects.get(slug=slug)
    xlsx = SCRATCH / "export.xlsx"
    results.append(
        measure(
            Target("export workbook (.xlsx)", 20, 300),
            lambda: write_workbook(workbook_export(trajectory=trajectory), xlsx),
        )
    )
    workbook = read_workbook(xlsx)
    results.append(
        measure(
            Target("re-import the same workbook", 60, 400),
            lambda: workbook_import(workbook=workbook, actor=None),
        )
    )
    for name in REPORTS:
        results.append(
            measure(
                Target(f"report {name}", 2, 100),
                lambda name=name: call_command(
                    "report", name, "--trajectory", slug, stdout=open(os.devnull, "w")
                ),
            )
        )
    client = Client()
    client.login(username="organisator", password=dataset.ACCOUNTS[0].password)
    for label, path in [
        ("page dashboard", f"/t/{slug}/"),
        ("page PLG list", f"/t/{slug}/plgs/"),
        ("page PLG detail", f"/t/{slug}/plgs/PLG05/"),
        ("page calendar", f"/t/{slug}/calendar/"),
        ("page people", f"/t/{slug}/registry/people/"),
        ("page Table 2", f"/t/{slug}/reports/plg-overview/"),
    ]:
        results.append(measure(Target(label, 1, 100), lambda path=path: client.get(path)))

    width = max(len(r.target.name) for r in results)
    print(f"{'benchmark':<{width}}  {'seconds':>8} {'target':>7}  {'MB':>7} {'target':>7}  queries")
    for r in results:
        flag = "ok" if r.ok else "MISSED"
        print(
            f"{r.target.name:<{width}}  {r.seconds:8.2f} {r.target.seconds:7.1f}  "
            f"{r.megabytes:7.1f} {r.target.megabytes:7.0f}  {r.queries:7d}  {flag}"
        )
    missed = [r for r in results if not r.ok]
    print(f"{len(results) - len(missed)} of {len(results)} targets met.")
    writes_met = survey_write_figures()
    return 1 if missed or not writes_met else 0


if __name__ == "__main__":
    sys.exit(main())
