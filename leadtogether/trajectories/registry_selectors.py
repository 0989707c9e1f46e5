"""Reads of the registry as one trajectory's organiser sees it: its schools,
partnerships and people (the scope is defined in ``trajectories.access``) with what the
trajectory adds to them (enrolments, PLGs, counts)."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.access import (
    partnerships_in_scope,
    people_in_scope,
    schools_in_scope,
)
from leadtogether.trajectories.models import PLG, Enrolment, PLGMembership, Trajectory
from leadtogether.trajectories.selectors import count_of

SchoolLink = Partnership.schools.through


def school_choices(trajectory: Trajectory, partnership: Partnership | None) -> QuerySet[School]:
    """Schools in scope to pick a partnership's schools from, its own schools first."""
    schools = schools_in_scope(trajectory)
    if partnership is None or partnership.pk is None:
        return schools
    own = SchoolLink.objects.filter(partnership_id=partnership.pk).values("school_id")
    return schools.annotate(rank=Case(When(pk__in=own, then=Value(0)), default=Value(1))).order_by(
        "rank", "name", "ref"
    )


def school_rows(trajectory: Trajectory, query: str = "") -> QuerySet[School]:
    """Schools in scope matching QUERY, with ``participant_count`` (enrolled here) and
    their partnerships in this trajectory prefetched as ``trajectory_partnerships``."""
    enrolled = Enrolment.objects.filter(trajectory=trajectory, person__school=OuterRef("pk"))
    schools = schools_in_scope(trajectory)
    if query:
        schools = schools.filter(
            Q(name__icontains=query)
            | Q(ref__icontains=query)
            | Q(network__icontains=query)
            | Q(region__icontains=query)
        )
    return schools.annotate(
        participant_count=count_of(enrolled.values("person__school")),
    ).prefetch_related(
        Prefetch(
            "partnerships",
            queryset=partnerships_in_scope(trajectory),
            to_attr="trajectory_partnerships",
        )
    )


def partnership_rows(trajectory: Trajectory, query: str = "") -> QuerySet[Partnership]:
    """The trajectory's partnerships matching QUERY with ``school_count`` and their PLGs
    in this trajectory as ``trajectory_plgs``."""
    partnerships = partnerships_in_scope(trajectory)
    if query:
        partnerships = partnerships.filter(Q(name__icontains=query) | Q(ref__icontains=query))
    return partnerships.annotate(
        school_count=count_of(
            SchoolLink.objects.filter(partnership_id=OuterRef("pk")).values("partnership_id")
        )
    ).prefetch_related(
        Prefetch(
            "plgs",
            queryset=PLG.objects.filter(trajectory=trajectory).order_by("name"),
            to_attr="trajectory_plgs",
        )
    )


def person_rows(trajectory: Trajectory, query: str = "") -> QuerySet[Person]:
    """People in scope matching QUERY, annotated with ``is_enrolled``,
    ``research_consent``, ``plg_name``, ``plg_ref`` and ``is_coach`` for this trajectory."""
    people = people_in_scope(trajectory).select_related("school")
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(ref__icontains=query)
            | Q(school__name__icontains=query)
        )
    enrolment = Enrolment.objects.filter(trajectory=trajectory, person=OuterRef("pk"))
    membership = PLGMembership.objects.filter(
        plg__trajectory=trajectory, person=OuterRef("pk")
    ).order_by("plg__name")
    return people.annotate(
        is_enrolled=Exists(enrolment),
        research_consent=Subquery(
            enrolment.values("research_consent")[:1], output_field=BooleanField()
        ),
        plg_name=Subquery(membership.values("plg__name")[:1], output_field=CharField()),
        plg_ref=Subquery(membership.values("plg__ref")[:1], output_field=CharField()),
        is_coach=Exists(PLG.objects.filter(trajectory=trajectory, coach=OuterRef("pk"))),
    )


def school_people(trajectory: Trajectory, school: School) -> QuerySet[Person]:
    """People of SCHOOL enrolled in the trajectory, with research consent annotated."""
    enrolment = Enrolment.objects.filter(trajectory=trajectory, person=OuterRef("pk"))
    return (
        Person.objects.filter(school=school)
        .filter(Exists(enrolment))
        .annotate(
            research_consent=Subquery(
                enrolment.values("research_consent")[:1], output_field=BooleanField()
            )
        )
        .order_by("last_name", "first_name")
    )


def partnership_schools(trajectory: Trajectory, partnership: Partnership) -> QuerySet[School]:
    """Schools of PARTNERSHIP with ``participant_count`` enrolled in the trajectory."""
    enrolled = Enrolment.objects.filter(trajectory=trajectory, person__school=OuterRef("pk"))
    return (
        School.objects.filter(partnerships=partnership)
        .annotate(participant_count=count_of(enrolled.values("person__school")))
        .order_by("name")
    )


def enrolment_of(trajectory: Trajectory, person: Person) -> Enrolment | None:
    return (
        Enrolment.objects.filter(trajectory=trajectory, person=person)
        .select_related("person")
        .first()
    )


def plgs_of(trajectory: Trajectory, person: Person) -> QuerySet[PLG]:
    """PLGs of the trajectory that PERSON is a member of."""
    return PLG.objects.filter(trajectory=trajectory, memberships__person=person).order_by("name")


def coached_by(trajectory: Trajectory, person: Person) -> QuerySet[PLG]:
    return PLG.objects.filter(trajectory=trajectory, coach=person).order_by("name")
