"""Enrolments and research codes, and the registry seen from a trajectory's pages:
people and partnerships registered there join the trajectory."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.registry import services as registry_services
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import (
    Enrolment,
    PLGMembership,
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
