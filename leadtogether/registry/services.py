"""Writes of the registry: schools, partnerships and people. Each is atomic, validated
and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.lib.refs import new_ref
from leadtogether.registry.models import Partnership, Person, School


@transaction.atomic
def school_create(
    *,
    actor: User | None,
    name: str,
    level: str,
    network: str = "",
    region: str = "",
    ref: str = "",
    partnerships: Iterable[Partnership] = (),
) -> School:
    """Register a school, optionally adding it to PARTNERSHIPS."""
    school = School(
        ref=ref or new_ref("SCH"), name=name, level=level, network=network, region=region
    )
    school.full_clean()
    save_unique(school)
    partnerships = list(partnerships)
    for partnership in partnerships:
        partnership.schools.add(school)
    audit_record(
        actor=actor,
        action="school_create",
        obj=school,
        detail={"name": name, "partnerships": [p.pk for p in partnerships]},
    )
    return school


@transaction.atomic
def school_update(
    *, actor: User | None, school: School, name: str, level: str, network: str, region: str
) -> School:
    school.name = name
    school.level = level
    school.network = network
    school.region = region
    school.full_clean()
    school.save(update_fields=["name", "level", "network", "region"])
    audit_record(
        actor=actor,
        action="school_update",
        obj=school,
        detail={"name": name, "level": level, "network": network, "region": region},
    )
    return school


def _partnership_fields(
    partnership: Partnership, name: str, form: str, participation: str, learning_level: int | None
) -> None:
    partnership.name = name
    partnership.form = form
    partnership.participation = participation
    partnership.learning_level = learning_level


@transaction.atomic
def partnership_create(
    *,
    actor: User | None,
    name: str,
    form: str,
    participation: str = "",
    learning_level: int | None = None,
    schools: Iterable[School] = (),
    ref: str = "",
) -> Partnership:
    """Register a partnership with its SCHOOLS."""
    partnership = Partnership(ref=ref or new_ref("SV"))
    _partnership_fields(partnership, name, form, participation, learning_level)
    partnership.full_clean()
    save_unique(partnership)
    schools = list(schools)
    partnership.schools.set(schools)
    audit_record(
        actor=actor,
        action="partnership_create",
        obj=partnership,
        detail={"name": name, "schools": [s.pk for s in schools]},
    )
    return partnership


@transaction.atomic
def partnership_update(
    *,
    actor: User | None,
    partnership: Partnership,
    name: str,
    form: str,
    participation: str,
    learning_level: int | None,
    schools: Iterable[School],
) -> Partnership:
    _partnership_fields(partnership, name, form, participation, learning_level)
    partnership.full_clean()
    partnership.save(update_fields=["name", "form", "participation", "learning_level"])
    schools = list(schools)
    partnership.schools.set(schools)
    audit_record(
        actor=actor,
        action="partnership_update",
        obj=partnership,
        detail={
            "name": name,
            "form": form,
            "participation": participation,
            "learning_level": learning_level,
            "schools": sorted(s.pk for s in schools),
        },
    )
    return partnership


def _person_fields(
    person: Person,
    first_name: str,
    last_name: str,
    email: str,
    school: School | None,
    function_title: str,
    function_category: str,
) -> None:
    person.first_name = first_name
    person.last_name = last_name
    person.email = email
    person.school = school
    person.function_title = function_title
    person.function_category = function_category


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    first_name: str,
    last_name: str,
    email: str = "",
    school: School | None = None,
    function_title: str = "",
    function_category: str = "",
    ref: str = "",
) -> Person:
    """Register a person (a trajectory enrols them: ``trajectories.services``)."""
    person = Person(ref=ref or new_ref("P"))
    _person_fields(person, first_name, last_name, email, school, function_title, function_category)
    person.full_clean()
    save_unique(person)
    audit_record(
        actor=actor,
        action="person_create",
        obj=person,
        detail={"name": person.full_name, "school": school.pk if school else None},
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: User | None,
    person: Person,
    first_name: str,
    last_name: str,
    email: str,
    school: School | None,
    function_title: str,
    function_category: str,
) -> Person:
    """Change a person's details."""
    _person_fields(person, first_name, last_name, email, school, function_title, function_category)
    person.full_clean()
    save_unique(
        person,
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "school",
            "function_title",
            "function_category",
        ],
    )
    audit_record(
        actor=actor,
        action="person_update",
        obj=person,
        detail={"name": person.full_name, "school": school.pk if school else None},
    )
    return person
