"""``leadtogether report NAME --trajectory SLUG --format csv|md|xlsx|html [--out FILE]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadtogether.analysis.reports import REPORTS, UnknownReport, get_report
from leadtogether.analysis.services import report_table
from leadtogether.lib.tables import FORMATS, render
from leadtogether.trajectories.models import Trajectory


class Command(BaseCommand):
    help = "Print a study table of a trajectory (leadtogether report NAME --trajectory SLUG)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="report name: " + ", ".join(sorted(REPORTS)))
        parser.add_argument("--trajectory", required=True, help="the trajectory's slug")
        parser.add_argument("--format", choices=FORMATS, default="csv", help="output format")
        parser.add_argument("--out", type=Path, help="write to this file instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = get_report(options["name"])
        except UnknownReport as error:
            raise CommandError(str(error)) from None
        trajectory = Trajectory.objects.filter(slug=options["trajectory"]).first()
        if trajectory is None:
            known = ", ".join(Trajectory.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"Unknown trajectory {options['trajectory']!r}; known trajectories: {known}."
            )
        output = render(report_table(report, trajectory), options["format"], str(report.title))
        out: Path | None = options["out"]
        if out is not None:
            data = output.encode("utf-8") if isinstance(output, str) else output
            try:
                out.write_bytes(data)
            except OSError as error:
                raise CommandError(f"Cannot write {out}: {error.strerror}.") from None
        elif isinstance(output, str):
            self.stdout.write(output, ending="")
        else:
            self._write_binary(output)

    def _write_binary(self, data: bytes) -> None:
        stream = getattr(self.stdout._out, "buffer", None)  # noqa: SLF001 - the wrapped stream
        if stream is None:
            raise CommandError("This format is binary: write it to a file with --out.")
        self.stdout.flush()
        stream.write(data)
        stream.flush()
