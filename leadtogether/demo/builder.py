"""Build the demo trajectory: the dataset becomes a workbook imported like any other."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from leadtogether.accounts.models import Role, User
from leadtogether.accounts.services import audit_record, role_grant_create
from leadtogether.demo import dataset
from leadtogether.interchange.importer import workbook_import
from leadtogether.interchange.workbook import Sheet, Workbook
from leadtogether.registry.models import Partnership, Person
from leadtogether.trajectories.models import Trajectory

DATE = "%Y-%m-%d"
DATETIME = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    who: str


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _trajectory_rows() -> list[dict[str, object]]:
    t = dataset.TRAJECTORY
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "start": t.start.strftime(DATE),
            "year_one_end": t.year_one_end.strftime(DATE),
            "end": t.end.strftime(DATE),
            "follow_up_end": t.follow_up_end.strftime(DATE),
        }
    ]


def _session_row(s: dataset.DemoSession) -> dict[str, object]:
    return {
        "session_id": s.ref,
        "kind": s.kind,
        "plg_id": s.plg_ref or "",
        "person_id": s.person_ref or "",
        "starts_at": s.starts_at.strftime(DATETIME),
        "ends_at": s.ends_at.strftime(DATETIME),
        "title": s.title,
        "location": s.location,
        "status": s.status,
        "cancel_reason": s.cancel_reason,
    }


def demo_workbook() -> Workbook:
    """The study's trajectory as a workbook in the interchange format."""
    sessions = dataset.sessions()
    people = dataset.PEOPLE
    sheets = [
        Sheet.from_rows("trajectory", _trajectory_rows()),
        Sheet.from_rows(
            "schools",
            (
                {
                    "school_id": s.ref,
                    "name": s.name,
                    "level": s.level,
                    "network": s.network,
                    "region": s.region,
                }
                for s in dataset.SCHOOLS
            ),
        ),
        Sheet.from_rows(
            "partnerships",
            (
                {
                    "partnership_id": p.ref,
                    "name": p.name,
                    "form": p.form,
                    "participation": p.participation,
                    "learning_level": str(p.learning_level),
                    "school_ids": ";".join(p.school_refs),
                }
                for p in dataset.PARTNERSHIPS
            ),
        ),
        Sheet.from_rows(
            "people",
            (
                {
                    "person_id": p.ref,
                    "first_name": p.first_name,
                    "last_name": p.last_name,
                    "email": p.email,
                    "school_id": p.school_ref or "",
                    "function_title": p.function_title,
                    "function_category": p.function_category,
                }
                for p in people
            ),
        ),
        Sheet.from_rows(
            "enrolments",
            (
                {"person_id": p.ref, "research_consent": _yes_no(p.research_consent)}
                for p in people
                if p.enrolled
            ),
        ),
        Sheet.from_rows(
            "plgs",
            (
                {
                    "plg_id": g.ref,
                    "name": g.name,
                    "partnership_id": g.partnership_ref,
                    "coach_person_id": g.coach_ref,
                }
                for g in dataset.PLGS
            ),
        ),
        Sheet.from_rows(
            "plg_members",
            ({"plg_id": p.plg_ref, "person_id": p.ref} for p in people if p.plg_ref),
        ),
        Sheet.from_rows("sessions", (_session_row(s) for s in sessions)),
        Sheet.from_rows(
            "attendance",
            (
                {"session_id": s.ref, "person_id": person_ref, "attendance": status}
                for s in sessions
                for person_ref, status in s.attendance
            ),
        ),
    ]
    return {sheet.name: sheet for sheet in sheets}


def _account(trajectory: Trajectory, account: dataset.DemoAccount) -> DemoLogin:
    person = Person.objects.get(ref=account.person_ref) if account.person_ref else None
    user = User(username=account.username, person=person)
    if person is not None:
        user.first_name, user.last_name, user.email = (
            person.first_name,
            person.last_name,
            person.email,
        )
    user.set_password(account.password)
    user.full_clean()
    user.save()
    partnership = (
        Partnership.objects.get(ref=account.partnership_ref) if account.partnership_ref else None
    )
    role_grant_create(
        actor=None, user=user, trajectory=trajectory, role=account.role, partnership=partnership
    )
    who = str(person) if person else ""
    if partnership is not None:
        who = f"{who}, {partnership}"
    return DemoLogin(account.username, account.password, str(Role(account.role).label), who)


@transaction.atomic
def demo_build() -> list[DemoLogin]:
    """Import the demo trajectory into an empty database and create one login per role."""
    workbook_import(workbook=demo_workbook(), actor=None)
    trajectory = Trajectory.objects.get(slug=dataset.TRAJECTORY.slug)
    logins = [_account(trajectory, account) for account in dataset.ACCOUNTS]
    audit_record(actor=None, action="demo_build", obj=trajectory, detail={"logins": len(logins)})
    return logins
