"""Checking the sheets of the trajectory: the trajectory row, enrolments and PLGs."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from leadtogether.interchange.importer.cells import Problem, RowReader
from leadtogether.interchange.importer.plan import Planned
from leadtogether.interchange.importer.reading import Reading
from leadtogether.interchange.schema import ENROLMENTS, PLG_MEMBERS, PLGS, TRAJECTORY
from leadtogether.trajectories.models import PLG, Enrolment, Trajectory

NORMS = (
    "training_days_per_year",
    "plg_meetings_per_year",
    "max_coaching_sessions",
    "min_schools_per_partnership",
    "target_schools_per_plg",
)
DATES = ("start", "year_one_end", "end", "follow_up_end")
PLG_COLUMNS = {"ref": "plg_id", "name": "name"}


def default_year_one_end(start: dt.date) -> dt.date | None:
    """The day before the first anniversary of START (None in the year 9999)."""
    if start.year >= dt.MAXYEAR:
        return None  # the start itself is refused
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = dt.date(start.year + 1, 3, 1)
    return anniversary - dt.timedelta(days=1)


def read_trajectory(reading: Reading) -> None:
    rows = list(reading.rows(TRAJECTORY))
    if TRAJECTORY.name in reading.workbook and not rows:
        reading.problems.append(
            Problem(TRAJECTORY.name, 0, "", _("the sheet needs one row, with the trajectory"))
        )
    for extra in rows[1:]:
        extra.problem("", _("a workbook holds one trajectory; remove this row"))
    if not rows:
        return
    row = rows[0]
    existing = reading.existing.trajectory
    values: dict[str, object] = {
        "slug": row.text("slug"),
        "name": row.text("name"),
        "start": row.date("start"),
        "end": row.date("end"),
        "follow_up_end": row.date("follow_up_end"),
    }
    start = values["start"]
    year_one_end = row.date("year_one_end") if row.has("year_one_end") else None
    if year_one_end is None and "year_one_end" not in row.failed:
        if existing is not None and not row.has("year_one_end"):
            year_one_end = existing.year_one_end
        elif isinstance(start, dt.date):
            year_one_end = default_year_one_end(start)
    values["year_one_end"] = year_one_end
    for norm in NORMS:
        if row.has(norm):
            number = row.integer(norm)
            values[norm] = Trajectory._meta.get_field(norm).default if number is None else number
    columns = {name: name for name, value in values.items() if value is not None}
    row.model_errors(Trajectory(**values), columns)
    _check_dates(row, values)
    reading.plan.trajectory = Planned(row.number, values["slug"], values)


def _check_dates(row: RowReader, values: dict[str, object]) -> None:
    """The four dates follow each other."""
    previous: tuple[str, dt.date] | None = None
    for name in DATES:
        date = values.get(name)
        if not isinstance(date, dt.date):
            continue
        if previous is not None and date <= previous[1]:
            row.problem(
                name,
                _("must be after %(column)s (%(date)s)")
                % {"column": previous[0], "date": previous[1].isoformat()},
            )
        previous = (name, date)


def read_enrolments(reading: Reading) -> None:
    people = reading.plan.people.keys() | reading.existing.people.keys()
    seen: dict[str, int] = {}
    codes: dict[str, int] = {}
    taken = {
        enrolment.research_code: person
        for person, enrolment in reading.existing.enrolments.items()
        if enrolment.research_code
    }
    for row in reading.rows(ENROLMENTS):
        ref = reading.reference(row, "person_id", people, _("person"), "people")
        values: dict[str, object] = {"research_consent": row.yes_no("research_consent")}
        code = row.text("research_code") if row.has("research_code") else ""
        if code:
            values["research_code"] = code
            _check_research_code(reading, row, code, ref, codes, taken)
        if ref and not reading.duplicate(row, "person_id", seen, ref):
            reading.plan.enrolments[ref] = Planned(row.number, ref, values, links={"person": ref})


def _check_research_code(
    reading: Reading,
    row: RowReader,
    code: str,
    person: str | None,
    codes: dict[str, int],
    taken: dict[str, str],
) -> None:
    if len(code) > Enrolment._meta.get_field("research_code").max_length:
        row.problem("research_code", _("longer than 16 characters"))
    elif reading.duplicate(row, "research_code", codes, code):
        return
    elif taken.get(code, person) != person:
        row.problem(
            "research_code",
            _("code '%(code)s' belongs to person '%(person)s'")
            % {"code": code, "person": taken[code]},
        )


def read_plgs(reading: Reading) -> None:
    existing = reading.existing
    partnerships = reading.plan.partnerships.keys() | existing.partnerships.keys()
    in_trajectory = reading.plan.partnerships.keys() | existing.trajectory_partnerships
    people = reading.plan.people.keys() | existing.people.keys()
    seen: dict[str, int] = {}
    names: dict[str, int] = {}
    for row in reading.rows(PLGS):
        ref = row.text("plg_id")
        name = row.text("name")
        partnership = reading.reference(
            row, "partnership_id", partnerships, _("partnership"), "partnerships"
        )
        if (
            partnership
            and partnership not in in_trajectory
            and "partnerships" not in reading.unchecked
        ):
            row.problem(
                "partnership_id",
                _(
                    "partnership '%(ref)s' is not in this trajectory; list it on the sheet "
                    "partnerships"
                )
                % {"ref": partnership},
            )
        coach = reading.reference(row, "coach_person_id", people, _("person"), "people")
        row.model_errors(PLG(ref=ref, name=name), PLG_COLUMNS)
        if name:
            message = _("duplicate name '%(name)s'") % {"name": name}
            reading.duplicate(row, "name", names, name.casefold(), message)
        if ref and not reading.duplicate(row, "plg_id", seen, ref):
            reading.plan.plgs[ref] = Planned(
                row.number,
                ref,
                {"name": name},
                links={"partnership": partnership, "coach": coach or None},
            )
    _check_plg_names(reading)


def _check_plg_names(reading: Reading) -> None:
    """A PLG's name is not used by another PLG of the trajectory that stays as it is."""
    taken = {
        plg.name.casefold(): ref
        for ref, plg in reading.existing.plgs.items()
        if ref not in reading.plan.plgs
    }
    for planned in reading.plan.plgs.values():
        other = taken.get(planned.values["name"].casefold())
        if other:
            reading.problems.append(
                Problem(
                    PLGS.name,
                    planned.number,
                    "name",
                    _("PLG '%(other)s' already has the name '%(name)s'")
                    % {"other": other, "name": planned.values["name"]},
                )
            )


