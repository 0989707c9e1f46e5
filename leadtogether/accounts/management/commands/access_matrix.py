"""``leadtogether access-matrix``: the status every persona gets on every page, as the
access rules declare it (the table of ``docs/access.md``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from leadtogether.lib.access_matrix import markdown


class Command(BaseCommand):
    help = "Print the access matrix (Markdown) derived from the views' access rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="write to this file instead of stdout")

    def handle(self, *args: Any, out: Path | None = None, **options: Any) -> None:
        text = markdown()
        if out is None:
            self.stdout.write(text, ending="")
            return
        out.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {out}")
