"""Sessions: planning, rescheduling, cancelling, marking held with attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.lib.refs import new_ref
from leadtogether.registry.models import Person
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    Session,
    Trajectory,
)


@transaction.atomic
def session_create(
    *,
    actor: User | None,
    trajectory: Trajectory,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    location: str = "",
    plg: PLG | None = None,
    person: Person | None = None,
    ref: str = "",
) -> Session:
    if plg is not None and plg.trajectory_id != trajectory.pk:
        raise ValidationError({"plg": _("This PLG belongs to another trajectory.")})
    if kind == Session.Kind.COACHING and plg is None and person is not None:
        # The PLG coach is also the individual coach of the PLG's members.
        plg = PLG.objects.filter(trajectory=trajectory, memberships__person=person).first()
    session = Session(
        trajectory=trajectory,
        ref=ref or new_ref("S"),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        location=location,
        plg=plg,
        person=person,
    )
    session.full_clean()
    save_unique(session)
    audit_record(actor=actor, action="session_create", obj=session, detail={"kind": kind})
    return session


@transaction.atomic
def session_reschedule(
    *,
    actor: User | None,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    location: str,
    title: str,
) -> Session:
    old = session.starts_at.isoformat()
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.location = location
    session.title = title
    session.full_clean()
    session.save(update_fields=["starts_at", "ends_at", "location", "title"])
    audit_record(
        actor=actor,
        action="session_reschedule",
        obj=session,
        detail={"from": old, "to": starts_at.isoformat()},
    )
    return session


@transaction.atomic
def session_cancel(*, actor: User | None, session: Session, reason: str) -> Session:
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the session is cancelled.")})
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason.strip()
    session.full_clean()
    session.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=actor, action="session_cancel", obj=session, detail={"reason": reason})
    return session


@transaction.atomic
def session_mark_held(
    *, actor: User | None, session: Session, attendance: Mapping[Person, str]
) -> Session:
    """Record that SESSION took place, with the attendance of each expected person."""
    session.status = Session.Status.HELD
    session.cancel_reason = ""
    session.full_clean()
    session.save(update_fields=["status", "cancel_reason"])
    attendance_record(actor=actor, session=session, attendance=attendance)
    audit_record(
        actor=actor,
        action="session_mark_held",
        obj=session,
        detail={"attendance": {str(p.pk): s for p, s in attendance.items()}},
    )
    return session


@transaction.atomic
def attendance_record(
    *, actor: User | None, session: Session, attendance: Mapping[Person, str]
) -> None:
    """Set the attendance of the given people; the others' attendance stays as it is."""
    allowed = set(Attendance.Status.values)
    bad = sorted({status for status in attendance.values() if status not in allowed})
    if bad:
        raise ValidationError(
            {"attendance": _("Unknown attendance: %(bad)s.") % {"bad": ", ".join(bad)}}
        )
    existing = {a.person_id: a for a in session.attendance.all()}
    changed: list[Attendance] = []
    created: list[Attendance] = []
    for person, status in attendance.items():
        row = existing.get(person.pk)
        if row is None:
            created.append(Attendance(session=session, person=person, status=status))
        elif row.status != status:
            row.status = status
            changed.append(row)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(changed, ["status"])
    audit_record(
        actor=actor,
        action="attendance_record",
        obj=session,
        detail={"attendance": {str(p.pk): status for p, status in attendance.items()}},
    )
