"""Web plumbing every app's pages share: access rules as values, rendering a page or its
htmx fragment, and showing a service's errors on a form.

Every view is wrapped by a decorator that records its rule on the view as
``view.access_rule`` (a ``Rule``). ``public`` and ``signed_in`` are the rules of pages
outside a trajectory; pages inside one are wrapped by ``trajectories.access.page``, which
builds a ``Rule`` with the roles that may read and write and the scope that fetches the
object. The rule is what runs: the decorator enforces it, and the access-matrix test
derives each persona's expected status from the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver

View = TypeVar("View", bound=Callable[..., Any])

SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Scope:
    """The object a page is about, fetched from one URL argument.

    ``fetch(access, roles, value, write=…)`` returns the object when one of ROLES reaches
    it for the user of ACCESS — with ``write=True`` only when the user may also change it
    (an instrument another trajectory also asks is read-only here, a coach reads a
    training day but changes only their PLG's meetings) — else None.
    """

    name: str
    kwarg: str
    fetch: Callable[..., Any]


@dataclass(frozen=True)
class Rule:
    """Who may use a view.

    ``kind`` is ``public`` (anyone), ``signed_in`` (any signed-in user) or ``trajectory``
    (a page of one trajectory, ``/t/<slug>/…``): there READ holds the roles that may open
    it (GET), WRITE the roles that may change through it (POST), and SCOPE the object the
    page is about; EDITS marks a form that changes the object, which then must be
    changeable to open it at all. A view with no READ roles only accepts POST; one with
    no WRITE roles only GET. Outside a trajectory METHODS lists the accepted methods.
    """

    kind: str
    read: frozenset[str] = field(default_factory=frozenset)
    write: frozenset[str] = field(default_factory=frozenset)
    scope: Scope | None = None
    edits: bool = False
    methods: frozenset[str] = field(default_factory=frozenset)

    @property
    def allowed_methods(self) -> frozenset[str]:
        if self.kind != "trajectory":
            return self.methods
        allowed: set[str] = set()
        if self.read:
            allowed |= SAFE_METHODS
        if self.write:
            allowed.add("POST")
        return frozenset(allowed)

    def roles_for(self, method: str) -> frozenset[str]:
        return self.read if method in SAFE_METHODS else self.write


def _methods(methods: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(m.upper() for m in methods)
    return chosen | SAFE_METHODS if "GET" in chosen else chosen


def _only(methods: frozenset[str], view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.method not in methods:
            return HttpResponseNotAllowed(sorted(methods))
        return view(request, *args, **kwargs)

    return wrapper


def public(*methods: str) -> Callable[[View], View]:
    """Anyone may use this view, signed in or not, with METHODS (e.g. "GET", "POST")."""
    allowed = _methods(methods)

    def decorate(view: View) -> View:
        guarded = _only(allowed, view)
        guarded.access_rule = Rule(kind="public", methods=allowed)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def signed_in(*methods: str) -> Callable[[View], View]:
    """Any signed-in user may use this view with METHODS; others are sent to sign in."""
    allowed = _methods(methods)

    def decorate(view: View) -> View:
        inner = _only(allowed, view)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return inner(request, *args, **kwargs)

        guarded.access_rule = Rule(kind="signed_in", methods=allowed)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


@cache
def _rules_by_name() -> dict[str, Rule]:
    """The rule of every named URL pattern ("namespace:name"), from the URL conf."""
    rules: dict[str, Rule] = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                rule = getattr(entry.callback, "access_rule", None)
                if isinstance(rule, Rule):
                    rules[f"{prefix}{entry.name}"] = rule

    walk(get_resolver().url_patterns, "")
    return rules


def rule_of(url_name: str) -> Rule:
    """The access rule of the view named URL_NAME ("namespace:name")."""
    return _rules_by_name()[url_name]


def render_page(
    request: HttpRequest,
    page: str,
    partial: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """The whole PAGE for a normal request, only the PARTIAL fragment for htmx."""
    template = partial if getattr(request, "htmx", False) else page
    return render(request, template, context, status=status)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on FORM: next to the field it names when the
    form has that field, at the top of the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
