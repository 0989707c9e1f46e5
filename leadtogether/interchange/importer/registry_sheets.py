"""Checking the sheets of the registry: schools, partnerships and people."""

from __future__ import annotations

from django.utils.translation import gettext as _

from leadtogether.interchange.importer.cells import RowReader, split_refs
from leadtogether.interchange.importer.plan import Planned
from leadtogether.interchange.importer.reading import Reading
from leadtogether.interchange.schema import PARTNERSHIPS, PEOPLE, SCHOOLS
from leadtogether.registry.models import Level, Partnership, Person, School

SCHOOL_COLUMNS = {
    "ref": "school_id",
    "name": "name",
    "level": "level",
    "network": "network",
    "region": "region",
}
PARTNERSHIP_COLUMNS = {
    "ref": "partnership_id",
    "name": "name",
    "form": "form",
    "participation": "participation",
    "learning_level": "learning_level",
}
PERSON_COLUMNS = {
    "ref": "person_id",
    "first_name": "first_name",
    "last_name": "last_name",
    "email": "email",
    "function_title": "function_title",
    "function_category": "function_category",
}


def read_schools(reading: Reading) -> None:
    seen: dict[str, int] = {}
    for row in reading.rows(SCHOOLS):
        ref = row.text("school_id")
        values = {
            "name": row.text("name"),
            "level": row.choice("level", Level.values),
            "network": row.text("network"),
            "region": row.text("region"),
        }
        row.model_errors(School(ref=ref, **values), SCHOOL_COLUMNS)
        if ref and not reading.duplicate(row, "school_id", seen, ref):
            reading.plan.schools[ref] = Planned(row.number, ref, values)


def read_partnerships(reading: Reading) -> None:
    schools = reading.plan.schools.keys() | reading.existing.schools.keys()
    seen: dict[str, int] = {}
    for row in reading.rows(PARTNERSHIPS):
        ref = row.text("partnership_id")
        values = {
            "name": row.text("name"),
            "form": row.choice("form", Partnership.Form.values),
            "participation": row.choice("participation", Partnership.Participation.values),
            "learning_level": _learning_level(row),
        }
        _check_participation(row, values["form"], values["participation"])
        row.model_errors(Partnership(ref=ref, **values), PARTNERSHIP_COLUMNS)
        school_refs = []
        for school_ref in split_refs(row.text("school_ids")):
            if school_ref in schools or "schools" in reading.unchecked:
                school_refs.append(school_ref)
            else:
                row.problem("school_ids", _("unknown school '%(ref)s'") % {"ref": school_ref})
        if ref and not reading.duplicate(row, "partnership_id", seen, ref):
            reading.plan.partnerships[ref] = Planned(row.number, ref, values)
            reading.plan.partnership_schools[ref] = school_refs


def _learning_level(row: RowReader) -> int | None:
    level = row.integer("learning_level")
    if level is not None and not 1 <= level <= 4:
        row.problem(
            "learning_level",
            _("the learning level is 1, 2, 3 or 4, not %(level)s") % {"level": level},
        )
        return None
    return level


def _check_participation(row: RowReader, form: str | None, participation: str | None) -> None:
    """Forms A and A+ need a participation, form B has none."""
    if not form or participation is None:
        return
    if form == Partnership.Form.B and participation:
        row.problem("participation", _("form B has no participation; leave it empty"))
    elif form != Partnership.Form.B and not participation:
        row.problem(
            "participation",
            _("form %(form)s needs a participation (partial or full)") % {"form": form},
        )


def read_people(reading: Reading) -> None:
    schools = reading.plan.schools.keys() | reading.existing.schools.keys()
    seen: dict[str, int] = {}
    emails: list[tuple[RowReader, str, str]] = []
    for row in reading.rows(PEOPLE):
        ref = row.text("person_id")
        values = {
            "first_name": row.text("first_name"),
            "last_name": row.text("last_name"),
            "email": row.text("email"),
            "function_title": row.text("function_title"),
            "function_category": row.choice("function_category", Person.FunctionCategory.values),
        }
        school = reading.reference(row, "school_id", schools, _("school"), "schools")
        row.model_errors(Person(ref=ref, **values), PERSON_COLUMNS)
        if ref and not reading.duplicate(row, "person_id", seen, ref):
            reading.plan.people[ref] = Planned(
                row.number, ref, values, links={"school": school or None}
            )
            if values["email"] and "email" not in row.failed:
                emails.append((row, ref, values["email"]))
    _check_emails(reading, emails)


def _check_emails(reading: Reading, emails: list[tuple[RowReader, str, str]]) -> None:
    """An e-mail address belongs to one person, in the workbook and in the database."""
    first_use: dict[str, tuple[str, int]] = {}
    for row, ref, email in emails:
        folded = email.lower()
        if folded in first_use:
            other_ref, other_row = first_use[folded]
            row.problem(
                "email",
                _("e-mail address '%(email)s' is also used by person '%(ref)s' (row %(row)s)")
                % {"email": email, "ref": other_ref, "row": other_row},
            )
            continue
        first_use[folded] = (ref, row.number)
        others = [
            other
            for other in reading.existing.emails.get(folded, [])
            if other != ref and other not in reading.plan.people
        ]
        if others:
            row.problem(
                "email",
                _("e-mail address '%(email)s' is already used by person '%(ref)s'")
                % {"email": email, "ref": others[0]},
            )
