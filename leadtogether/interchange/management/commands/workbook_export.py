"""``leadtogether export PATH --trajectory SLUG``: export a trajectory as a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadtogether.interchange.exporter import workbook_export
from leadtogether.interchange.workbook import WorkbookError, write_workbook
from leadtogether.trajectories.models import Trajectory


class Command(BaseCommand):
    help = (
        "Export a trajectory as a workbook (run as `leadtogether export PATH --trajectory "
        "SLUG`): PATH ending in .xlsx gives one .xlsx file, any other PATH a folder with "
        "one .csv file per sheet (created when missing). `leadtogether import` reads it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="an .xlsx file or a folder for .csv files")
        parser.add_argument(
            "--trajectory", required=True, metavar="SLUG", help="the trajectory to export"
        )

    def handle(self, *args: Any, path: Path, trajectory: str, **options: Any) -> None:
        found = Trajectory.objects.filter(slug=trajectory).first()
        if found is None:
            slugs = ", ".join(Trajectory.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"unknown trajectory '{trajectory}' (known: {slugs or 'none'})")
        workbook = workbook_export(trajectory=found)
        try:
            write_workbook(workbook, path)
        except WorkbookError as error:
            raise CommandError(str(error)) from error
        rows = sum(len(sheet.rows) for sheet in workbook.values())
        self.stdout.write(f"{path}: trajectory '{found.slug}', {len(workbook)} sheets, {rows} rows")
