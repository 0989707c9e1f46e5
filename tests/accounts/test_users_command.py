"""``leadtogether users invite|grant|revoke|list``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from leadtogether import cli
from leadtogether.accounts.models import Role, RoleGrant, User
from tests import factories


def users(*args: str) -> str:
    out = StringIO()
    call_command("users", *args, stdout=out)
    return out.getvalue()


def test_invite_registers_a_new_coach_of_a_plg_and_sends_the_link(world):
    text = users(
        "invite", "marie@coach.example", "--trajectory", "traject", "--role", "coach",
        "--plg", world.other_plg.ref, "--first-name", "Marie", "--last-name", "Claes",
    )  # fmt: skip
    assert "link to choose a password" in text
    user = User.objects.get(email="marie@coach.example")
    world.other_plg.refresh_from_db()
    assert world.other_plg.coach == user.person
    assert len(mail.outbox) == 1


def test_invite_a_director_with_the_partnership(world):
    users(
        "invite", "ria@school.example", "--trajectory", "traject", "--role", "director",
        "--partnership", world.other_plg.partnership.ref, "--first-name", "Ria",
        "--last-name", "Maes",
    )  # fmt: skip
    grant = RoleGrant.objects.get(user__email="ria@school.example")
    assert grant.partnership == world.other_plg.partnership


def test_invite_a_director_without_a_partnership_is_an_error(world):
    with pytest.raises(CommandError, match="names a partnership"):
        users(
            "invite", "ria@school.example", "--trajectory", "traject", "--role", "director",
            "--first-name", "Ria", "--last-name", "Maes",
        )  # fmt: skip
    assert not User.objects.filter(email="ria@school.example").exists()


def test_an_unknown_role_plg_partnership_or_trajectory_is_an_error(world):
    base = ["invite", "x@y.example", "--first-name", "X", "--last-name", "Y"]
    with pytest.raises(CommandError, match="Unknown role 'boss'"):
        users(*base, "--trajectory", "traject", "--role", "boss")
    with pytest.raises(CommandError, match="Unknown PLG 'NOPE'"):
        users(*base, "--trajectory", "traject", "--role", "coach", "--plg", "NOPE")
    with pytest.raises(CommandError, match="Unknown partnership 'NOPE'"):
        users(*base, "--trajectory", "traject", "--role", "director", "--partnership", "NOPE")
    with pytest.raises(CommandError, match="Unknown trajectory 'elders'"):
        users(*base, "--trajectory", "elders", "--role", "coach")
    assert mail.outbox == []


def test_grant_gives_an_existing_account_a_role_without_email(world):
    world.researcher.email = "onderzoek@univ.example"
    world.researcher.save()
    users("grant", "Onderzoek@univ.example", "--trajectory", "traject", "--role", "organiser")
    assert RoleGrant.objects.filter(user=world.researcher, role=Role.ORGANISER).exists()
    assert mail.outbox == []


def test_grant_to_an_unknown_email_is_an_error(world):
    with pytest.raises(CommandError, match="No account uses 'nobody@x.example'"):
        users("grant", "nobody@x.example", "--trajectory", "traject", "--role", "coach")


def test_revoke_takes_the_role_away(world):
    world.researcher.email = "onderzoek@univ.example"
    world.researcher.save()
    users("revoke", "onderzoek@univ.example", "--trajectory", "traject", "--role", "researcher")
    assert not RoleGrant.objects.filter(user=world.researcher).exists()


def test_revoke_a_role_not_held_is_an_error(world):
    world.researcher.email = "onderzoek@univ.example"
    world.researcher.save()
    with pytest.raises(CommandError, match="does not hold the role coach"):
        users("revoke", "onderzoek@univ.example", "--trajectory", "traject", "--role", "coach")


def test_revoke_of_the_last_organiser_is_refused(world):
    world.organiser.email = "org@x.example"
    world.organiser.save()
    with pytest.raises(CommandError, match="last organiser"):
        users("revoke", "org@x.example", "--trajectory", "traject", "--role", "organiser")


def test_list_shows_a_table_of_the_roles(world):
    world.coach.email = "coach@x.example"
    world.coach.save()
    text = users("list", "--trajectory", "traject")
    header, _rule, *lines = text.splitlines()
    assert header.split() == ["email", "name", "role", "plg_id", "partnership_id", "signed_in"]
    assert len(lines) == 6
    coach = next(line for line in lines if line.startswith("coach@x.example"))
    assert coach.split()[-3:] == ["coach", world.plg.ref, "no"]
    director = next(line for line in lines if line.startswith("director"))
    assert world.plg.partnership.ref in director.split()


def test_the_command_exits_with_1_on_an_error(world, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(
            ["users", "grant", "nobody@x.example", "--trajectory", "traject", "--role", "coach"]
        )
    assert stop.value.code == 1
    assert "No account uses" in capsys.readouterr().err


def test_users_is_listed_in_the_help(capsys):
    assert cli.main(["--help"]) == 0
    assert "  users" in capsys.readouterr().out


def test_an_invited_person_who_has_an_account_gets_the_notice(world):
    factories.UserFactory(username="els", email="els@school.example")
    text = users(
        "invite", "els@school.example", "--trajectory", "traject", "--role", "researcher",
        "--first-name", "Els", "--last-name", "Peeters",
    )  # fmt: skip
    assert "the e-mail says so" in text
    assert "/accounts/login/" in mail.outbox[0].body
