"""The access matrix: for every URL pattern and every persona, the status its declared
rule implies.

The personas are the people of one trajectory as the access rules tell them apart: the
organiser, the coach of the PLG the page is about and the coach of another PLG, a
participant of that PLG and one of another PLG, the coordinating director of its
partnership and of another partnership, the researcher, a signed-in user with no role
here, and an anonymous visitor. Each persona holds ROLES in the trajectory and reaches
the page's object (the PLG, a meeting of it, a school, a moment …) through some of them.

``expected(rule, persona, method)`` derives the status from the rule alone; the access
matrix test compares it with what each view answers, and ``leadtogether access-matrix``
prints it as the table in ``docs/access.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from leadtogether.lib.web import SAFE_METHODS, Rule

# Django's admin checks staff status and permissions itself on every one of its views.
SKIPPED_NAMESPACES = frozenset({"admin"})

# Scopes whose objects organisers and researchers reach trajectory-wide.
RESEARCH_SCOPES = frozenset({"moment", "instrument", "code"})
# Scopes of the PLG the page is about: its coach, members and director reach it.
PLG_SCOPES = frozenset({"plg", "session"})


@dataclass(frozen=True)
class Persona:
    key: str
    label: str
    roles: frozenset[str] = frozenset()
    signed_in: bool = True
    # the scopes (by name) whose sample object this persona reaches through its roles
    reaches: frozenset[str] = field(default_factory=frozenset)

    def reach(self, scope: str) -> frozenset[str]:
        """The roles through which the persona reaches the sample object of SCOPE."""
        return self.roles if scope in self.reaches or EVERY in self.reaches else frozenset()


# Reaches the sample object of every scope (the organiser's whole trajectory).
EVERY = "every scope"


ORGANISER = frozenset({"organiser"})
COACH = frozenset({"coach"})
PARTICIPANT = frozenset({"participant"})
DIRECTOR = frozenset({"director"})
RESEARCHER = frozenset({"researcher"})

PERSONAS: tuple[Persona, ...] = (
    Persona("organiser", "organiser", ORGANISER, reaches=frozenset({EVERY})),
    Persona("coach", "coach of the PLG", COACH, reaches=PLG_SCOPES),
    Persona("other_coach", "coach of another PLG", COACH),
    Persona("participant", "participant of the PLG", PARTICIPANT, reaches=PLG_SCOPES),
    Persona("outsider", "participant of another PLG", PARTICIPANT),
    Persona("director", "director of the partnership", DIRECTOR, reaches=PLG_SCOPES),
    Persona("other_director", "director of another partnership", DIRECTOR),
    Persona("researcher", "researcher", RESEARCHER, reaches=RESEARCH_SCOPES),
    Persona("nobody", "signed in, no role here"),
    Persona("anonymous", "anonymous", signed_in=False),
)

OK = "ok"
LOGIN = "login"
PUBLIC = "public"


def expected(rule: Rule, persona: Persona, method: str) -> str:
    """What PERSONA gets for a METHOD request to a view with RULE: ``ok`` (the view
    answers), ``login`` (sent to sign in), ``403``, ``404``, ``405`` or ``public``
    (anyone may use it; what it answers depends on the request, not on who asks)."""
    if rule.kind == "public":
        return PUBLIC if method in rule.allowed_methods else "405"
    if not persona.signed_in:
        return LOGIN
    if rule.kind == "signed_in":
        return OK if method in rule.allowed_methods else "405"
    if not persona.roles:
        return "404"
    if method not in rule.allowed_methods:
        return "405"
    allowed = persona.roles & rule.roles_for(method)
    if not allowed:
        return "403"
    if rule.scope is None:
        return OK
    if persona.reach(rule.scope.name) & allowed:
        return OK
    changes = rule.edits or method not in SAFE_METHODS
    if changes and persona.reach(rule.scope.name) & (rule.read | rule.write):
        return "403"
    return "404"


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    path: str  # the pattern, e.g. "t/<slug:slug>/plgs/<str:plg_ref>/"
    view: Any
    converters: dict[str, Any]

    @property
    def rule(self) -> Rule | None:
        rule = getattr(self.view, "access_rule", None)
        return rule if isinstance(rule, Rule) else None

    def methods(self) -> list[str]:
        """GET and POST, as far as the rule accepts them (both when it accepts neither,
        so the matrix shows the 405s)."""
        rule = self.rule
        accepted = [m for m in ("GET", "POST") if rule and m in rule.allowed_methods]
        return accepted or ["GET", "POST"]


def routes(patterns: list[Any] | None = None) -> list[Route]:
    """Every URL pattern of the site (the admin left out), through the includes."""
    return list(_walk(get_resolver().url_patterns if patterns is None else patterns, "", "", {}))


def _walk(patterns: list[Any], namespace: str, prefix: str, converters: dict) -> Iterator[Route]:
    for entry in patterns:
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        path = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, path, found)
        elif isinstance(entry, URLPattern):
            yield Route(
                name=f"{namespace}{entry.name or ''}",
                path=path,
                view=entry.callback,
                converters=found,
            )


def _describe(rule: Rule | None) -> str:
    if rule is None:
        return "**no rule**"
    if rule.kind != "trajectory":
        return rule.kind.replace("_", " ")
    parts = []
    if rule.read:
        parts.append("read: " + ", ".join(sorted(rule.read)))
    if rule.write:
        parts.append("write: " + ", ".join(sorted(rule.write)))
    if rule.scope is not None:
        parts.append(f"scope: {rule.scope.name}" + (" (edits)" if rule.edits else ""))
    return "; ".join(parts)


def markdown() -> str:
    """``docs/access.md``: the rules and the matrix of expected statuses."""
    lines = [
        "# Access matrix",
        "",
        "Generated by `leadtogether access-matrix --out docs/access.md` from the access rule",
        "each view declares; `tests/test_access_matrix.py` checks that every view answers",
        "as shown, and that this file is current.",
        "",
        "`ok`: the page answers (200, or a redirect after a change); `login`: sent to sign",
        "in; `403`: none of the persona's roles may do this; `404`: no role in the",
        "trajectory, or the object is out of the persona's reach; `405`: the method is not",
        "accepted; `public`: anyone may use it.",
        "",
        "Personas: " + "; ".join(f"{p.key} = {p.label}" for p in PERSONAS) + ".",
        "",
        "| page | method | rule | " + " | ".join(p.key for p in PERSONAS) + " |",
        "|---|---|---|" + "---|" * len(PERSONAS),
    ]
    for route in sorted(routes(), key=lambda r: r.name):
        rule = route.rule
        for method in route.methods():
            cells = [expected(rule, p, method) if rule else "?" for p in PERSONAS]
            lines.append(
                f"| `{route.name}` `/{route.path}` | {method} | {_describe(rule)} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines) + "\n"
