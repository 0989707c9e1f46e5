"""Importing a workbook: check every sheet in memory, then write it all or nothing.

The sheets are read in the order of the workbook format; each reader checks its rows
(cells, ids, references to earlier sheets and to records already in the database) and
adds what to write to the plan. Only a workbook without problems is written.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.interchange.importer.cells import Problem, WorkbookInvalid
from leadtogether.interchange.importer.existing import load_existing
from leadtogether.interchange.importer.plan import Count, ImportSummary
from leadtogether.interchange.importer.reading import Reading, check_columns
from leadtogether.interchange.importer.registry_sheets import (
    read_partnerships,
    read_people,
    read_schools,
)
from leadtogether.interchange.importer.role_sheet import read_roles
from leadtogether.interchange.importer.session_sheets import read_attendance, read_sessions
from leadtogether.interchange.importer.trajectory_sheets import (
    read_enrolments,
    read_plg_members,
    read_plgs,
    read_trajectory,
)
from leadtogether.interchange.importer.writer import Writer
from leadtogether.interchange.schema import SHEETS
from leadtogether.interchange.workbook import Workbook
from leadtogether.lib.db import statistics_refresh

__all__ = ["Count", "ImportSummary", "Problem", "WorkbookInvalid", "workbook_import"]

# in this order: each sheet refers to records of the sheets before it
READERS: tuple[Callable[[Reading], None], ...] = (
    read_trajectory,
    read_schools,
    read_partnerships,
    read_people,
    read_enrolments,
    read_plgs,
    read_plg_members,
    read_sessions,
    read_attendance,
    read_roles,
)

_SHEET_ORDER = {sheet.name: position for position, sheet in enumerate(SHEETS)}


def workbook_check(*, workbook: Workbook) -> Reading:
    """Read and check WORKBOOK against the database; raise WorkbookInvalid on problems."""
    reading = Reading(workbook=workbook, existing=load_existing(workbook))
    check_columns(reading)
    for read in READERS:
        read(reading)
    if reading.problems:
        problems = sorted(
            reading.problems, key=lambda p: (_SHEET_ORDER.get(p.sheet, len(SHEETS)), p.row)
        )
        raise WorkbookInvalid(problems)
    return reading


def workbook_import(*, workbook: Workbook, actor: User | None = None) -> ImportSummary:
    """Create or update the records of WORKBOOK, all of them or, on any problem, none."""
    reading = workbook_check(workbook=workbook)
    writer = Writer(reading.plan, reading.existing)
    try:
        with transaction.atomic():
            trajectory = writer.write()
            transaction.on_commit(lambda: statistics_refresh(filled=True))
            audit_record(
                actor=actor,
                action="workbook_import",
                object_type="trajectories.trajectory",
                object_id=str(trajectory.pk),
                detail={sheet: count.as_dict() for sheet, count in writer.counts.items()},
            )
    except (IntegrityError, DataError, ValidationError) as error:
        message = _("could not be saved: %(error)s") % {"error": _error_text(error)}
        raise WorkbookInvalid([Problem(writer.sheet or "workbook", 0, "", message)]) from error
    return ImportSummary(
        trajectory_slug=trajectory.slug, trajectory_pk=trajectory.pk, counts=writer.counts
    )


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return " ".join(str(error).split())
