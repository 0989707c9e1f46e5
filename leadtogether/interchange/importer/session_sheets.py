"""Checking the sheets of the calendar: sessions and attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from leadtogether.interchange.importer.cells import RowReader
from leadtogether.interchange.importer.plan import Planned
from leadtogether.interchange.importer.reading import Reading
from leadtogether.interchange.schema import ATTENDANCE, SESSIONS
from leadtogether.trajectories.models import Attendance, Session

SESSION_COLUMNS = {
    "ref": "session_id",
    "kind": "kind",
    "title": "title",
    "starts_at": "starts_at",
    "ends_at": "ends_at",
    "location": "location",
    "status": "status",
    "cancel_reason": "cancel_reason",
}
OPTIONAL_TEXT = ("title", "location")


def read_sessions(reading: Reading) -> None:
    plan, existing = reading.plan, reading.existing
    plgs = plan.plgs.keys() | existing.plgs.keys()
    people = plan.people.keys() | existing.people.keys()
    seen: dict[str, int] = {}
    for row in reading.rows(SESSIONS):
        ref = row.text("session_id")
        values: dict[str, Any] = {
            "kind": row.choice("kind", Session.Kind.values),
            "starts_at": row.datetime("starts_at"),
            "status": row.choice("status", Session.Status.values),
            "cancel_reason": row.text("cancel_reason"),
        }
        if row.has("ends_at"):
            values["ends_at"] = row.datetime("ends_at")
        for column in OPTIONAL_TEXT:
            if row.has(column):
                values[column] = row.text(column)
        plg = reading.reference(row, "plg_id", plgs, _("PLG"), "plgs")
        person = reading.reference(row, "person_id", people, _("person"), "people")
        if values["kind"] == Session.Kind.COACHING and plg == "" and person:
            plg = plan.member_of.get(person, "")
        _check_session(row, values, plg, person, existing.sessions.get(ref))
        row.model_errors(Session(ref=ref, **values), SESSION_COLUMNS)
        if ref and not reading.duplicate(row, "session_id", seen, ref):
            plan.sessions[ref] = Planned(
                row.number, ref, values, links={"plg": plg or None, "person": person or None}
            )


def _check_session(
    row: RowReader,
    values: dict[str, Any],
    plg: str | None,
    person: str | None,
    current: Session | None,
) -> None:
    """What each kind and status of session needs, and an end after the start."""
    kind, status = values["kind"], values["status"]
    if kind == Session.Kind.PLG_MEETING and plg == "":
        row.problem("plg_id", _("a PLG meeting needs a PLG"))
    if kind == Session.Kind.COACHING and person == "":
        row.problem("person_id", _("a coaching session needs the coached participant"))
    if status == Session.Status.CANCELLED and not values["cancel_reason"]:
        row.problem("cancel_reason", _("a cancelled session needs a reason"))
    starts_at = values["starts_at"]
    ends_at = values.get("ends_at", current.ends_at if current else None)
    if isinstance(starts_at, dt.datetime) and isinstance(ends_at, dt.datetime):
        if ends_at <= starts_at:
            row.problem("ends_at", _("the session must end after it starts"))


def read_attendance(reading: Reading) -> None:
    plan, existing = reading.plan, reading.existing
    sessions = plan.sessions.keys() | existing.sessions.keys()
    people = plan.people.keys() | existing.people.keys()
    seen: dict[tuple[str, str], int] = {}
    for row in reading.rows(ATTENDANCE):
        session = reading.reference(row, "session_id", sessions, _("session"), "sessions")
        person = reading.reference(row, "person_id", people, _("person"), "people")
        status = row.choice("attendance", Attendance.Status.values)
        if not (session and person):
            continue
        key = (session, person)
        if not reading.duplicate(
            row,
            "person_id",
            seen,
            key,
            _("person '%(person)s' is listed twice for session '%(session)s'")
            % {"person": person, "session": session},
        ):
            plan.attendance[key] = Planned(
                row.number, key, {"status": status}, links={"session": session, "person": person}
            )
