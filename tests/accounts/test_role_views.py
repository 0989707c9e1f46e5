"""The roles page of a trajectory: list, invite, change, revoke, send again."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry, Role, RoleGrant, User
from tests import factories


def url(world, name, **kwargs):
    return reverse(f"accounts:{name}", kwargs={"slug": world.trajectory.slug, **kwargs})


@pytest.fixture
def organiser(client, world):
    client.force_login(world.organiser)
    return client


def grant_of(user):
    return RoleGrant.objects.get(user=user)


def test_the_list_shows_who_holds_which_role(organiser, world):
    world.director.first_name, world.director.last_name = "Ria", "Maes"
    world.director.email = "ria@school.example"
    world.director.last_login = timezone.now()
    world.director.save()
    pending = factories.UserFactory(username="pending@x.example", email="pending@x.example")
    pending.set_unusable_password()
    pending.save()
    factories.grant(pending, world.trajectory, Role.RESEARCHER)
    response = organiser.get(url(world, "role-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maes, Ria" in html and "ria@school.example" in html
    assert world.plg.partnership.name in html
    assert world.plg.name in html  # the coach's PLG
    assert "uitnodiging openstaand" in html


def test_the_list_searches_and_pages(organiser, world):
    for number in range(55):
        user = factories.UserFactory(username=f"r{number:02d}@x.example")
        factories.grant(user, world.trajectory, Role.RESEARCHER)
    first = organiser.get(url(world, "role-list"))
    assert len(first.context["rows"]) == 50
    found = organiser.get(url(world, "role-list"), {"q": "r07@"})
    assert [g.user.username for g in found.context["rows"]] == ["r07@x.example"]


@pytest.mark.parametrize("who", ["coach", "participant", "director", "researcher"])
def test_other_roles_may_not_open_the_roles_pages(client, world, who):
    client.force_login(getattr(world, who))
    grant = grant_of(world.researcher)
    assert client.get(url(world, "role-list")).status_code == 403
    assert client.get(url(world, "role-invite")).status_code == 403
    assert client.get(url(world, "role-edit", grant_id=grant.pk)).status_code == 403
    assert client.post(url(world, "role-revoke", grant_id=grant.pk)).status_code == 403
    assert client.post(url(world, "invitation-resend", grant_id=grant.pk)).status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_user_without_a_role_gets_404(client, world):
    client.force_login(factories.UserFactory(username="stranger"))
    assert client.get(url(world, "role-list")).status_code == 404
    assert client.post(url(world, "role-invite"), {"email": "x@y.example"}).status_code == 404


def test_a_grant_of_another_trajectory_is_not_found(organiser, world):
    other = factories.TrajectoryFactory(slug="ander")
    stranger = factories.UserFactory(username="elsewhere")
    grant = factories.grant(stranger, other, Role.RESEARCHER)
    assert organiser.get(url(world, "role-edit", grant_id=grant.pk)).status_code == 404
    assert organiser.post(url(world, "role-revoke", grant_id=grant.pk)).status_code == 404
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_organiser_invites_a_coach_of_a_plg(organiser, world):
    response = organiser.post(
        url(world, "role-invite"),
        {
            "email": "marie@coach.example",
            "first_name": "Marie",
            "last_name": "Claes",
            "role": "coach",
            "plg": world.other_plg.pk,
            "language": "nl",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="marie@coach.example")
    world.other_plg.refresh_from_db()
    assert world.other_plg.coach == user.person
    assert len(mail.outbox) == 1
    assert "marie@coach.example" in organiser.get(response["Location"]).content.decode()


def test_an_invitation_with_problems_shows_them_next_to_the_fields(organiser, world):
    response = organiser.post(
        url(world, "role-invite"),
        {"email": "ria@school.example", "role": "director", "language": "nl"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "partnership" in errors and "first_name" not in errors
    assert not User.objects.filter(email="ria@school.example").exists()


def test_a_malformed_invitation_is_a_form_error(organiser, world):
    response = organiser.post(
        url(world, "role-invite"),
        {"email": "nope", "role": "king", "plg": "x", "partnership": "99999", "language": "xx"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"email", "role", "plg", "partnership"}


def test_the_organiser_moves_a_director_to_another_partnership(organiser, world):
    grant = grant_of(world.director)
    response = organiser.post(
        url(world, "role-edit", grant_id=grant.pk),
        {"role": "director", "partnership": world.other_plg.partnership.pk},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.partnership == world.other_plg.partnership
    assert AuditEntry.objects.filter(action="role_grant_update", object_id=grant.pk).exists()


def test_revoking_asks_for_confirmation_first(organiser, world):
    grant = grant_of(world.researcher)
    page = organiser.get(url(world, "role-revoke", grant_id=grant.pk))
    assert page.status_code == 200
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    response = organiser.post(url(world, "role-revoke", grant_id=grant.pk))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEntry.objects.filter(action="role_grant_revoke").exists()


def test_the_last_organiser_cannot_revoke_the_own_role(organiser, world):
    grant = grant_of(world.organiser)
    response = organiser.post(url(world, "role-revoke", grant_id=grant.pk))
    assert response.status_code == 400
    assert "laatste organisator" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_invitation_is_sent_again(organiser, world):
    user = factories.UserFactory(username="p@x.example", email="p@x.example")
    grant = factories.grant(user, world.trajectory, Role.RESEARCHER)
    response = organiser.post(url(world, "invitation-resend", grant_id=grant.pk))
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["p@x.example"]
    assert "/accounts/password/" in message.body
    assert AuditEntry.objects.filter(action="invitation_resend").exists()


def test_the_roles_page_is_in_the_menu_of_organisers_only(client, world):
    client.force_login(world.organiser)
    roles = url(world, "role-list")
    dashboard = reverse("trajectories:dashboard", kwargs={"slug": world.trajectory.slug})
    assert roles in client.get(dashboard).content.decode()
    client.force_login(world.coach)
    assert roles not in client.get(dashboard).content.decode()
