"""Writes of the trajectories app. Each is atomic, validated and audited."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leadtogether.accounts import services as account_services
from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.accounts.services import Invitation, audit_record
from leadtogether.lib.db import save_unique
from leadtogether.lib.refs import new_ref
from leadtogether.registry import services as registry_services
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.composer import Proposal, ProposedPLG
from leadtogether.trajectories.models import (
    PLG,
    Attendance,
    CalendarFeed,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)


@transaction.atomic
def enrolment_set(
    *, actor: User | None, trajectory: Trajectory, person: Person, research_consent: bool
) -> Enrolment:
    """Enrol PERSON (or update the consent of an existing enrolment)."""
    enrolment, created = Enrolment.objects.get_or_create(
        trajectory=trajectory, person=person, defaults={"research_consent": research_consent}
    )
    if not created and enrolment.research_consent != research_consent:
        enrolment.research_consent = research_consent
        enrolment.full_clean()
        enrolment.save(update_fields=["research_consent"])
    if created:
        enrolment_research_codes_assign(trajectory=trajectory)
        enrolment.refresh_from_db(fields=["research_code"])
    audit_record(
        actor=actor,
        action="enrolment_set",
        obj=enrolment,
        detail={"research_consent": research_consent, "created": created},
    )
    return enrolment


RESEARCH_CODE_PREFIX = "R"


@transaction.atomic
def enrolment_research_codes_assign(*, trajectory: Trajectory) -> int:
    """Give every enrolment without one the next pseudonymous code (R001, R002 …).

    Codes follow the order of enrolment and never change once given, so a respondent
    keeps the same code in every export and at every measurement moment.

    Runs inside the caller's transaction and locks the trajectory's row first, so two
    enrolments made at the same moment take turns: the second one reads the code the
    first one gave (SQLite serialises writers anyway, see settings). The lock is "no
    key update": it leaves alone the key-share locks that inserting an enrolment takes
    on the trajectory, so two such transactions cannot deadlock.
    """
    Trajectory.objects.select_for_update(no_key=True).filter(pk=trajectory.pk).first()
    codes = Enrolment.objects.filter(trajectory=trajectory).exclude(research_code="")
    numbers = [
        int(code[len(RESEARCH_CODE_PREFIX) :])
        for code in codes.values_list("research_code", flat=True)
        if code[len(RESEARCH_CODE_PREFIX) :].isdigit()
    ]
    next_number = max(numbers, default=0) + 1
    missing = list(Enrolment.objects.filter(trajectory=trajectory, research_code="").order_by("pk"))
    for offset, enrolment in enumerate(missing):
        enrolment.research_code = f"{RESEARCH_CODE_PREFIX}{next_number + offset:03d}"
    Enrolment.objects.bulk_update(missing, ["research_code"])
    return len(missing)


def _check_members(trajectory: Trajectory, members: Iterable[Person], plg: PLG | None) -> None:
    """Members must be enrolled and belong to no other PLG of the trajectory."""
    member_ids = {person.pk for person in members}
    enrolled = set(
        Enrolment.objects.filter(trajectory=trajectory, person_id__in=member_ids).values_list(
            "person_id", flat=True
        )
    )
    problems: list[str] = []
    not_enrolled = member_ids - enrolled
    if not_enrolled:
        names = Person.objects.filter(pk__in=not_enrolled).order_by("last_name")
        problems.append(
            _("Not enrolled in this trajectory: %(names)s.")
            % {"names": ", ".join(str(p) for p in names)}
        )
    elsewhere = PLGMembership.objects.filter(
        plg__trajectory=trajectory, person_id__in=member_ids
    ).select_related("person", "plg")
    if plg is not None:
        elsewhere = elsewhere.exclude(plg=plg)
    for membership in elsewhere:
        problems.append(
            _("%(person)s is already a member of %(plg)s.")
            % {"person": membership.person, "plg": membership.plg}
        )
    if problems:
        raise ValidationError({"members": problems})


@transaction.atomic
def plg_create(
    *,
    actor: User | None,
    trajectory: Trajectory,
    name: str,
    partnership: Partnership,
    coach: Person | None = None,
    members: Iterable[Person] = (),
    ref: str = "",
) -> PLG:
    members = list(members)
    plg = PLG(
        trajectory=trajectory,
        ref=ref or new_ref("PLG"),
        name=name,
        partnership=partnership,
        coach=coach,
    )
    plg.full_clean()
    _check_members(trajectory, members, plg=None)
    save_unique(plg)
    PLGMembership.objects.bulk_create(PLGMembership(plg=plg, person=p) for p in members)
    audit_record(
        actor=actor,
        action="plg_create",
        obj=plg,
        detail={"name": name, "members": [p.pk for p in members]},
    )
    return plg


@transaction.atomic
def plg_update(
    *,
    actor: User | None,
    plg: PLG,
    name: str,
    coach: Person | None,
    members: Iterable[Person] | None = None,
) -> PLG:
    """Rename a PLG, change its coach and, when MEMBERS is given, its members."""
    plg.name = name
    plg.coach = coach
    plg.full_clean()
    save_unique(plg, update_fields=["name", "coach"])
    detail: dict[str, object] = {"name": name, "coach": coach.pk if coach else None}
    if members is not None:
        members = list(members)
        plg_members_replace(actor=actor, plg=plg, members=members)
        detail["members"] = sorted(p.pk for p in members)
    audit_record(actor=actor, action="plg_update", obj=plg, detail=detail)
    return plg


@transaction.atomic
def plg_members_replace(*, actor: User | None, plg: PLG, members: Iterable[Person]) -> None:
    """Make MEMBERS the exact membership of PLG: each enrolled in the trajectory and in
    no other PLG of it."""
    members = list(members)
    _check_members(plg.trajectory, members, plg=plg)
    wanted = {p.pk for p in members}
    current = set(plg.memberships.values_list("person_id", flat=True))
    plg.memberships.filter(person_id__in=current - wanted).delete()
    PLGMembership.objects.bulk_create(
        PLGMembership(plg=plg, person_id=pk) for pk in sorted(wanted - current)
    )
    audit_record(
        actor=actor,
        action="plg_members_replace",
        obj=plg,
        detail={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
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


def _accepted_names(
    proposal: Proposal, chosen: list[int], names: Mapping[int, str]
) -> dict[int, str]:
    """The final name of each chosen proposed PLG: the organiser's or the proposed one."""
    final: dict[int, str] = {}
    problems: list[str] = []
    for index in chosen:
        proposed = proposal.plgs[index]
        name = names[index].strip() if index in names else proposed.name
        if not name:
            problems.append(
                _("The PLG proposed as %(proposed)s needs a name.") % {"proposed": proposed.name}
            )
        elif name in final.values():
            problems.append(_("The name %(name)s is given to two PLGs.") % {"name": name})
        final[index] = name
    if problems:
        raise ValidationError(problems)
    return final


