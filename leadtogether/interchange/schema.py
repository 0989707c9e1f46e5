"""The sheets of the workbook format and their columns.

Import, export and the documentation (docs/workbook.md) all follow these definitions:
the export writes the sheets in this order with every column, the import requires the
sheets' required columns and the values marked required.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtogether.trajectories.models import Trajectory


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    # a required column must be present in the sheet (its cells may still be empty)
    required: bool = True
    # a required value must be filled in on every row
    value_required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    @property
    def optional_columns(self) -> list[str]:
        return [column.name for column in self.columns if not column.required]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _id(name: str, what: str) -> Column:
    return Column(
        name,
        f"the {what}'s id: letters, digits, '-', '_' and '.', at most 40",
        value_required=True,
    )


def _norm(name: str, description: str) -> Column:
    default = Trajectory._meta.get_field(name).default
    return Column(name, f"{description}; empty: {default}", required=False)


TRAJECTORY = SheetSpec(
    "trajectory",
    "The trajectory itself: exactly one row.",
    (
        Column("slug", "short name used in addresses and commands", value_required=True),
        Column("name", "name of the trajectory", value_required=True),
        Column("start", "start of the first training year (date)", value_required=True),
        Column("end", "end of the second training year (date)", value_required=True),
        Column("follow_up_end", "end of the follow-up year (date)", value_required=True),
        Column(
            "year_one_end",
            "end of the first training year (date); empty: the day before start + 1 year",
            required=False,
        ),
        _norm("training_days_per_year", "whole number"),
        _norm("plg_meetings_per_year", "whole number"),
        _norm("max_coaching_sessions", "per participant; whole number"),
        _norm("min_schools_per_partnership", "whole number ≥ 1"),
        _norm("target_schools_per_plg", "whole number ≥ 1"),
    ),
)

SCHOOLS = SheetSpec(
    "schools",
    "Schools, matched on school_id.",
    (
        _id("school_id", "school"),
        Column("name", "name of the school", value_required=True),
        Column("level", "primary | secondary", value_required=True),
        Column("network", "education network"),
        Column("region", "region"),
    ),
)

PARTNERSHIPS = SheetSpec(
    "partnerships",
    "Partnerships of the trajectory, matched on partnership_id.",
    (
        _id("partnership_id", "partnership"),
        Column("name", "name of the partnership", value_required=True),
        Column("form", "A | A+ | B", value_required=True),
        Column("participation", "partial | full for forms A and A+; empty for form B"),
        Column("learning_level", "collective-learning level at the start: 1–4 or empty"),
        Column("school_ids", "the partnership's schools: school ids separated by ';'"),
    ),
)

PEOPLE = SheetSpec(
    "people",
    "Participants and coaches, matched on person_id.",
    (
        _id("person_id", "person"),
        Column("first_name", "first name", value_required=True),
        Column("last_name", "last name", value_required=True),
        Column("email", "e-mail address, used by one person only"),
        Column("school_id", "the person's school"),
        Column("function_title", "function, in the school's words"),
        Column("function_category", "management | middle | empty"),
    ),
)

ENROLMENTS = SheetSpec(
    "enrolments",
    "The people enrolled in the trajectory.",
    (
        Column("person_id", "the enrolled person", value_required=True),
        Column("research_consent", "yes | no", value_required=True),
        Column(
            "research_code",
            "pseudonymous code in research exports (R001 …); empty: the next free code",
            required=False,
        ),
    ),
)

PLGS = SheetSpec(
    "plgs",
    "The trajectory's PLGs, matched on plg_id.",
    (
        _id("plg_id", "PLG"),
        Column("name", "name of the PLG, unique in the trajectory", value_required=True),
        Column("partnership_id", "the PLG's partnership", value_required=True),
        Column("coach_person_id", "the coach (a person), may be empty"),
    ),
)

PLG_MEMBERS = SheetSpec(
    "plg_members",
    "The members of each PLG: one row per member.",
    (
        Column("plg_id", "the PLG", value_required=True),
        Column("person_id", "the member, enrolled in the trajectory", value_required=True),
    ),
)

SESSIONS = SheetSpec(
    "sessions",
    "Training days, PLG meetings and coaching sessions, matched on session_id.",
    (
        _id("session_id", "session"),
        Column("kind", "training_day | plg_meeting | coaching", value_required=True),
        Column("plg_id", "the PLG; required for a plg_meeting"),
        Column("person_id", "the coached participant; required for coaching"),
        Column("starts_at", "date and time (YYYY-MM-DD HH:MM, local time)", value_required=True),
        Column("status", "planned | held | cancelled", value_required=True),
        Column("cancel_reason", "why the session is cancelled; required when cancelled"),
        Column("ends_at", "date and time, after starts_at", required=False),
        Column("title", "title", required=False),
        Column("location", "location", required=False),
    ),
)

ATTENDANCE = SheetSpec(
    "attendance",
    "Who attended which session.",
    (
        Column("session_id", "the session", value_required=True),
        Column("person_id", "the person", value_required=True),
        Column("attendance", "present | absent | excused", value_required=True),
    ),
)

ROLES = SheetSpec(
    "roles",
    "Who signs in to the trajectory, and as what: one row per role (and PLG).",
    (
        Column("email", "the account's e-mail address", value_required=True),
        Column(
            "role",
            "organiser | coach | participant | director | researcher",
            value_required=True,
        ),
        Column("plg_id", "a coach's PLG or a participant's PLG (checked); may be empty"),
        Column("partnership_id", "a director's partnership; empty for other roles"),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (
    TRAJECTORY,
    SCHOOLS,
    PARTNERSHIPS,
    PEOPLE,
    ENROLMENTS,
    PLGS,
    PLG_MEMBERS,
    SESSIONS,
    ATTENDANCE,
    ROLES,
)

SHEETS_BY_NAME: dict[str, SheetSpec] = {sheet.name: sheet for sheet in SHEETS}
