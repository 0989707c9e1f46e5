"""What an import will write, and what it wrote."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from leadtogether.interchange.schema import SHEETS


@dataclass
class Planned:
    """One record to create or update, read from row NUMBER of its sheet.

    VALUES holds the model fields read from the cells; LINKS the foreign keys as the ids
    used in the workbook (e.g. ``{"school": "S0001"}``), resolved when writing.
    """

    number: int
    key: Hashable
    values: dict[str, Any] = field(default_factory=dict)
    links: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Plan:
    trajectory: Planned | None = None
    schools: dict[str, Planned] = field(default_factory=dict)
    partnerships: dict[str, Planned] = field(default_factory=dict)
    # the schools of each partnership, by school id
    partnership_schools: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, Planned] = field(default_factory=dict)
    enrolments: dict[str, Planned] = field(default_factory=dict)
    plgs: dict[str, Planned] = field(default_factory=dict)
    # the members of each PLG whose membership the workbook sets, by person id
    plg_members: dict[str, dict[str, Planned]] = field(default_factory=dict)
    # the PLG of each person after the import (members of untouched PLGs included)
    member_of: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, Planned] = field(default_factory=dict)
    attendance: dict[tuple[str, str], Planned] = field(default_factory=dict)
    # role grants by (e-mail in lower case, role, partnership id or "")
    roles: dict[tuple[str, str, str], Planned] = field(default_factory=dict)


@dataclass
class Count:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return f"{text}, {self.removed} removed" if self.removed else text


@dataclass
class ImportSummary:
    trajectory_slug: str
    trajectory_pk: int
    counts: dict[str, Count]

    def lines(self) -> list[str]:
        """One line per sheet, in the order of the workbook format."""
        return [f"{sheet.name}: {self.counts.get(sheet.name, Count())}" for sheet in SHEETS]
