"""Every view answers every persona as its declared access rule says.

For every URL pattern × the ten personas of ``lib.access_matrix`` the expected status is
derived from the rule on the view (``view.access_rule``); the test sends a GET (and a
POST where the view accepts one) as that persona and compares. A view without a rule,
or one whose behaviour differs from its rule, fails here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.coding.services import code_create
from leadtogether.lib import access_matrix
from leadtogether.lib.access_matrix import PERSONAS, Route, expected
from leadtogether.lib.web import Rule
from leadtogether.surveys.models import Mailing, Response
from leadtogether.trajectories.access import ORGANISER
from leadtogether.trajectories.models import CalendarFeed, Session
from tests import factories
from tests.conftest import World
from tests.surveys import factories as survey_factories

ROUTES = access_matrix.routes()
DOCS = Path(__file__).resolve().parent.parent / "docs" / "access.md"


def test_the_walk_finds_the_pages_of_every_app():
    names = {route.name for route in ROUTES}
    assert {"home", "trajectories:dashboard", "registry:person-edit", "accounts:login"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_every_view_declares_an_access_rule():
    missing = sorted(route.name for route in ROUTES if route.rule is None)
    assert not missing, f"views without an access rule (page, public or signed_in): {missing}"


def test_every_scope_has_a_sample_object():
    scopes = {route.rule.scope.name for route in ROUTES if route.rule and route.rule.scope}
    assert scopes <= set(SCOPE_SAMPLES), "add a sample object for a new scope below"


def test_docs_access_md_is_current():
    assert DOCS.read_text(encoding="utf-8") == access_matrix.markdown(), (
        "docs/access.md is out of date: run `leadtogether access-matrix --out docs/access.md`"
    )


# --- the world the personas live in ---------------------------------------------------


@dataclass
class Samples:
    users: dict[str, User | None]
    kwargs: dict[str, Any]


# The URL argument of each scope's sample object: the PLG "PLG03" of the world, a meeting
# of it, one of its members and their school and partnership, a moment and an instrument.
SCOPE_SAMPLES = {
    "plg": "plg_ref",
    "session": "session_ref",
    "school": "school_ref",
    "partnership": "partnership_ref",
    "person": "person_ref",
    "moment": "moment_key",
    "instrument": "instrument_key",
    "role grant": "grant_id",
    "code": "code_id",
}


@pytest.fixture
def samples(world: World) -> Samples:
    trajectory = world.trajectory
    other_coach = factories.UserFactory(username="other-coach", person=world.other_plg.coach)
    factories.grant(other_coach, trajectory, Role.COACH)
    other_director = factories.UserFactory(username="other-director")
    factories.grant(other_director, trajectory, Role.DIRECTOR, world.other_plg.partnership)
    nobody = factories.UserFactory(username="nobody")
    factories.SessionFactory(
        trajectory=trajectory, ref="S1", kind=Session.Kind.PLG_MEETING, plg=world.plg
    )
    version = survey_factories.InstrumentVersionFactory()
    question = survey_factories.QuestionFactory(version=version)
    moment = survey_factories.MeasurementMomentFactory(trajectory=trajectory, key="baseline")
    survey_factories.MomentInstrumentFactory(moment=moment, version=version)
    invitation = survey_factories.InvitationFactory(moment=moment, person=world.member)
    response = survey_factories.ResponseFactory(
        moment=moment, person=world.member, version=version, invitation=invitation,
        status=Response.Status.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    mailing = Mailing.objects.create(
        moment=moment,
        audience=Mailing.Audience.NOT_INVITED,
        subject_nl="Vragenlijst",
        body_nl="Beste {name}, {link}",
    )
    feed = CalendarFeed.objects.create(
        user=world.participant, trajectory=trajectory, token="f" * 32
    )
    users = {
        "organiser": world.organiser,
        "coach": world.coach,
        "other_coach": other_coach,
        "participant": world.participant,
        "outsider": world.outsider,
        "director": world.director,
        "other_director": other_director,
        "researcher": world.researcher,
        "nobody": nobody,
        "anonymous": None,
    }
    kwargs = {
        "slug": trajectory.slug,
        "plg_ref": world.plg.ref,
        "session_ref": "S1",
        "school_ref": world.member.school.ref,
        "partnership_ref": world.plg.partnership.ref,
        "person_ref": world.member.ref,
        "moment_key": moment.key,
        "instrument_key": version.instrument.key,
        "response_id": response.pk,
        "question_id": question.pk,
        "version_id": version.pk,
        "mailing_id": mailing.pk,
        "name": "plg-overview",
        "token": invitation.token,
        "feed_token": feed.token,
        "grant_id": RoleGrant.objects.get(user=world.coach, trajectory=trajectory).pk,
        "code_id": code_create(actor=None, trajectory=trajectory, name="Vertrouwen").pk,
    }
    return Samples(users=users, kwargs=kwargs)


def url_kwargs(route: Route, samples: Samples) -> dict[str, Any]:
    rule = route.rule
    kwargs = {}
    for name, converter in route.converters.items():
        if rule and rule.scope and name == rule.scope.kwarg:
            kwargs[name] = samples.kwargs[SCOPE_SAMPLES[rule.scope.name]]
        elif name == "token" and route.name == "trajectories:calendar-feed":
            kwargs[name] = samples.kwargs["feed_token"]
        elif name in samples.kwargs:
            kwargs[name] = samples.kwargs[name]
        else:
            kwargs[name] = 1 if isinstance(converter, IntConverter) else "x"
    return kwargs


def outcome(response: HttpResponse) -> str:
    """The class of RESPONSE as the matrix names it."""
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302, 303) and location.startswith(reverse(settings.LOGIN_URL) + "?next="):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    if status >= 500:
        return f"error {status}"
    return "ok"


def answers(client: Client, method: str, path: str) -> str:
    """What the view answers the client's user, each request rolled back so that none
    changes what the next persona finds."""
    with transaction.atomic():
        response = getattr(client, method.lower())(path)
        transaction.set_rollback(True)
    return outcome(response)


def mismatches(route: Route, samples: Samples) -> list[str]:
    path = reverse(route.name, kwargs=url_kwargs(route, samples))
    clients = {persona.key: Client() for persona in PERSONAS}
    for key, client in clients.items():
        if samples.users[key] is not None:
            client.force_login(samples.users[key])
    found = []
    for method in route.methods():
        for persona in PERSONAS:
            want = expected(route.rule, persona, method)
            got = answers(clients[persona.key], method, path)
            if want == "public":
                if got in ("403", "login") or got.startswith("error"):
                    found.append(f"{method} {persona.key}: expected public, got {got}")
            elif got != want:
                found.append(f"{method} {persona.key}: expected {want}, got {got}")
    return found


@pytest.mark.parametrize(
    "route", [route for route in ROUTES if route.rule is not None], ids=lambda r: r.name
)
def test_the_view_answers_every_persona_as_its_rule_says(route, samples):
    assert mismatches(route, samples) == [], route.name


# --- the test can fail ----------------------------------------------------------------


@dataclass
class Claimed:
    """A view's declaration without the view: the matrix compares it with what the
    real view at the same URL answers."""

    access_rule: Rule


def test_a_view_that_answers_otherwise_than_its_rule_says_is_reported(samples):
    organisers_only = Claimed(Rule(kind="trajectory", read=frozenset({ORGANISER})))
    route = Route("trajectories:dashboard", "t/<slug:slug>/", organisers_only, {"slug": None})
    found = mismatches(route, samples)
    assert "GET coach: expected 403, got ok" in found
    assert "GET researcher: expected 403, got ok" in found
