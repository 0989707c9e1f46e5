"""Problems found in a workbook, and reading the cells of one row into typed values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from leadtogether.interchange.schema import SheetSpec
from leadtogether.lib.cells import cell_text
from leadtogether.lib.spreadsheets import Formula, formula_problem

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a workbook.

    ROW is the spreadsheet row (1 is the header); row 0 means the sheet as a whole.
    COLUMN is empty when the problem concerns a whole row or sheet.
    """

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"{self.sheet}: {self.message}"
        if not self.column:
            return f"{self.sheet}, {self.row}: {self.message}"
        return f"{self.sheet}, {self.row}, {self.column}: {self.message}"


class WorkbookInvalid(Exception):
    """The workbook was not imported; PROBLEMS says why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def split_refs(value: Any) -> list[str]:
    """The ids in a ';'-separated cell, without empty items and repeats, in order."""
    refs = (part.strip() for part in cell_text(value).split(";"))
    return list(dict.fromkeys(ref for ref in refs if ref))


def _message(text: str) -> str:
    """A validation message in the style of the other problems: no final full stop."""
    return text.strip().rstrip(".")


class RowReader:
    """Reads the cells of one row; every cell that cannot be read becomes a problem.

    The typed readers return ``None`` for a cell that could not be read (and record the
    problem) and the empty value ("" or ``None``) for an empty cell that may be empty.
    A column missing from the sheet has been reported once for the sheet; its cells read
    as empty without a further problem.
    """

    def __init__(
        self,
        spec: SheetSpec,
        number: int,
        row: Mapping[str, Any],
        problems: list[Problem],
        columns: Collection[str],
    ) -> None:
        self.spec = spec
        self.number = number
        self.row = row
        self.problems = problems
        self.columns = columns
        self.failed: set[str] = set()

    def has(self, column: str) -> bool:
        return column in self.columns

    def problem(self, column: str, message: str) -> None:
        self.failed.add(column)
        self.problems.append(Problem(self.spec.name, self.number, column, message))

    def text(self, column: str) -> str:
        if not self.has(column):
            if self.spec.column(column).required:
                self.failed.add(column)
            return ""
        raw = self.row.get(column)
        if isinstance(raw, Formula):
            self.problem(column, formula_problem(raw))
            return ""
        value = cell_text(raw)
        if not value and self.spec.column(column).value_required:
            self.problem(column, _("a value is required"))
        return value

    def choice(self, column: str, allowed: Iterable[str]) -> str | None:
        """One of ALLOWED, matched regardless of case."""
        value = self.text(column)
        if not value:
            return value
        by_folded = {choice.casefold(): choice for choice in allowed}
        if value.casefold() in by_folded:
            return by_folded[value.casefold()]
        self.problem(
            column,
            _("unknown %(what)s '%(value)s' (allowed: %(allowed)s)")
            % {
                "what": column.replace("_", " "),
                "value": value,
                "allowed": ", ".join(by_folded.values()),
            },
        )
        return None

    def yes_no(self, column: str) -> bool | None:
        raw = self.row.get(column) if self.has(column) else None
        if isinstance(raw, bool):
            return raw
        value = self.choice(column, ["yes", "no"])
        return None if not value else value == "yes"

    def integer(self, column: str) -> int | None:
        raw = self.row.get(column) if self.has(column) else None
        value = self.text(column)
        if not value:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", value):
            return int(value)
        self.problem(column, _("'%(value)s' is not a whole number") % {"value": value})
        return None

    def date(self, column: str) -> dt.date | None:
        raw = self.row.get(column) if self.has(column) else None
        value = self.text(column)
        if not value:
            return None
        if isinstance(raw, dt.datetime):
            if raw.time() == dt.time(0):
                return raw.date()
        elif isinstance(raw, dt.date):
            return raw
        elif _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(column, _("'%(value)s' is not a date (use YYYY-MM-DD)") % {"value": value})
        return None

    def datetime(self, column: str) -> dt.datetime | None:
        """A date and time in the site's time zone, unless the cell names another one."""
        raw = self.row.get(column) if self.has(column) else None
        value = self.text(column)
        if not value:
            return None
        moment: dt.datetime | None = None
        if isinstance(raw, dt.datetime):
            moment = raw
        elif isinstance(raw, str) and _DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None:
            self.problem(
                column,
                _("'%(value)s' is not a date and time (use YYYY-MM-DD HH:MM)") % {"value": value},
            )
            return None
        if timezone.is_aware(moment):
            return moment
        try:
            aware = timezone.make_aware(moment)
            round_trip = timezone.localtime(aware.astimezone(dt.UTC)).replace(tzinfo=None)
        except OverflowError:  # at the very ends of the calendar (year 1 or 9999)
            self.problem(
                column, _("%(value)s is too far in the past or the future") % {"value": value}
            )
            return None
        if round_trip != moment:
            self.problem(
                column,
                _("%(value)s does not exist in local time (the clocks go forward)")
                % {"value": value},
            )
            return None
        return aware

    def model_errors(self, instance: models.Model, columns: Mapping[str, str]) -> None:
        """Validate the fields of INSTANCE that come from this row's cells.

        COLUMNS maps field names to the column that holds them; other fields, and fields
        whose cell already has a problem, are left out. Uniqueness and constraints are
        checked elsewhere, for the whole workbook at once.
        """
        exclude = [
            field.name
            for field in instance._meta.fields
            if field.name not in columns or columns[field.name] in self.failed
        ]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = "" if field == NON_FIELD_ERRORS else columns.get(field, field)
                for message in messages:
                    self.problem(column, _message(message))
