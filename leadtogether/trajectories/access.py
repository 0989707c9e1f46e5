"""Who may see and change what inside one trajectory.

A page of a trajectory (``/t/<slug>/…``) is wrapped by ``page(read=…, write=…,
scope=…)``: the roles that may open it, the roles that may change through it, and the
scope that fetches the object the page is about. The decorator is the whole check:

- not signed in → the sign-in page;
- no role in the trajectory (or no such trajectory) → 404, so an outsider cannot tell
  that it exists;
- a method the rule does not accept → 405;
- none of the user's roles may read (GET) or write (POST) → 403;
- the scope's object is not reached through those roles → 404 (403 when the user may
  see it but not change it).

The view then receives the user's ``Access`` (and the scoped object) instead of the URL
arguments it replaced. Scopes have one shape (``Scope.fetch(access, roles, value,
write=…)``); each app keeps its own in ``<app>/access.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseNotAllowed

from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.lib.web import SAFE_METHODS, Rule, Scope, rule_of
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.models import PLG, Enrolment, Session, Trajectory

View = TypeVar("View", bound=Callable[..., Any])

ORGANISER = Role.ORGANISER.value
COACH = Role.COACH.value
PARTICIPANT = Role.PARTICIPANT.value
DIRECTOR = Role.DIRECTOR.value
RESEARCHER = Role.RESEARCHER.value

EVERY_ROLE = frozenset({ORGANISER, COACH, PARTICIPANT, DIRECTOR, RESEARCHER})
# Everyone who works in the PLGs: researchers see reports and counts, never names.
PLG_ROLES = frozenset({ORGANISER, COACH, PARTICIPANT, DIRECTOR})
# Roles that reach everything in the trajectory (the others reach their PLGs).
TRAJECTORY_WIDE = frozenset({ORGANISER, RESEARCHER})


@dataclass(frozen=True)
class Access:
    """The roles one user holds in one trajectory (a superuser holds organiser and
    researcher everywhere)."""

    trajectory: Trajectory
    user: User
    roles: frozenset[str]
    director_partnership_ids: frozenset[int]

    @property
    def person_id(self) -> int | None:
        return self.user.person_id

    @property
    def is_organiser(self) -> bool:
        return ORGANISER in self.roles

    @property
    def is_researcher(self) -> bool:
        return RESEARCHER in self.roles

    @property
    def is_research_only(self) -> bool:
        """True when the user sees this trajectory only as a researcher (no names)."""
        return not (self.roles & PLG_ROLES)

    def has(self, role: str) -> bool:
        return role in self.roles

    def may_open(self, url_name: str) -> bool:
        """Whether one of the user's roles may open the page URL_NAME (of this
        trajectory, without an object): what the menu offers."""
        rule = rule_of(url_name)
        return rule.kind != "trajectory" or bool(self.roles & rule.read)

    def plg_filter(self, roles: Iterable[str] | None = None) -> Q:
        """The PLGs of the trajectory that ROLES (default: all the user's) reach; the
        researcher role reaches none (researchers see pseudonymised data only)."""
        roles = self.roles if roles is None else frozenset(roles) & self.roles
        if ORGANISER in roles:
            return Q(trajectory=self.trajectory)
        reached = Q(pk__in=[])
        if COACH in roles and self.person_id:
            reached |= Q(coach_id=self.person_id)
        if PARTICIPANT in roles and self.person_id:
            reached |= Q(
                Exists(
                    PLG.members.through.objects.filter(
                        plg_id=OuterRef("pk"), person_id=self.person_id
                    )
                )
            )
        if DIRECTOR in roles and self.director_partnership_ids:
            reached |= Q(partnership_id__in=self.director_partnership_ids)
        return Q(trajectory=self.trajectory) & reached

    def visible_plgs(self, roles: Iterable[str] | None = None) -> QuerySet[PLG]:
        return PLG.objects.filter(self.plg_filter(roles))

    def editable_plg_filter(self) -> Q:
        """The PLGs whose sessions the user plans: all for organisers, their own for
        coaches."""
        if self.is_organiser:
            return Q(trajectory=self.trajectory)
        if COACH in self.roles and self.person_id:
            return Q(trajectory=self.trajectory, coach_id=self.person_id)
        return Q(pk__in=[])

    def can_edit_plg(self, plg: PLG) -> bool:
        return self.is_organiser or (
            COACH in self.roles and self.person_id is not None and plg.coach_id == self.person_id
        )

    def session_filter(self, roles: Iterable[str] | None = None) -> Q:
        """The sessions of the trajectory that ROLES (default: all the user's) reach:
        training days, the meetings of the PLGs they reach, their own coaching and, for
        coaches, the coaching in their PLGs."""
        roles = (self.roles if roles is None else frozenset(roles) & self.roles) - {RESEARCHER}
        if ORGANISER in roles:
            return Q(trajectory=self.trajectory)
        if not roles:
            return Q(pk__in=[])
        plg_ids = self.visible_plgs(roles).values("pk")
        reached = Q(kind=Session.Kind.TRAINING_DAY) | Q(
            kind=Session.Kind.PLG_MEETING, plg_id__in=plg_ids
        )
        if self.person_id:
            reached |= Q(kind=Session.Kind.COACHING, person_id=self.person_id)
            if COACH in roles:
                reached |= Q(kind=Session.Kind.COACHING, plg__coach_id=self.person_id)
        return Q(trajectory=self.trajectory) & reached

    def can_edit_session(self, session: Session) -> bool:
        """Organisers change any session; a coach the meetings and coaching of their PLGs."""
        if self.is_organiser:
            return True
        if session.plg is None or session.kind == Session.Kind.TRAINING_DAY:
            return False
        return self.can_edit_plg(session.plg)

    @property
    def can_plan_sessions(self) -> bool:
        """Organisers plan any session; coaches the meetings and coaching of their PLGs."""
        return self.is_organiser or (COACH in self.roles and self.person_id is not None)


def trajectory_access(user: User, slug: str) -> Access:
    """The user's access to the trajectory SLUG; 404 when the user holds no role in it."""
    if not user.is_authenticated:
        raise Http404
    trajectory = Trajectory.objects.filter(slug=slug).first()
    if trajectory is None:
        raise Http404
    grants = list(RoleGrant.objects.filter(user=user, trajectory=trajectory))
    roles = {grant.role for grant in grants}
    if user.is_superuser:
        roles |= TRAJECTORY_WIDE
    if not roles:
        raise Http404
    return Access(
        trajectory=trajectory,
        user=user,
        roles=frozenset(roles),
        director_partnership_ids=frozenset(
            g.partnership_id for g in grants if g.role == DIRECTOR and g.partnership_id
        ),
    )


def trajectories_for_user(user: User) -> QuerySet[Trajectory]:
    if user.is_superuser:
        return Trajectory.objects.all()
    return Trajectory.objects.filter(role_grants__user=user).distinct()


# The decorator


def page(
    *,
    read: Iterable[str] = (),
    write: Iterable[str] = (),
    scope: Scope | None = None,
    edits: bool = False,
) -> Callable[[View], View]:
    """A page of one trajectory: READ roles may open it, WRITE roles may post to it;
    SCOPE fetches the object it is about from its URL argument. EDITS marks a form that
    changes the object: then opening it already needs the object to be changeable.

    The view is called as ``view(request, access, **rest)``, or ``view(request, access,
    obj, **rest)`` with a scope.
    """
    rule = Rule(
        kind="trajectory",
        read=frozenset(read),
        write=frozenset(write),
        scope=scope,
        edits=edits,
    )
    unknown = (rule.read | rule.write) - EVERY_ROLE
    if unknown:
        raise ValueError(f"unknown roles in an access rule: {sorted(unknown)}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, slug: str, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = trajectory_access(request.user, slug)
            if request.method not in rule.allowed_methods:
                return HttpResponseNotAllowed(sorted(rule.allowed_methods))
            if scope is None:
                enforce(rule, access, request.method)
                return view(request, access, **kwargs)
            obj = enforce(rule, access, request.method, kwargs.pop(scope.kwarg))
            return view(request, access, obj, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def enforce(rule: Rule, access: Access, method: str, value: Any = None) -> Any:
    """Apply RULE to a METHOD request by the user of ACCESS: the scoped object for VALUE
    (None without a scope); PermissionDenied when none of the user's roles may do this,
    Http404 when the object is out of their reach (PermissionDenied when they may see it
    but not change it)."""
    allowed = access.roles & rule.roles_for(method)
    if not allowed:
        raise PermissionDenied
    if rule.scope is None:
        return None
    changes = rule.edits or method not in SAFE_METHODS
    obj = rule.scope.fetch(access, allowed, value, write=changes)
    if obj is None:
        if changes:
            seen = access.roles & (rule.read | rule.write)
            if rule.scope.fetch(access, seen, value, write=False) is not None:
                raise PermissionDenied
        raise Http404
    return obj


# Scopes of the trajectory's own records


def _plg(access: Access, roles: frozenset[str], ref: str, *, write: bool) -> PLG | None:
    plgs = PLG.objects.filter(ref=ref).select_related("partnership", "coach", "trajectory")
    if write:
        plgs = plgs.filter(access.editable_plg_filter() & access.plg_filter(roles))
    else:
        plgs = plgs.filter(access.plg_filter(roles))
    return plgs.first()


def _session(access: Access, roles: frozenset[str], ref: str, *, write: bool) -> Session | None:
    session = (
        Session.objects.filter(access.session_filter(roles), ref=ref)
        .select_related("plg", "plg__coach", "person", "trajectory")
        .first()
    )
    if session is not None and write and not access.can_edit_session(session):
        return None
    return session


PLG_SCOPE = Scope(name="plg", kwarg="plg_ref", fetch=_plg)
SESSION_SCOPE = Scope(name="session", kwarg="session_ref", fetch=_session)


# Scopes of the registry as one trajectory's organiser sees it:
# - partnerships: the trajectory's partnerships;
# - schools: the schools of those partnerships, the schools of enrolled people, and
#   schools in no partnership with nobody registered (just created, not yet placed);
# - people: enrolled people, coaches of the trajectory's PLGs, people who hold a role in
#   it, and its staff (people registered from its pages without being enrolled).


def schools_in_scope(trajectory: Trajectory) -> QuerySet[School]:
    link = Partnership.schools.through
    in_partnership = link.objects.filter(
        school_id=OuterRef("pk"), partnership__trajectories=trajectory
    )
    has_enrolled = Enrolment.objects.filter(trajectory=trajectory, person__school=OuterRef("pk"))
    any_partnership = link.objects.filter(school_id=OuterRef("pk"))
    anybody = Person.objects.filter(school=OuterRef("pk"))
    return School.objects.filter(
        Exists(in_partnership)
        | Exists(has_enrolled)
        | (~Exists(any_partnership) & ~Exists(anybody))
    ).order_by("name", "ref")


def partnerships_in_scope(trajectory: Trajectory) -> QuerySet[Partnership]:
    return Partnership.objects.filter(trajectories=trajectory).order_by("name", "ref")


def people_in_scope(trajectory: Trajectory) -> QuerySet[Person]:
    enrolled = Enrolment.objects.filter(trajectory=trajectory, person=OuterRef("pk"))
    coach = PLG.objects.filter(trajectory=trajectory, coach=OuterRef("pk"))
    role = RoleGrant.objects.filter(trajectory=trajectory, user__person=OuterRef("pk"))
    staff = Trajectory.staff.through.objects.filter(
        trajectory_id=trajectory.pk, person_id=OuterRef("pk")
    )
    return Person.objects.filter(
        Exists(enrolled) | Exists(coach) | Exists(role) | Exists(staff)
    ).order_by("last_name", "first_name", "ref")


def _organiser_only(
    records: Callable[[Trajectory], QuerySet[Any]],
) -> Callable[..., Any]:
    def fetch(access: Access, roles: frozenset[str], ref: str, *, write: bool) -> Any:
        if ORGANISER not in roles:
            return None
        return records(access.trajectory).filter(ref=ref).first()

    return fetch


SCHOOL_SCOPE = Scope(name="school", kwarg="school_ref", fetch=_organiser_only(schools_in_scope))
PARTNERSHIP_SCOPE = Scope(
    name="partnership", kwarg="partnership_ref", fetch=_organiser_only(partnerships_in_scope)
)
PERSON_SCOPE = Scope(
    name="person",
    kwarg="person_ref",
    fetch=_organiser_only(lambda t: people_in_scope(t).select_related("school")),
)