def read_plg_members(reading: Reading) -> None:
    """The members listed for a PLG become its members; nobody is in two PLGs."""
    plan, existing = reading.plan, reading.existing
    plgs = plan.plgs.keys() | existing.plgs.keys()
    people = plan.people.keys() | existing.people.keys()
    enrolled = plan.enrolments.keys() | existing.enrolments.keys()
    seen: dict[tuple[str, str], int] = {}
    rows: list[tuple[RowReader, str, str]] = []
    for row in reading.rows(PLG_MEMBERS):
        plg = reading.reference(row, "plg_id", plgs, _("PLG"), "plgs")
        person = reading.reference(row, "person_id", people, _("person"), "people")
        if not (plg and person):
            continue
        if reading.duplicate(
            row,
            "person_id",
            seen,
            (plg, person),
            _("person '%(person)s' is listed twice for PLG '%(plg)s'")
            % {"person": person, "plg": plg},
        ):
            continue
        if person not in enrolled and "enrolments" not in reading.unchecked:
            row.problem(
                "person_id",
                _("person '%(ref)s' is not enrolled in the trajectory") % {"ref": person},
            )
        rows.append((row, plg, person))

    plan.plg_members = {ref: {} for ref in plan.plgs}
    for row, plg, person in rows:
        plan.plg_members.setdefault(plg, {})[person] = Planned(
            row.number, (plg, person), links={"plg": plg, "person": person}
        )
    # members of the PLGs the workbook leaves alone
    for plg, members in existing.plg_members.items():
        if plg not in plan.plg_members:
            for person in members:
                plan.member_of[person] = plg
    first_row: dict[str, int] = {}
    for row, plg, person in rows:
        other = plan.member_of.get(person)
        if other is None:
            plan.member_of[person] = plg
            first_row[person] = row.number
        elif person in first_row:
            row.problem(
                "person_id",
                _("person '%(ref)s' is already a member of PLG '%(plg)s' (row %(row)s)")
                % {"ref": person, "plg": other, "row": first_row[person]},
            )
        else:
            row.problem(
                "person_id",
                _("person '%(ref)s' is already a member of PLG '%(plg)s'")
                % {"ref": person, "plg": other},
            )