def _check_proposal_current(
    trajectory: Trajectory, plgs: list[ProposedPLG], names: list[str]
) -> dict[str, Partnership]:
    """The proposal still fits the trajectory: names free, partnerships enrolled and PLG-less."""
    problems = [
        _("A PLG named %(name)s already exists in this trajectory.") % {"name": name}
        for name in PLG.objects.filter(trajectory=trajectory, name__in=names)
        .order_by("name")
        .values_list("name", flat=True)
    ]
    refs = {plg.partnership_ref for plg in plgs}
    partnerships = {p.ref: p for p in trajectory.partnerships.filter(ref__in=refs)}
    for plg in plgs:
        if plg.partnership_ref not in partnerships:
            problems.append(
                _("%(partnership)s is no longer a partnership of this trajectory.")
                % {"partnership": plg.partnership_name}
            )
    taken = (
        PLG.objects.filter(trajectory=trajectory, partnership__ref__in=refs)
        .order_by("partnership__name")
        .values_list("partnership__name", flat=True)
        .distinct()
    )
    problems.extend(
        _("%(partnership)s already has a PLG in this trajectory; make a new proposal.")
        % {"partnership": name}
        for name in taken
    )
    if problems:
        raise ValidationError(problems)
    return partnerships


@transaction.atomic
def plg_proposal_accept(
    *,
    actor: User | None,
    trajectory: Trajectory,
    proposal: Proposal,
    names: Mapping[int, str] | None = None,
    coaches: Mapping[int, Person | None] | None = None,
    exclude: set[int] | frozenset[int] = frozenset(),
) -> list[PLG]:
    """Create the PLGs of PROPOSAL (from the composer) with their members.

    NAMES, COACHES and EXCLUDE refer to proposed PLGs by their position in
    ``proposal.plgs``: the organiser may rename one, give it a coach or leave it out.
    Nothing is written when any of the PLGs cannot be created.
    """
    names = names or {}
    coaches = coaches or {}
    count = len(proposal.plgs)
    unknown = sorted(index for index in {*names, *coaches, *exclude} if not 0 <= index < count)
    if unknown:
        raise ValidationError(
            _("The proposal has no PLG at position %(positions)s.")
            % {"positions": ", ".join(str(index) for index in unknown)}
        )
    chosen = [index for index in range(count) if index not in exclude]
    if not chosen:
        raise ValidationError(_("Choose at least one proposed PLG to create."))
    final = _accepted_names(proposal, chosen, names)
    partnerships = _check_proposal_current(
        trajectory, [proposal.plgs[index] for index in chosen], list(final.values())
    )
    refs = {ref for index in chosen for ref in proposal.plgs[index].participants}
    people = {person.ref: person for person in Person.objects.filter(ref__in=refs)}
    missing = sorted(refs - people.keys())
    if missing:
        raise ValidationError(
            _("These participants no longer exist: %(refs)s.") % {"refs": ", ".join(missing)}
        )
    created: list[PLG] = []
    for index in chosen:
        proposed = proposal.plgs[index]
        try:
            plg = plg_create(
                actor=actor,
                trajectory=trajectory,
                name=final[index],
                partnership=partnerships[proposed.partnership_ref],
                coach=coaches.get(index),
                members=[people[ref] for ref in proposed.participants],
            )
        except ValidationError as error:
            raise ValidationError(
                [f"{final[index]}: {message}" for message in error.messages]
            ) from error
        created.append(plg)
    audit_record(
        actor=actor,
        action="plg_proposal_accept",
        obj=trajectory,
        detail={
            "plgs": [plg.pk for plg in created],
            "names": {str(index): final[index] for index in chosen},
            "excluded": sorted(exclude),
        },
    )
    return created


