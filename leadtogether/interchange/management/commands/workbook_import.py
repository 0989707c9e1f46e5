"""``leadtogether import PATH``: import a workbook, all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from leadtogether.interchange.importer import WorkbookInvalid, workbook_import
from leadtogether.interchange.workbook import WorkbookError, read_workbook


class Command(BaseCommand):
    help = (
        "Import a workbook (run as `leadtogether import PATH`): an .xlsx file or a folder of "
        ".csv files with the sheets described in docs/workbook.md. Records are created or "
        "updated by their id. On any problem nothing is written and every problem is "
        "printed as 'sheet, row, column: message'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="an .xlsx file or a folder of .csv files")

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            workbook = read_workbook(path)
        except WorkbookError as error:
            raise CommandError(str(error)) from error
        try:
            summary = workbook_import(workbook=workbook)
        except WorkbookInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            count = len(invalid.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was imported."
            ) from invalid
        for line in summary.lines():
            self.stdout.write(line)
