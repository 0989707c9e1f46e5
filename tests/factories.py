"""factory_boy factories for the domain records."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.registry.models import Level, Partnership, Person, School
from leadtogether.trajectories.models import (
    PLG,
    Enrolment,
    PLGMembership,
    Session,
    Trajectory,
)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    ref = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"Basisschool De Linde {n}")
    level = Level.PRIMARY
    network = "Katholiek Onderwijs Vlaanderen"
    region = "Brugge"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    ref = factory.Sequence(lambda n: f"SV{n:03d}")
    name = factory.Sequence(lambda n: f"Scholengemeenschap Noord {n}")
    form = Partnership.Form.A
    participation = Partnership.Participation.FULL
    learning_level = 2

    @factory.post_generation
    def schools(self, create: bool, extracted: list[School] | None, **kwargs: object) -> None:
        if create and extracted:
            self.schools.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    ref = factory.Sequence(lambda n: f"P{n:04d}")
    first_name = factory.Iterator(["An", "Bart", "Els", "Joris", "Lies", "Pieter", "Sofie"])
    last_name = factory.Sequence(lambda n: f"Peeters{n}")
    email = factory.LazyAttribute(lambda p: f"{p.ref.lower()}@school.example")
    school = factory.SubFactory(SchoolFactory)
    function_title = "directeur"
    function_category = Person.FunctionCategory.MANAGEMENT


class CoachFactory(PersonFactory):
    school = None
    function_title = "PLG-coach"
    function_category = ""


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"traject-{n}")
    name = factory.Sequence(lambda n: f"Traject schoolleiders {n}")
    start = dt.date(2021, 9, 1)
    year_one_end = dt.date(2022, 8, 31)
    end = dt.date(2023, 8, 31)
    follow_up_end = dt.date(2024, 8, 31)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    trajectory = factory.SubFactory(TrajectoryFactory)
    person = factory.SubFactory(PersonFactory)
    research_consent = True
    research_code = factory.Sequence(lambda n: f"R{n + 1:03d}")


class PLGFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PLG

    trajectory = factory.SubFactory(TrajectoryFactory)
    ref = factory.Sequence(lambda n: f"PLG{n:02d}")
    name = factory.Sequence(lambda n: f"PLG {n}")
    partnership = factory.SubFactory(PartnershipFactory)
    coach = factory.SubFactory(CoachFactory)


class PLGMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PLGMembership

    plg = factory.SubFactory(PLGFactory)
    person = factory.SubFactory(PersonFactory)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    trajectory = factory.SubFactory(TrajectoryFactory)
    ref = factory.Sequence(lambda n: f"M{n:04d}")
    kind = Session.Kind.TRAINING_DAY
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2021, 10, 5, 9, 0)))
    status = Session.Status.PLANNED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


def grant(user: User, trajectory: Trajectory, role: Role, partnership: Partnership | None = None):
    return RoleGrant.objects.create(
        user=user, trajectory=trajectory, role=role, partnership=partnership
    )