@transaction.atomic
def enrolment_withdraw(*, actor: User | None, enrolment: Enrolment) -> None:
    """Withdraw an enrolment; refused while the person is a member of a PLG of the
    trajectory (take them out of the PLG first)."""
    memberships = PLGMembership.objects.filter(
        plg__trajectory_id=enrolment.trajectory_id, person_id=enrolment.person_id
    ).select_related("plg")
    plgs = ", ".join(sorted(m.plg.name for m in memberships))
    if plgs:
        raise ValidationError(
            _("%(person)s is a member of %(plgs)s; take them out of the PLG first.")
            % {"person": enrolment.person, "plgs": plgs}
        )
    audit_record(
        actor=actor,
        action="enrolment_withdraw",
        obj=enrolment,
        detail={"person": enrolment.person_id, "trajectory": enrolment.trajectory_id},
    )
    enrolment.delete()


# The registry seen from a trajectory's pages: people and partnerships registered there
# join the trajectory.


def _enrolment_change(
    *, actor: User | None, trajectory: Trajectory, person: Person, enrol: bool, consent: bool
) -> None:
    if enrol:
        enrolment_set(actor=actor, trajectory=trajectory, person=person, research_consent=consent)
        trajectory.staff.remove(person)
        return
    enrolment = Enrolment.objects.filter(trajectory=trajectory, person=person).first()
    if enrolment is not None:
        try:
            enrolment_withdraw(actor=actor, enrolment=enrolment)
        except ValidationError as error:
            raise ValidationError({"enrol": error.messages}) from error
    trajectory.staff.add(person)


