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
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
