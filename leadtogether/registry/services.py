"""Writes of the registry: schools, partnerships and people. Each is atomic, validated
and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.lib.db import save_unique
from leadtogether.lib.refs import new_ref
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import Enrolment, Trajectory
from leadtogether.trajectories.services import enrolment_set, enrolment_withdraw


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
    trajectory: Trajectory,
    name: str,
    form: str,
    participation: str = "",
    learning_level: int | None = None,
    schools: Iterable[School] = (),
    ref: str = "",
) -> Partnership:
    """Register a partnership with its SCHOOLS and enrol it in TRAJECTORY."""
    partnership = Partnership(ref=ref or new_ref("SV"))
    _partnership_fields(partnership, name, form, participation, learning_level)
    partnership.full_clean()
    save_unique(partnership)
    schools = list(schools)
    partnership.schools.set(schools)
    trajectory.partnerships.add(partnership)
    audit_record(
        actor=actor,
        action="partnership_create",
        obj=partnership,
        detail={"name": name, "trajectory": trajectory.pk, "schools": [s.pk for s in schools]},
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


def _set_enrolment(
    *,
    actor: User | None,
    trajectory: Trajectory,
    person: Person,
    enrol: bool,
    research_consent: bool,
) -> None:
    if enrol:
        enrolment_set(
            actor=actor, trajectory=trajectory, person=person, research_consent=research_consent
        )
        return
    enrolment = Enrolment.objects.filter(trajectory=trajectory, person=person).first()
    if enrolment is not None:
        try:
            enrolment_withdraw(actor=actor, enrolment=enrolment)
        except ValidationError as error:
            raise ValidationError({"enrol": error.messages}) from error


@transaction.atomic
def person_create(
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
    """Register a person; ENROL them in TRAJECTORY (with or without research consent).

    A school leader (a person with a school) is always enrolled: the registry of a
    trajectory shows its participants and coaches, so a leader left unenrolled would
    be registered out of sight.
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
    _set_enrolment(
        actor=actor,
        trajectory=trajectory,
        person=person,
        enrol=enrol,
        research_consent=research_consent,
    )
    return person


@transaction.atomic
def person_update(
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
    _set_enrolment(
        actor=actor,
        trajectory=trajectory,
        person=person,
        enrol=enrol,
        research_consent=research_consent,
    )
    return person
