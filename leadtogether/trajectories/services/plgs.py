"""PLGs: making them (also from an accepted composer proposal), renaming, members."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.lib.refs import new_ref
from leadtogether.registry.models import Partnership, Person
from leadtogether.trajectories.composer import Proposal, ProposedPLG
from leadtogether.trajectories.models import (
    PLG,
    Enrolment,
    PLGMembership,
    Trajectory,
)


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
