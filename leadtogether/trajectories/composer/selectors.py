"""The composer's input read from the database: a trajectory's partnerships, their
schools, its enrolled participants and the PLGs it already has, in five queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from leadtogether.registry.models import Partnership
from leadtogether.trajectories.composer.core import (
    ParticipantInput,
    PartnershipInput,
    Proposal,
    SchoolInput,
    next_plg_number,
    propose_plgs,
)
from leadtogether.trajectories.models import PLG, Enrolment, PLGMembership, Trajectory


def _person_name(row: Mapping[str, Any]) -> str:
    return f"{row['person__first_name']} {row['person__last_name']}".strip()


def _participant(row: Mapping[str, Any], memberships: Mapping[int, str]) -> ParticipantInput:
    return ParticipantInput(
        ref=row["person__ref"],
        name=_person_name(row),
        school=row["person__school__name"] or "",
        plg=memberships.get(row["person_id"], ""),
    )


def _schools_by_partnership(
    links: Sequence[Mapping[str, Any]], enrolments: Sequence[Mapping[str, Any]]
) -> dict[int, list[SchoolInput]]:
    """The schools of each partnership (by id) with the refs of their enrolled leaders."""
    leaders: dict[int, list[str]] = {}
    for row in enrolments:
        if row["person__school_id"] is not None:
            leaders.setdefault(row["person__school_id"], []).append(row["person__ref"])
    schools: dict[int, list[SchoolInput]] = {}
    for link in links:
        schools.setdefault(link["partnership_id"], []).append(
            SchoolInput(
                ref=link["school__ref"],
                name=link["school__name"],
                region=link["school__region"],
                level=link["school__level"],
                participants=tuple(leaders.get(link["school_id"], ())),
            )
        )
    return schools


def proposal_for_trajectory(trajectory: Trajectory, *, from_scratch: bool = False) -> Proposal:
    """The composer's proposal for TRAJECTORY, read in five queries whatever its size.

    FROM_SCRATCH proposes as if the trajectory had no PLGs yet (a preview to compare with
    the PLGs it has; such a proposal is never accepted).
    """
    partnerships = list(trajectory.partnerships.order_by().values("id", "ref", "name"))
    links = list(
        Partnership.schools.through.objects.filter(partnership__trajectories=trajectory)
        .order_by()
        .values(
            "partnership_id",
            "school_id",
            "school__ref",
            "school__name",
            "school__region",
            "school__level",
        )
    )
    enrolments = list(
        Enrolment.objects.filter(trajectory=trajectory)
        .order_by("person__last_name", "person__first_name", "person__ref")
        .values(
            "person_id",
            "person__ref",
            "person__first_name",
            "person__last_name",
            "person__school_id",
            "person__school__name",
        )
    )
    existing: list[dict] = []
    memberships: dict[int, str] = {}
    if not from_scratch:
        existing = list(PLG.objects.filter(trajectory=trajectory).values("name", "partnership_id"))
        memberships = {
            row["person_id"]: row["plg__name"]
            for row in PLGMembership.objects.filter(plg__trajectory=trajectory)
            .order_by("plg__name")
            .values("person_id", "plg__name")
        }

    schools = _schools_by_partnership(links, enrolments)
    plgs_by_partnership: dict[int, list[str]] = {}
    for row in existing:
        plgs_by_partnership.setdefault(row["partnership_id"], []).append(row["name"])
    partnership_schools = {link["school_id"] for link in links}
    people = [(row, _participant(row, memberships)) for row in enrolments]
    return propose_plgs(
        [
            PartnershipInput(
                ref=row["ref"],
                name=row["name"],
                schools=tuple(schools.get(row["id"], ())),
                existing_plgs=tuple(plgs_by_partnership.get(row["id"], ())),
            )
            for row in partnerships
        ],
        target_schools=trajectory.target_schools_per_plg,
        min_schools=trajectory.min_schools_per_partnership,
        first_number=next_plg_number(row["name"] for row in existing),
        unassigned=[
            person for row, person in people if row["person__school_id"] not in partnership_schools
        ],
        placed=[person for _row, person in people if person.plg],
    )
