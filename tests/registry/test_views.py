"""The registry pages: only the trajectory's organiser uses them, within its scope."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from leadtogether.accounts.models import AuditEntry
from leadtogether.registry.models import Level, Partnership, Person, School
from leadtogether.trajectories.models import Enrolment
from tests import factories
from tests.conftest import World

HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    """A client signed in as USER that reads the pages in English (tests/test_i18n.py
    checks the Dutch default)."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, world: World, **kwargs: str) -> str:
    return reverse(f"registry:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


def page_urls(world: World) -> list[str]:
    school = world.member.school
    return [
        url("school-list", world),
        url("school-create", world),
        url("school-detail", world, school_ref=school.ref),
        url("school-edit", world, school_ref=school.ref),
        url("partnership-list", world),
        url("partnership-create", world),
        url("partnership-detail", world, partnership_ref=world.plg.partnership.ref),
        url("partnership-edit", world, partnership_ref=world.plg.partnership.ref),
        url("person-list", world),
        url("person-create", world),
        url("person-detail", world, person_ref=world.member.ref),
        url("person-edit", world, person_ref=world.member.ref),
    ]


@pytest.mark.parametrize("persona", ["coach", "participant", "outsider", "director", "researcher"])
def test_only_the_organiser_opens_the_registry(world, persona):
    client = client_for(getattr(world, persona))
    for page in page_urls(world):
        assert client.get(page).status_code == 403, page


def test_a_user_without_a_role_gets_404_everywhere_in_the_registry(world):
    client = client_for(factories.UserFactory(username="stranger"))
    for page in page_urls(world):
        assert client.get(page).status_code == 404, page


def test_the_organiser_opens_every_registry_page(world):
    client = client_for(world.organiser)
    for page in page_urls(world):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("persona", ["coach", "outsider"])
def test_others_cannot_write_to_the_registry(world, persona):
    client = client_for(getattr(world, persona))
    response = client.post(url("school-create", world), {"name": "Sluiproute", "level": "primary"})
    assert response.status_code == 403
    response = client.post(
        url("person-edit", world, person_ref=world.member.ref),
        {"first_name": "Gekaapt", "last_name": "X", "enrol": "on"},
    )
    assert response.status_code == 403
    assert not School.objects.filter(name="Sluiproute").exists()
    assert not Person.objects.filter(first_name="Gekaapt").exists()


# --- schools -------------------------------------------------------------------------


def test_the_school_list_shows_the_trajectorys_schools_with_their_participants(world):
    elsewhere = factories.PartnershipFactory(schools=[factories.SchoolFactory(name="Ver Weg")])
    assert elsewhere.schools.exists()
    response = client_for(world.organiser).get(url("school-list", world))
    rows = list(response.context["rows"])
    assert len(rows) == 8
    assert "Ver Weg" not in response.content.decode()
    school = next(s for s in rows if s.pk == world.member.school_id)
    assert school.participant_count == 1
    assert [p.name for p in school.trajectory_partnerships] == [world.plg.partnership.name]


def test_the_school_list_searches_and_returns_a_fragment_for_htmx(world):
    target = world.member.school
    response = client_for(world.organiser).get(url("school-list", world), {"q": target.ref}, **HTMX)
    assert [s.pk for s in response.context["rows"]] == [target.pk]
    assert "<html" not in response.content.decode()


def test_the_school_list_is_paginated_by_50(world):
    for _ in range(55):
        factories.SchoolFactory()  # in no partnership, nobody registered: in scope
    client = client_for(world.organiser)
    assert len(client.get(url("school-list", world)).context["rows"]) == 50
    assert len(client.get(url("school-list", world), {"page": 2}).context["rows"]) == 13


def test_the_people_list_keeps_the_search_on_the_next_page(world):
    for number in range(55):
        person = factories.PersonFactory(last_name=f"Zoekmij{number:02d}")
        factories.EnrolmentFactory(trajectory=world.trajectory, person=person)
    client = client_for(world.organiser)
    first = client.get(url("person-list", world), {"q": "zoekmij"})
    assert len(first.context["rows"]) == 50
    assert "?q=zoekmij&amp;page=2" in first.content.decode()
    second = client.get(url("person-list", world), {"q": "zoekmij", "page": 2})
    assert len(second.context["rows"]) == 5


def test_the_organiser_registers_a_school_in_a_partnership(world):
    partnership = world.plg.partnership
    response = client_for(world.organiser).post(
        url("school-create", world),
        {"ref": "", "name": "Sint-Jozef", "level": "secondary", "region": "Gent",
         "partnerships": [partnership.pk]},
    )  # fmt: skip
    school = School.objects.get(name="Sint-Jozef")
    assert response.status_code == 302
    assert school.ref and school.level == Level.SECONDARY
    assert partnership.schools.filter(pk=school.pk).exists()
    assert AuditEntry.objects.filter(action="school_create", object_id=str(school.pk)).exists()


def test_a_school_needs_a_valid_level_and_a_free_id(world):
    taken = world.member.school.ref
    response = client_for(world.organiser).post(
        url("school-create", world), {"ref": taken, "name": "Dubbel", "level": "university"}
    )
    errors = response.context["form"].errors
    assert "level" in errors and "ref" in errors
    assert not School.objects.filter(name="Dubbel").exists()
    assert not AuditEntry.objects.exists()


def test_the_organiser_edits_a_school_but_not_its_id(world):
    school = world.member.school
    response = client_for(world.organiser).post(
        url("school-edit", world, school_ref=school.ref),
        {"ref": "NIEUW", "name": "De Linde Zuid", "level": "primary", "network": "GO!"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.network) == ("De Linde Zuid", "GO!")
    assert school.ref != "NIEUW"
    assert AuditEntry.objects.filter(action="school_update").exists()


def test_a_school_outside_the_trajectory_is_not_found(world):
    other = factories.SchoolFactory()
    factories.PersonFactory(school=other)  # somebody works there: not a fresh school
    response = client_for(world.organiser).get(url("school-detail", world, school_ref=other.ref))
    assert response.status_code == 404


def test_the_school_page_lists_the_enrolled_people_of_the_school(world):
    school = world.member.school
    response = client_for(world.organiser).get(url("school-detail", world, school_ref=school.ref))
    assert [p.pk for p in response.context["people"]] == [world.member.pk]


# --- partnerships --------------------------------------------------------------------


def test_the_partnership_list_shows_the_trajectorys_partnerships(world):
    factories.PartnershipFactory(name="Elders")
    response = client_for(world.organiser).get(url("partnership-list", world))
    rows = list(response.context["rows"])
    assert {p.pk for p in rows} == {world.plg.partnership_id, world.other_plg.partnership_id}
    assert all(p.school_count == 4 for p in rows)
    assert "PLG 3" in response.content.decode()


def test_the_organiser_registers_a_partnership_in_the_trajectory(world):
    schools = [factories.SchoolFactory() for _ in range(4)]
    response = client_for(world.organiser).post(
        url("partnership-create", world),
        {"name": "Scholengroep Kust", "form": "A+", "participation": "full",
         "learning_level": "3", "schools": [s.pk for s in schools]},
    )  # fmt: skip
    partnership = Partnership.objects.get(name="Scholengroep Kust")
    assert response.status_code == 302
    assert world.trajectory.partnerships.filter(pk=partnership.pk).exists()
    assert partnership.schools.count() == 4
    assert AuditEntry.objects.filter(action="partnership_create").exists()


@pytest.mark.parametrize(("data", "field"), [
    ({"form": "B", "participation": "full"}, "participation"),
    ({"form": "A", "participation": ""}, "participation"),
    ({"form": "A", "participation": "partial", "learning_level": "5"}, "learning_level"),
    ({"form": "C", "participation": ""}, "form"),
])  # fmt: skip
def test_the_partnership_constraints_show_next_to_their_field(world, data, field):
    response = client_for(world.organiser).post(
        url("partnership-create", world), {"name": "Fout", **data}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Partnership.objects.filter(name="Fout").exists()


def test_the_organiser_changes_the_schools_of_a_partnership(world):
    partnership = world.plg.partnership
    keep = list(partnership.schools.all()[:3])
    response = client_for(world.organiser).post(
        url("partnership-edit", world, partnership_ref=partnership.ref),
        {"name": partnership.name, "form": "B", "participation": "",
         "schools": [s.pk for s in keep]},
    )  # fmt: skip
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.form == "B" and partnership.participation == ""
    assert set(partnership.schools.all()) == set(keep)
    assert AuditEntry.objects.filter(action="partnership_update").exists()


def test_a_partnership_of_another_trajectory_is_not_found(world):
    other = factories.PartnershipFactory()
    page = url("partnership-detail", world, partnership_ref=other.ref)
    assert client_for(world.organiser).get(page).status_code == 404


# --- people --------------------------------------------------------------------------


def test_the_person_list_shows_participants_and_coaches_of_the_trajectory(world):
    stranger = factories.PersonFactory(last_name="Vreemd")  # works at a school, not enrolled
    response = client_for(world.organiser).get(url("person-list", world))
    rows = {p.pk: p for p in response.context["rows"]}
    assert len(rows) == 10  # 8 participants and 2 coaches
    assert stranger.pk not in rows
    assert rows[world.member.pk].is_enrolled and rows[world.member.pk].plg_name == "PLG 3"
    assert rows[world.plg.coach_id].is_coach and not rows[world.plg.coach_id].is_enrolled


def test_the_person_list_searches_on_name(world):
    response = client_for(world.organiser).get(
        url("person-list", world), {"q": world.member.last_name}
    )
    assert [p.pk for p in response.context["rows"]] == [world.member.pk]


def test_the_person_page_shows_the_colleagues_of_the_same_school(world):
    colleague = factories.PersonFactory(school=world.member.school, first_name="Collega")
    factories.EnrolmentFactory(trajectory=world.trajectory, person=colleague)
    not_enrolled = factories.PersonFactory(school=world.member.school)
    response = client_for(world.organiser).get(
        url("person-detail", world, person_ref=world.member.ref)
    )
    assert [p.pk for p in response.context["colleagues"]] == [colleague.pk]
    assert not_enrolled.full_name not in response.content.decode()


def test_the_organiser_registers_and_enrols_a_school_leader(world):
    school = world.member.school
    response = client_for(world.organiser).post(
        url("person-create", world),
        {"first_name": "Nele", "last_name": "Claes", "email": "nele@school.example",
         "school": school.pk, "function_title": "adjunct-directeur",
         "function_category": "management", "enrol": "on", "research_consent": "on"},
    )  # fmt: skip
    person = Person.objects.get(email="nele@school.example")
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(trajectory=world.trajectory, person=person)
    assert enrolment.research_consent
    assert AuditEntry.objects.filter(action="person_create", object_id=str(person.pk)).exists()
    assert AuditEntry.objects.filter(action="enrolment_set").exists()
    page = client_for(world.organiser).get(url("person-detail", world, person_ref=person.ref))
    assert [p.pk for p in page.context["colleagues"]] == [world.member.pk]


def test_the_organiser_registers_a_coach_without_enrolment(world):
    client_for(world.organiser).post(
        url("person-create", world), {"first_name": "Koen", "last_name": "Coach"}
    )
    coach = Person.objects.get(first_name="Koen")
    assert not Enrolment.objects.filter(person=coach).exists()
    response = client_for(world.organiser).get(url("person-detail", world, person_ref=coach.ref))
    assert response.status_code == 200


def test_a_leader_must_be_enrolled_and_an_email_used_once(world):
    response = client_for(world.organiser).post(
        url("person-create", world),
        {"first_name": "Dubbel", "last_name": "Mail", "email": world.member.email.upper(),
         "school": world.member.school_id},
    )  # fmt: skip
    errors = response.context["form"].errors
    assert "email" in errors and "enrol" in errors
    assert not Person.objects.filter(first_name="Dubbel").exists()


def test_the_organiser_changes_a_persons_consent(world):
    response = client_for(world.organiser).post(
        url("person-edit", world, person_ref=world.member.ref),
        {"first_name": world.member.first_name, "last_name": "Nieuwenaam",
         "email": world.member.email, "school": world.member.school_id, "enrol": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.last_name == "Nieuwenaam"
    assert not Enrolment.objects.get(person=world.member).research_consent
    assert AuditEntry.objects.filter(action="person_update").exists()


def test_a_plg_member_cannot_be_unenrolled(world):
    response = client_for(world.organiser).post(
        url("person-edit", world, person_ref=world.member.ref),
        {"first_name": world.member.first_name, "last_name": "Weg",
         "school": world.member.school_id},
    )  # fmt: skip
    assert "PLG 3" in str(response.context["form"].errors["enrol"])
    world.member.refresh_from_db()
    assert world.member.last_name != "Weg"
    assert Enrolment.objects.filter(person=world.member).exists()


def test_a_person_outside_the_trajectory_is_not_found(world):
    other = factories.PersonFactory()
    page = url("person-detail", world, person_ref=other.ref)
    assert client_for(world.organiser).get(page).status_code == 404


@pytest.fixture
def other_organiser(world):
    """The organiser of another trajectory, with its own PLG and coach."""
    elsewhere = factories.TrajectoryFactory(slug="elders")
    factories.PLGFactory(trajectory=elsewhere, ref="PLG-E1")
    user = factories.UserFactory(username="organiser-elsewhere")
    factories.grant(user, elsewhere, "organiser")
    return user


def elsewhere_url(name: str, **kwargs: str) -> str:
    return reverse(f"registry:{name}", kwargs={"slug": "elders", **kwargs})


def test_another_trajectorys_organiser_cannot_open_or_edit_a_coach_here(world, other_organiser):
    coach = world.plg.coach  # a person without a school
    client = client_for(other_organiser)
    assert client.get(elsewhere_url("person-detail", person_ref=coach.ref)).status_code == 404
    response = client.post(
        elsewhere_url("person-edit", person_ref=coach.ref),
        {"first_name": "Gekaapt", "last_name": "Coach", "email": "x@example.org"},
    )
    assert response.status_code == 404
    coach.refresh_from_db()
    assert coach.first_name != "Gekaapt"


def test_another_trajectorys_people_list_holds_none_of_the_coaches_here(world, other_organiser):
    response = client_for(other_organiser).get(elsewhere_url("person-list"))
    listed = {person.pk for person in response.context["rows"]}
    assert world.plg.coach.pk not in listed and world.other_plg.coach.pk not in listed


def test_a_coach_registered_here_stays_out_of_another_trajectorys_pick_list(world, other_organiser):
    client_for(world.organiser).post(
        url("person-create", world), {"first_name": "Koen", "last_name": "Coach"}
    )
    koen = Person.objects.get(first_name="Koen")
    assert koen in world.trajectory.staff.all()
    response = client_for(other_organiser).get(
        reverse("trajectories:plg-edit", kwargs={"slug": "elders", "plg_ref": "PLG-E1"})
    )
    assert koen not in response.context["form"].fields["coach"].queryset
    response = client_for(world.organiser).get(
        reverse("trajectories:plg-edit", kwargs={"slug": world.trajectory.slug,
                                                  "plg_ref": world.plg.ref})
    )  # fmt: skip
    assert koen in response.context["form"].fields["coach"].queryset
