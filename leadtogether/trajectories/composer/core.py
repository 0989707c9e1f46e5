"""The composer's rule: the PLGs proposed for a trajectory's partnerships, and warnings.

One PLG per partnership, as in the study, and a partnership far above the target size
is split (the study split its 19-school partnership into two PLGs of about 8 schools).

The rule. Count the schools of a partnership that have at least one enrolled
participant: n. The partnership gets k = max(1, floor(n / target + 0.5)) PLGs, so with
the default target of 8 schools: up to 11 schools one PLG, 12–19 two, 20–27 three.
The schools, sorted by (region, name, ref), are cut into k contiguous groups whose
sizes differ by at most one, larger groups first (19 schools → 10 + 9). All enrolled
leaders of a school go to the same PLG. The proposed PLGs are named "PLG 1", "PLG 2", …
numbered over the partnerships in the natural order of their names, continuing after
the highest "PLG n" the trajectory already has. A partnership that already has a PLG
in the trajectory is not proposed again.

``propose_plgs`` works on plain data (the ``…Input`` records in, a ``Proposal`` out) and
reads nothing from the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Level

_PLG_NUMBER = re.compile(r"^PLG\s+(\d+)$")


class WarningCode(StrEnum):
    PARTNERSHIP_BELOW_MINIMUM = "partnership_below_minimum"
    PARTNERSHIP_ALREADY_HAS_PLG = "partnership_already_has_plg"
    SCHOOL_SINGLE_LEADER = "school_single_leader"
    SCHOOL_WITHOUT_LEADERS = "school_without_leaders"
    SCHOOL_IN_SEVERAL_PARTNERSHIPS = "school_in_several_partnerships"
    PARTICIPANT_WITHOUT_PARTNERSHIP = "participant_without_partnership"
    PARTICIPANT_ALREADY_IN_PLG = "participant_already_in_plg"
    MIXED_LEVELS = "mixed_levels"


@dataclass(frozen=True)
class SchoolInput:
    """A school of a partnership with the refs of its enrolled participants."""

    ref: str
    name: str
    region: str = ""
    level: str = ""
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnershipInput:
    """A partnership enrolled in the trajectory and the names of its PLGs there, if any."""

    ref: str
    name: str
    schools: tuple[SchoolInput, ...] = ()
    existing_plgs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParticipantInput:
    """An enrolled participant named in a warning; ``plg`` is the PLG they are already in."""

    ref: str
    name: str
    school: str = ""
    plg: str = ""


@dataclass(frozen=True)
class ProposedPLG:
    """One proposed PLG; ``part`` of ``parts`` when its partnership is split."""

    name: str
    number: int
    partnership_ref: str
    partnership_name: str
    part: int
    parts: int
    schools: tuple[SchoolInput, ...]
    participants: tuple[str, ...]

    @property
    def is_split(self) -> bool:
        return self.parts > 1

    @property
    def school_count(self) -> int:
        return len(self.schools)

    @property
    def participant_count(self) -> int:
        return len(self.participants)

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(sorted({school.level for school in self.schools if school.level}))


@dataclass(frozen=True)
class ProposalWarning:
    """Something the organiser should look at; ``plg`` is an index into ``Proposal.plgs``."""

    code: WarningCode
    message: str
    partnership: str = ""
    school: str = ""
    participant: str = ""
    plg: int | None = None


@dataclass(frozen=True)
class Proposal:
    plgs: tuple[ProposedPLG, ...]
    warnings: tuple[ProposalWarning, ...]

    def warnings_for(self, index: int) -> tuple[ProposalWarning, ...]:
        """The warnings about the proposed PLG at INDEX."""
        return tuple(warning for warning in self.warnings if warning.plg == index)


def plg_count(school_count: int, target_schools: int) -> int:
    """How many PLGs a partnership with SCHOOL_COUNT schools gets: round(n / target), ≥ 1."""
    if target_schools < 1:
        raise ValueError("target_schools must be at least 1")
    # floor(n / t + 1/2) in integers, so that 12 / 8 = 1.5 rounds up without float noise
    return max(1, (2 * school_count + target_schools) // (2 * target_schools))


def group_sizes(school_count: int, groups: int) -> list[int]:
    """Near-equal sizes (differing by at most one) that add up to SCHOOL_COUNT, larger first."""
    size, larger = divmod(school_count, groups)
    return [size + 1] * larger + [size] * (groups - larger)


def next_plg_number(names: Iterable[str]) -> int:
    """The number after the highest "PLG n" among NAMES (1 when there is none)."""
    numbers = [int(match.group(1)) for name in names if (match := _PLG_NUMBER.match(name.strip()))]
    return max(numbers, default=0) + 1


def _school_key(school: SchoolInput) -> tuple[Any, ...]:
    return (natural_key(school.region), natural_key(school.name), school.ref)


def _partnership_key(partnership: PartnershipInput) -> tuple[Any, ...]:
    return (natural_key(partnership.name), partnership.ref)


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


@dataclass
class _Composer:
    target_schools: int
    min_schools: int
    number: int
    placed: dict[str, ParticipantInput]
    plgs: list[ProposedPLG]
    warnings: list[ProposalWarning]

    def warn(self, code: WarningCode, message: str, **context: Any) -> None:
        self.warnings.append(ProposalWarning(code=code, message=message, **context))

    def assign_schools(
        self, partnerships: Sequence[PartnershipInput]
    ) -> dict[str, list[SchoolInput]]:
        """Each school goes to the first partnership (in name order) that lists it."""
        owners: dict[str, list[PartnershipInput]] = {}
        assigned: dict[str, list[SchoolInput]] = {p.ref: [] for p in partnerships}
        for partnership in partnerships:
            for school in partnership.schools:
                owners.setdefault(school.ref, [])
                if partnership in owners[school.ref]:
                    continue
                if not owners[school.ref]:
                    assigned[partnership.ref].append(school)
                owners[school.ref].append(partnership)
        for partnership in partnerships:
            for school in assigned[partnership.ref]:
                if len(owners[school.ref]) > 1:
                    self.warn_several_partnerships(school, owners[school.ref])
        return assigned

    def warn_several_partnerships(
        self, school: SchoolInput, owners: Sequence[PartnershipInput]
    ) -> None:
        self.warn(
            WarningCode.SCHOOL_IN_SEVERAL_PARTNERSHIPS,
            _(
                "%(school)s is in several partnerships of this trajectory (%(partnerships)s); "
                "it is assigned to %(first)s."
            )
            % {
                "school": school.name,
                "partnerships": ", ".join(p.name for p in owners),
                "first": owners[0].name,
            },
            partnership=owners[0].ref,
            school=school.ref,
        )

    def skip(self, partnership: PartnershipInput, schools: Sequence[SchoolInput]) -> None:
        loose = sum(
            1 for school in schools for ref in school.participants if ref not in self.placed
        )
        context = {
            "partnership": partnership.name,
            "plgs": ", ".join(sorted(partnership.existing_plgs, key=natural_key)),
            "count": loose,
        }
        if loose:
            message = ngettext(
                "%(partnership)s already has a PLG in this trajectory (%(plgs)s), so no PLG "
                "is proposed for it; %(count)d enrolled leader of its schools is in no PLG.",
                "%(partnership)s already has a PLG in this trajectory (%(plgs)s), so no PLG "
                "is proposed for it; %(count)d enrolled leaders of its schools are in no PLG.",
                loose,
            )
        else:
            message = _(
                "%(partnership)s already has a PLG in this trajectory (%(plgs)s), so no PLG "
                "is proposed for it."
            )
        self.warn(
            WarningCode.PARTNERSHIP_ALREADY_HAS_PLG, message % context, partnership=partnership.ref
        )

    def free_schools(self, schools: Sequence[SchoolInput]) -> list[SchoolInput]:
        """The schools that take part, each keeping only its leaders who are in no PLG yet."""
        free: list[SchoolInput] = []
        for school in sorted(schools, key=_school_key):
            remaining = tuple(ref for ref in school.participants if ref not in self.placed)
            if remaining:
                free.append(
                    SchoolInput(school.ref, school.name, school.region, school.level, remaining)
                )
        return free

    def warn_placed(
        self, person: ParticipantInput, partnership: PartnershipInput, school: SchoolInput
    ) -> None:
        self.warn(
            WarningCode.PARTICIPANT_ALREADY_IN_PLG,
            _(
                "%(person)s (%(school)s) is already a member of %(plg)s; "
                "left out of the PLG proposed for %(partnership)s."
            )
            % {
                "person": person.name,
                "school": school.name,
                "plg": person.plg,
                "partnership": partnership.name,
            },
            partnership=partnership.ref,
            school=school.ref,
            participant=person.ref,
        )

    def check_size(
        self, partnership: PartnershipInput, schools: Sequence[SchoolInput], school_count: int
    ) -> None:
        if school_count == 0:
            if any(school.participants for school in schools):
                text = _(
                    "%(partnership)s has no school with enrolled leaders who are not in a PLG "
                    "yet (the trajectory asks for at least %(minimum)d); no PLG is proposed."
                )
            else:
                text = _(
                    "%(partnership)s has no school with enrolled leaders (the trajectory asks "
                    "for at least %(minimum)d); no PLG is proposed."
                )
        elif school_count < self.min_schools:
            text = ngettext(
                "%(partnership)s has %(count)d school with enrolled leaders; "
                "the trajectory asks for at least %(minimum)d.",
                "%(partnership)s has %(count)d schools with enrolled leaders; "
                "the trajectory asks for at least %(minimum)d.",
                school_count,
            )
        else:
            return
        self.warn(
            WarningCode.PARTNERSHIP_BELOW_MINIMUM,
            text
            % {"partnership": partnership.name, "count": school_count, "minimum": self.min_schools},
            partnership=partnership.ref,
        )

    def check_schools(self, partnership: PartnershipInput, schools: Sequence[SchoolInput]) -> None:
        for school in sorted(schools, key=_school_key):
            context = {"school": school.name, "partnership": partnership.name}
            if not school.participants:
                self.warn(
                    WarningCode.SCHOOL_WITHOUT_LEADERS,
                    _("%(school)s (%(partnership)s) has no enrolled leader.") % context,
                    partnership=partnership.ref,
                    school=school.ref,
                )
            elif len(school.participants) == 1:
                self.warn(
                    WarningCode.SCHOOL_SINGLE_LEADER,
                    _(
                        "%(school)s (%(partnership)s) has only one enrolled leader; "
                        "two are expected."
                    )
                    % context,
                    partnership=partnership.ref,
                    school=school.ref,
                    plg=self.plg_index_of(school.ref),
                )
            for ref in school.participants:
                if ref in self.placed:
                    self.warn_placed(self.placed[ref], partnership, school)

    def plg_index_of(self, school_ref: str) -> int | None:
        for index, plg in enumerate(self.plgs):
            if any(school.ref == school_ref for school in plg.schools):
                return index
        return None

    def compose(self, partnership: PartnershipInput, schools: Sequence[SchoolInput]) -> None:
        if not schools:
            return
        sizes = group_sizes(len(schools), plg_count(len(schools), self.target_schools))
        start = 0
        for part, size in enumerate(sizes, start=1):
            group = tuple(schools[start : start + size])
            start += size
            plg = ProposedPLG(
                name=f"PLG {self.number}",
                number=self.number,
                partnership_ref=partnership.ref,
                partnership_name=partnership.name,
                part=part,
                parts=len(sizes),
                schools=group,
                participants=tuple(ref for school in group for ref in school.participants),
            )
            self.number += 1
            self.plgs.append(plg)

    def check_levels(self, first: int) -> None:
        """Note the proposed PLGs from index FIRST on that mix primary and secondary schools."""
        for index, plg in enumerate(self.plgs[first:], start=first):
            if len(plg.levels) < 2:
                continue
            self.warn(
                WarningCode.MIXED_LEVELS,
                _("%(plg)s (%(partnership)s) mixes schools of several levels: %(levels)s.")
                % {
                    "plg": plg.name,
                    "partnership": plg.partnership_name,
                    "levels": ", ".join(_level_label(level) for level in plg.levels),
                },
                partnership=plg.partnership_ref,
                plg=index,
            )

    def warn_unassigned(self, participants: Sequence[ParticipantInput]) -> None:
        for person in sorted(participants, key=lambda p: (natural_key(p.name), p.ref)):
            if person.ref in self.placed:
                continue
            if person.school:
                message = _(
                    "%(person)s is enrolled, but %(school)s is in no partnership "
                    "of this trajectory."
                ) % {"person": person.name, "school": person.school}
            else:
                message = _("%(person)s is enrolled without a school, so in no partnership.") % {
                    "person": person.name
                }
            self.warn(WarningCode.PARTICIPANT_WITHOUT_PARTNERSHIP, message, participant=person.ref)


def propose_plgs(
    partnerships: Sequence[PartnershipInput],
    *,
    target_schools: int,
    min_schools: int,
    first_number: int = 1,
    unassigned: Sequence[ParticipantInput] = (),
    placed: Sequence[ParticipantInput] = (),
) -> Proposal:
    """Propose the PLGs for PARTNERSHIPS (the rule is in this module's docstring).

    UNASSIGNED are the enrolled participants whose school is in none of the
    partnerships; PLACED are enrolled participants who are already in a PLG of the
    trajectory (their ``plg`` says which): they are left out of the proposal.
    Proposed names start at "PLG FIRST_NUMBER".
    """
    composer = _Composer(
        target_schools=target_schools,
        min_schools=min_schools,
        number=first_number,
        placed={person.ref: person for person in placed},
        plgs=[],
        warnings=[],
    )
    ordered = sorted(partnerships, key=_partnership_key)
    assigned = composer.assign_schools(ordered)
    for partnership in ordered:
        schools = assigned[partnership.ref]
        if partnership.existing_plgs:
            composer.skip(partnership, schools)
            continue
        free = composer.free_schools(schools)
        first = len(composer.plgs)
        composer.check_size(partnership, schools, len(free))
        composer.compose(partnership, free)
        composer.check_schools(partnership, schools)
        composer.check_levels(first)
    composer.warn_unassigned(unassigned)
    return Proposal(plgs=tuple(composer.plgs), warnings=tuple(composer.warnings))
