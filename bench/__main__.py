"""Speed and memory benchmarks on the demo trajectory at 1× and 10× (`make bench`).

Each scale runs in a process of its own (``bench/scale.py``) against its own scratch SQLite
database in a temporary folder (or, one after the other, the PostgreSQL named by
BENCH_DATABASE_URL). ``BENCH_SCALE=100`` adds a run at 100×. Prints, for every main page,
its time (warmed, median of several runs), HTML size and query count at each scale with
the ratio to 1×; every report's build time likewise; the figures at 1× the bench has
always shown (demo build, export, re-import, peak memory); and the throughput of a survey
autosave and submit against a one-row insert. Targets stand beside each
figure; a miss is marked MISSED and makes the bench exit non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PAGE_TIME_RATIO = 2.0  # a page at 10× takes at most twice its time at 1×
PAGE_SIZE_RATIO = 1.5  # and its HTML is at most 1.5 times as large
REPORT_TIME_RATIO = 3.0  # a report at 10× builds in at most three times its time at 1×
REPORT_SECONDS_AT_100 = 5.0  # and at 100× in at most five seconds
BUILD_SECONDS_AT_10 = 60.0  # `leadtogether demo --no-serve --scale 10`
# (seconds, MB) at 1×
FIRST_SCALE_TARGETS: dict[str, tuple[float, float]] = {
    "demo build": (60, 400),
    "export workbook (.xlsx)": (20, 300),
    "re-import the same workbook": (60, 400),
}
SURVEY_WRITE_SHARES = {"autosave": 0.50, "submit": 0.33}  # of a one-row insert's rate
REPORT_TARGET = (2.0, 100.0)
PAGE_TARGET = (1.0, 100.0)

Figures = dict[str, object]


@dataclass
class Table:
    """Rows printed under a title, each ending in ok or MISSED."""

    title: str
    header: list[str]
    rows: list[tuple[list[str], bool]]

    def print(self) -> None:
        cells = [self.header, *(row for row, _ in self.rows)]
        widths = [max(len(line[i]) for line in cells) for i in range(len(self.header))]

        def line(values: list[str], mark: str) -> str:
            first = values[0].ljust(widths[0])
            rest = "  ".join(v.rjust(w) for v, w in zip(values[1:], widths[1:], strict=True))
            return f"{first}  {rest}  {mark}".rstrip()

        print(f"\n{self.title}")
        print(line(self.header, ""))
        for row, ok in self.rows:
            print(line(row, "ok" if ok else "MISSED"))

    @property
    def missed(self) -> int:
        return sum(not ok for _, ok in self.rows)

    @property
    def count(self) -> int:
        return len(self.rows)


def run_scale(scale: int, scratch: Path) -> Figures:
    """The figures of one scale, measured in a process of its own."""
    env = dict(os.environ, LEADTOGETHER_VAR_DIR=str(scratch / f"x{scale}"))
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    print(f"building and measuring the demo at {scale}× …", file=sys.stderr, flush=True)
    done = subprocess.run(  # noqa: S603 - this interpreter, our own module
        [sys.executable, "-m", "bench.scale", str(scale)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ratio(value: float, base: float) -> float:
    return value / base if base else float("inf")


def page_table(runs: dict[int, Figures]) -> Table:
    base, tenfold = runs[1]["pages"], runs[10]["pages"]
    rows = []
    for label, one in base.items():  # type: ignore[union-attr]
        ten = tenfold[label]  # type: ignore[index]
        time_ratio = _ratio(ten["seconds"], one["seconds"])
        size_ratio = _ratio(ten["bytes"], one["bytes"])
        ok = (
            time_ratio <= PAGE_TIME_RATIO
            and size_ratio <= PAGE_SIZE_RATIO
            and one["queries"] == ten["queries"]
            and one["status"] == ten["status"] == 200
        )
        rows.append(
            (
                [
                    label,
                    f"{one['seconds'] * 1000:.0f}",
                    f"{ten['seconds'] * 1000:.0f}",
                    f"{time_ratio:.1f}×",
                    f"≤{PAGE_TIME_RATIO:g}×",
                    f"{one['bytes'] / 1000:.0f}",
                    f"{ten['bytes'] / 1000:.0f}",
                    f"{size_ratio:.2f}×",
                    f"≤{PAGE_SIZE_RATIO:g}×",
                    f"{one['queries']}",
                    f"{ten['queries']}",
                    "" if one["status"] == ten["status"] == 200 else f"{ten['status']}",
                ],
                ok,
            )
        )
    header = ["page", "ms 1×", "ms 10×", "ratio", "target"]
    header += ["KB 1×", "KB 10×", "ratio", "target", "queries 1×", "10×", "status"]
    return Table("Pages at 1× and 10× (time, HTML size, queries: equal)", header, rows)


def report_table(runs: dict[int, Figures]) -> Table:
    base, tenfold = runs[1]["reports"], runs[10]["reports"]
    hundred = runs[100]["reports"] if 100 in runs else None
    rows = []
    for name, one in base.items():  # type: ignore[union-attr]
        ten = tenfold[name]  # type: ignore[index]
        ratio = _ratio(ten, one)
        ok = ratio <= REPORT_TIME_RATIO
        row = [name, f"{one:.3f}", f"{ten:.3f}", f"{ratio:.1f}×", f"≤{REPORT_TIME_RATIO:g}×"]
        if hundred is not None:
            at_100 = hundred[name]  # type: ignore[index]
            ok = ok and at_100 <= REPORT_SECONDS_AT_100
            row += [f"{at_100:.3f}", f"≤{REPORT_SECONDS_AT_100:g}"]
        rows.append((row, ok))
    header = ["report", "s 1×", "s 10×", "ratio", "target"]
    if hundred is not None:
        header += ["s 100×", "target"]
    return Table("Report build times", header, rows)


def build_table(runs: dict[int, Figures]) -> Table:
    rows = []
    for scale, figures in runs.items():
        value = float(figures["build_seconds"])  # type: ignore[arg-type]
        target = BUILD_SECONDS_AT_10 if scale == 10 else None
        ok = target is None or value <= target
        rows.append(
            ([f"demo --scale {scale}", f"{value:.1f}", f"≤{target:g}" if target else ""], ok)
        )
    return Table("Demo build (migrate, empty, build)", ["build", "seconds", "target"], rows)


def first_scale_table(first: Figures) -> Table:
    seconds: dict[str, float] = {"demo build": float(first["build_seconds"])}  # type: ignore[arg-type]
    seconds |= first["other_seconds"]  # type: ignore[arg-type]
    seconds |= {f"report {n}": s for n, s in first["reports"].items()}  # type: ignore[union-attr]
    seconds |= {f"page {label}": p["seconds"] for label, p in first["pages"].items()}  # type: ignore[union-attr]
    memory: dict[str, float] = first["memory"]  # type: ignore[assignment]
    rows = []
    for name, value in seconds.items():
        target = FIRST_SCALE_TARGETS.get(
            name, REPORT_TARGET if name.startswith("report ") else PAGE_TARGET
        )
        mb = memory.get(name)
        ok = value <= target[0] and (mb is None or mb <= target[1])
        mb_text = "" if mb is None else f"{mb:.1f}"
        rows.append(([name, f"{value:.2f}", f"{target[0]:g}", mb_text, f"{target[1]:g}"], ok))
    header = ["at 1×", "seconds", "target", "MB", "target"]
    return Table("At 1×: time, peak Python memory (a pass of its own)", header, rows)


def survey_write_table(first: Figures) -> Table:
    """Autosave and submit throughput as a share of a one-row insert's, on one server."""
    writes: dict[str, dict[str, float]] = first["survey_writes"]  # type: ignore[assignment]
    insert = writes["insert"]["per_second"]
    rows = [
        (["one-row insert", f"{insert:.0f}", "", "", f"{writes['insert']['queries']:.0f}"], True)
    ]
    for name, target in SURVEY_WRITE_SHARES.items():
        rate = writes[name]["per_second"]
        share = rate / insert
        row = [
            name,
            f"{rate:.0f}",
            f"{share:.0%}",
            f"≥{target:.0%}",
            f"{writes[name]['queries']:.0f}",
        ]
        rows.append((row, share >= target))
    header = ["survey write", "per second", "of insert", "target", "queries"]
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    return Table(f"Survey writes at 1× ({database}, served over HTTP)", header, rows)


def main() -> int:
    extra = os.environ.get("BENCH_SCALE", "")
    if extra not in {"", "1", "10", "100"}:
        print(f"BENCH_SCALE is 100 (adds a run at 100×) or unset, not {extra!r}.", file=sys.stderr)
        return 2
    scales = [1, 10, 100] if extra == "100" else [1, 10]
    scratch = Path(tempfile.mkdtemp(prefix="leadtogether-bench-"))
    try:
        runs = {scale: run_scale(scale, scratch) for scale in scales}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    tables = [
        first_scale_table(runs[1]),
        build_table(runs),
        page_table(runs),
        report_table(runs),
        survey_write_table(runs[1]),
    ]
    for table in tables:
        table.print()
    missed = sum(table.missed for table in tables)
    total = sum(table.count for table in tables)
    print(f"\n{total - missed} of {total} targets met.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