@transaction.atomic
def person_register(
    *,
    actor: User | None,
    trajectory: Trajectory,
    first_name: str,
    last_name: str,
    email: str = "",
    school: School | None = None,
    function_title: str = "",
    function_category: str = "",
    enrol: bool = True,
    research_consent: bool = False,
    ref: str = "",
) -> Person:
    """Register a person from TRAJECTORY's pages: ENROL them (with or without research
    consent), or add them to its staff (a coach, a director).

    A school leader (a person with a school) is always enrolled: a leader left
    unenrolled would be registered out of sight.
    """
    if school is not None and not enrol:
        raise ValidationError(
            {
                "enrol": _(
                    "A school leader is enrolled in the trajectory; leave the school empty "
                    "to register a coach."
                )
            }
        )
    person = registry_services.person_create(
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        email=email,
        school=school,
        function_title=function_title,
        function_category=function_category,
        ref=ref,
    )
    _enrolment_change(
        actor=actor, trajectory=trajectory, person=person, enrol=enrol, consent=research_consent
    )
    return person


@transaction.atomic
def person_change(
    *,
    actor: User | None,
    trajectory: Trajectory,
    person: Person,
    first_name: str,
    last_name: str,
    email: str,
    school: School | None,
    function_title: str,
    function_category: str,
    enrol: bool,
    research_consent: bool,
) -> Person:
    """Change a person's details and their enrolment (and consent) in TRAJECTORY."""
    registry_services.person_update(
        actor=actor,
        person=person,
        first_name=first_name,
        last_name=last_name,
        email=email,
        school=school,
        function_title=function_title,
        function_category=function_category,
    )
    _enrolment_change(
        actor=actor, trajectory=trajectory, person=person, enrol=enrol, consent=research_consent
    )
    return person


@transaction.atomic
def partnership_register(
    *,
    actor: User | None,
    trajectory: Trajectory,
    name: str,
    form: str,
    participation: str = "",
    learning_level: int | None = None,
    schools: Iterable[School] = (),
    ref: str = "",
) -> Partnership:
    """Register a partnership with its SCHOOLS and enrol it in TRAJECTORY."""
    partnership = registry_services.partnership_create(
        actor=actor,
        name=name,
        form=form,
        participation=participation,
        learning_level=learning_level,
        schools=schools,
        ref=ref,
    )
    trajectory.partnerships.add(partnership)
    audit_record(
        actor=actor,
        action="trajectory_partnership_add",
        obj=trajectory,
        detail={"partnership": partnership.pk},
    )
    return partnership


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def calendar_feed_for(*, user: User, trajectory: Trajectory) -> CalendarFeed:
    """The calendar feed of USER in TRAJECTORY, made (and audited) the first time."""
    feed = CalendarFeed.objects.filter(user=user, trajectory=trajectory).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(user=user, trajectory=trajectory, token=_new_feed_token())
    feed.full_clean()
    try:
        with transaction.atomic():
            feed.save()
    except IntegrityError:
        # made at the same moment by another request of the same user
        return CalendarFeed.objects.get(user=user, trajectory=trajectory)
    audit_record(
        actor=user, action="calendar_feed_create", obj=feed, detail={"trajectory": trajectory.pk}
    )
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: User | None, feed: CalendarFeed) -> CalendarFeed:
    """Give FEED a new token: the old link stops working at once."""
    feed.token = _new_feed_token()
    feed.full_clean()
    feed.save(update_fields=["token"])
    audit_record(
        actor=actor,
        action="calendar_feed_renew",
        obj=feed,
        detail={"user": feed.user_id, "trajectory": feed.trajectory_id},
    )
    return feed


# Roles: who may hold which role in a trajectory. The accounts app makes the account,
# the grant and the e-mail; what a role changes in the trajectory is done here.


def _role_fits(
    trajectory: Trajectory, role: str, person: Person | None, plg: PLG | None, field: str
) -> None:
    """A participant is enrolled (and a member of PLG when one is given); only coaches
    and participants come with a PLG, and a coach with a PLG is a person."""
    if plg is not None:
        if plg.trajectory_id != trajectory.pk:
            raise ValidationError({"plg": _("This PLG belongs to another trajectory.")})
        if role not in (Role.COACH, Role.PARTICIPANT):
            raise ValidationError({"plg": _("Only a coach or a participant is given a PLG.")})
    if role == Role.PARTICIPANT:
        enrolled = (
            person is not None
            and Enrolment.objects.filter(trajectory=trajectory, person=person).exists()
        )
        if not enrolled:
            raise ValidationError(
                {field: _("A participant is a person enrolled in this trajectory; "
                          "%(who)s is not.") % {"who": person or _("this person")}}
            )  # fmt: skip
        if plg is not None and not plg.memberships.filter(person=person).exists():
            raise ValidationError(
                {"plg": _("%(person)s is not a member of %(plg)s.")
                 % {"person": person, "plg": plg}}
            )  # fmt: skip


