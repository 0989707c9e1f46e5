"""The state shared by the sheet readers while a workbook is checked."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from leadtogether.interchange.importer.cells import Problem, RowReader
from leadtogether.interchange.importer.existing import Existing
from leadtogether.interchange.importer.plan import Plan
from leadtogether.interchange.schema import SHEETS, TRAJECTORY, SheetSpec
from leadtogether.interchange.workbook import Workbook, row_is_blank


@dataclass
class Reading:
    workbook: Workbook
    existing: Existing
    plan: Plan = field(default_factory=Plan)
    problems: list[Problem] = field(default_factory=list)
    # sheets whose id column is missing: references to their records are not checked
    unchecked: set[str] = field(default_factory=set)

    def rows(self, spec: SheetSpec) -> Iterator[RowReader]:
        """A reader for each row of the sheet that has a value; none when it is absent."""
        sheet = self.workbook.get(spec.name)
        if sheet is None:
            return
        columns = set(sheet.columns)
        for number, row in sheet.numbered_rows():
            if not row_is_blank(row):
                yield RowReader(spec, number, row, self.problems, columns)

    def reference(
        self, row: RowReader, column: str, known: Collection[str], what: str, sheet: str
    ) -> str | None:
        """The id in COLUMN if it names a known WHAT (a record of SHEET); "" when empty."""
        ref = row.text(column)
        if not ref or ref in known or sheet in self.unchecked:
            return ref
        row.problem(column, _("unknown %(what)s '%(ref)s'") % {"what": what, "ref": ref})
        return None

    def duplicate(
        self, row: RowReader, column: str, seen: dict, key: Any, message: str = ""
    ) -> bool:
        """Whether KEY was seen on an earlier row; if so, that is a problem on this one."""
        if key not in seen:
            seen[key] = row.number
            return False
        message = message or _("duplicate %(column)s '%(key)s'") % {"column": column, "key": key}
        row.problem(
            column,
            _("%(message)s (also on row %(row)s)") % {"message": message, "row": seen[key]},
        )
        return True


def check_columns(reading: Reading) -> None:
    """Every sheet that is present has its required columns, each once."""
    if TRAJECTORY.name not in reading.workbook:
        reading.problems.append(Problem(TRAJECTORY.name, 0, "", _("the sheet is missing")))
    for spec in SHEETS:
        sheet = reading.workbook.get(spec.name)
        if sheet is None:
            continue
        seen: set[str] = set()
        for column in sheet.columns:
            if column in seen and column in spec.column_names:
                reading.problems.append(Problem(spec.name, 1, column, _("duplicate column")))
            seen.add(column)
        for column in spec.required_columns:
            if column not in seen:
                reading.problems.append(Problem(spec.name, 1, column, _("missing column")))
        if spec.columns[0].name not in seen:
            reading.unchecked.add(spec.name)
