"""The roles sheet: accounts and their roles in the trajectory, by e-mail address."""

from __future__ import annotations

import pytest
from django.core import mail

from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.interchange.exporter import workbook_export
from leadtogether.interchange.importer import workbook_import
from leadtogether.trajectories.models import Trajectory
from tests import factories
from tests.interchange.conftest import cells, problems_of

pytestmark = pytest.mark.django_db


def test_it_creates_accounts_without_a_password_linked_to_the_person(workbook):
    workbook_import(workbook=workbook)

    coach = User.objects.get(email="sofie@academie.example")
    assert coach.username == "sofie@academie.example"
    assert not coach.has_usable_password()
    assert coach.person.ref == "C1"
    assert (coach.first_name, coach.last_name) == ("Sofie", "Coach")
    organiser = User.objects.get(email="org@leiders.example")
    assert organiser.person is None
    grants = RoleGrant.objects.values_list("user__email", "role", "partnership__ref")
    assert set(grants) == {
        ("sofie@academie.example", "coach", None),
        ("an@school.example", "participant", None),
        ("lies@school.example", "director", "SV2"),
        ("org@leiders.example", "organiser", None),
    }
    assert mail.outbox == []


def test_an_existing_account_gets_the_role(workbook):
    user = factories.UserFactory(username="sofie", email="Sofie@Academie.example")

    workbook_import(workbook=workbook)

    assert RoleGrant.objects.get(role=Role.COACH).user == user
    assert not User.objects.filter(username="sofie@academie.example").exists()
    assert user.check_password("correct horse battery")


def test_importing_twice_changes_nothing(workbook):
    workbook_import(workbook=workbook)
    summary = workbook_import(workbook=workbook)

    assert str(summary.counts["roles"]) == "0 created, 0 updated, 4 unchanged"
    assert User.objects.count() == 4


def test_it_rejects_an_unknown_role(workbook):
    cells(workbook, "roles", 5)["role"] = "boss"

    assert problems_of(workbook) == [
        "roles, 5, role: unknown role 'boss' "
        "(allowed: organiser, coach, participant, director, researcher)"
    ]


def test_it_rejects_a_director_without_partnership(workbook):
    cells(workbook, "roles", 4)["partnership_id"] = None

    assert problems_of(workbook) == [
        "roles, 4, partnership_id: a coordinating director needs a partnership_id"
    ]


def test_it_rejects_a_partnership_of_another_role(workbook):
    cells(workbook, "roles", 5)["partnership_id"] = "SV1"

    assert problems_of(workbook) == [
        "roles, 5, partnership_id: only a coordinating director has a partnership_id"
    ]


def test_it_rejects_unknown_plg_and_partnership_ids(workbook):
    cells(workbook, "roles", 2)["plg_id"] = "PLG9"
    cells(workbook, "roles", 4)["partnership_id"] = "SV9"

    assert problems_of(workbook) == [
        "roles, 2, plg_id: unknown PLG 'PLG9'",
        "roles, 4, partnership_id: unknown partnership 'SV9'",
    ]


def test_it_rejects_an_invalid_email(workbook):
    cells(workbook, "roles", 5)["email"] = "org at leiders"

    assert problems_of(workbook) == [
        "roles, 5, email: 'org at leiders' is not a valid e-mail address"
    ]


def test_a_participant_is_enrolled_and_in_the_plg_given(workbook):
    cells(workbook, "roles", 3)["plg_id"] = "PLG2"
    cells(workbook, "roles", 5)["role"] = "participant"

    assert problems_of(workbook) == [
        "roles, 3, plg_id: person 'P1' is not a member of PLG 'PLG2'",
        "roles, 5, email: a participant is a person enrolled in the trajectory; nobody "
        "enrolled has this e-mail address",
    ]


def test_a_coach_coaches_the_plg_given(workbook):
    cells(workbook, "roles", 2)["plg_id"] = "PLG2"

    assert problems_of(workbook) == [
        "roles, 2, plg_id: the person with this e-mail address is not the coach of PLG "
        "'PLG2' (set the coach on the sheet plgs)"
    ]


def test_a_role_listed_twice_is_a_problem(workbook):
    workbook["roles"].rows.append(dict(cells(workbook, "roles", 5)))

    assert problems_of(workbook) == ["roles, 6, email: this role is listed twice (also on row 5)"]


def test_the_export_lists_a_coach_of_two_plgs_twice(workbook):
    workbook_import(workbook=workbook)
    trajectory = Trajectory.objects.get()
    plg2 = trajectory.plgs.get(ref="PLG2")
    plg2.coach = trajectory.plgs.get(ref="PLG1").coach
    plg2.save()

    rows = workbook_export(trajectory=trajectory)["roles"].rows

    coach_rows = [row["plg_id"] for row in rows if row["role"] == "coach"]
    assert coach_rows == ["PLG1", "PLG2"]
    assert [row["email"] for row in rows] == sorted(row["email"] for row in rows)
