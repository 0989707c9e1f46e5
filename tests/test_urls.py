"""Every view declares who may use it, and non-public views want a signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from tests import factories
from tests.conftest import World

# Django's admin checks staff status and permissions itself on every one of its views;
# its URL patterns are left out of the walk.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    view: Any
    converters: dict[str, Any]


def walk(
    patterns: list[Any], namespace: str = "", converters: dict[str, Any] | None = None
) -> Iterator[Route]:
    """Every URL pattern below PATTERNS, through the includes, with its converters."""
    converters = converters or {}
    for entry in patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, found)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name or ''}", view=entry.callback, converters=found
            )


ROUTES = list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_pages_of_every_app():
    names = {route.name for route in ROUTES}
    assert {"home", "trajectories:dashboard", "registry:person-edit", "accounts:login"} <= names
    assert not any(name.startswith("admin:") for name in names)


def test_every_view_declares_an_access_rule():
    missing = sorted(route.name for route in ROUTES if not hasattr(route.view, "access_rule"))
    assert not missing, f"views without an access rule (public or signed_in): {missing}"


def sample_kwargs(route: Route, world: World) -> dict[str, Any]:
    samples = {
        "slug": world.trajectory.slug,
        "plg_ref": world.plg.ref,
        "session_ref": "S1",
        "school_ref": world.member.school.ref,
        "partnership_ref": world.plg.partnership.ref,
        "person_ref": world.member.ref,
    }
    kwargs = {}
    for name, converter in route.converters.items():
        if name in samples:
            kwargs[name] = samples[name]
        else:
            kwargs[name] = 1 if isinstance(converter, IntConverter) else "x"
    return kwargs


@pytest.mark.parametrize(
    "route",
    [route for route in ROUTES if route.view.access_rule.kind != "public"],
    ids=lambda route: route.name,
)
def test_a_non_public_view_sends_an_anonymous_user_to_sign_in(route, world):
    factories.SessionFactory(trajectory=world.trajectory, ref="S1")
    path = reverse(route.name, kwargs=sample_kwargs(route, world))
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 302, (route.name, method)
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), route.name