def _make_coach(*, actor: User | None, plg: PLG | None, person: Person | None) -> None:
    if plg is None or plg.coach_id == getattr(person, "pk", None):
        return
    if person is None:
        raise ValidationError({"plg": _("Only a registered person can coach a PLG.")})
    plg_update(actor=actor, plg=plg, name=plg.name, coach=person)


def _person_to_invite(
    *, actor: User | None, trajectory: Trajectory, email: str, first_name: str, last_name: str
) -> Person:
    """The registry's person with EMAIL (or the person of the account with EMAIL); else a
    new person without a school, who joins the trajectory's staff."""
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        account = account_services.user_by_email(email)
        person = account.person if account is not None else None
    if person is not None:
        return person
    missing = {
        name: _("Nobody is registered with this e-mail address: give the new person's name.")
        for name, value in (("first_name", first_name), ("last_name", last_name))
        if not value.strip()
    }
    if missing:
        raise ValidationError(missing)
    return person_register(
        actor=actor,
        trajectory=trajectory,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        enrol=False,
    )


@transaction.atomic
def role_invite(
    *,
    actor: User | None,
    trajectory: Trajectory,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    plg: PLG | None = None,
    partnership: Partnership | None = None,
    language: str = account_services.DEFAULT_LANGUAGE,
) -> Invitation:
    """Invite the person with EMAIL to TRAJECTORY as ROLE, by e-mail.

    The person is the registry's person with that address, or a new one (FIRST_NAME,
    LAST_NAME) in the trajectory's staff; a participant must be enrolled already. A
    coach invited with a PLG becomes its coach; a participant's PLG is checked. A
    director's grant names PARTNERSHIP.
    """
    email = account_services.email_clean(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role '%(role)s'.") % {"role": role}})
    account_services.role_partnership_check(
        trajectory=trajectory, role=role, partnership=partnership
    )
    if role == Role.PARTICIPANT:
        person = Person.objects.filter(email__iexact=email).first()
    else:
        _role_fits(trajectory, role, None, plg, "email")
        person = _person_to_invite(
            actor=actor,
            trajectory=trajectory,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
    _role_fits(trajectory, role, person, plg, "email")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=person)
    return account_services.user_invite(
        actor=actor,
        trajectory=trajectory,
        email=email,
        role=role,
        person=person,
        partnership=partnership,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )


@transaction.atomic
def role_grant_change(
    *,
    actor: User | None,
    grant: RoleGrant,
    role: str,
    partnership: Partnership | None = None,
    plg: PLG | None = None,
) -> RoleGrant:
    """Change GRANT's role (or a director's partnership); a coach given PLG becomes its
    coach."""
    trajectory = grant.trajectory
    person = grant.user.person
    _role_fits(trajectory, role, person, plg, "role")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=person)
    return account_services.role_grant_update(
        actor=actor, grant=grant, role=role, partnership=partnership
    )


@transaction.atomic
def role_grant_add(
    *,
    actor: User | None,
    trajectory: Trajectory,
    user: User,
    role: str,
    plg: PLG | None = None,
    partnership: Partnership | None = None,
) -> RoleGrant:
    """Give the existing account USER a ROLE in TRAJECTORY without an e-mail; the same
    rules as an invitation (a participant enrolled, a coach given PLG becomes its coach)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role '%(role)s'.") % {"role": role}})
    _role_fits(trajectory, role, user.person, plg, "email")
    if role == Role.COACH:
        _make_coach(actor=actor, plg=plg, person=user.person)
    return account_services.role_grant_create(
        actor=actor, user=user, trajectory=trajectory, role=role, partnership=partnership
    )
