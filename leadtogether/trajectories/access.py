"""Who may see and change what inside one trajectory.

Fetch helpers return the object when the user may see it and raise Http404 when not
(so an outsider cannot tell that it exists); the ``…_for_editor`` helpers raise
PermissionDenied when the user may see the object but not change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.trajectories.models import PLG, Session, Trajectory


@dataclass(frozen=True)
class Access:
    """The roles one user holds in one trajectory."""

    trajectory: Trajectory
    user: User
    roles: frozenset[str]
    director_partnership_ids: frozenset[int]

    @property
    def person_id(self) -> int | None:
        return self.user.person_id

    @property
    def is_organiser(self) -> bool:
        return self.user.is_superuser or Role.ORGANISER in self.roles

    @property
    def is_researcher(self) -> bool:
        return self.user.is_superuser or Role.RESEARCHER in self.roles

    @property
    def can_see_reports(self) -> bool:
        return self.is_organiser or self.is_researcher

    @property
    def can_see_registry(self) -> bool:
        return self.is_organiser

    def has(self, role: str) -> bool:
        return role in self.roles

    def plg_filter(self) -> Q:
        """The PLGs of the trajectory this user may see."""
        if self.is_organiser:
            return Q(trajectory=self.trajectory)
        visible = Q(pk__in=[])
        if Role.COACH in self.roles and self.person_id:
            visible |= Q(coach_id=self.person_id)
        if Role.PARTICIPANT in self.roles and self.person_id:
            visible |= Q(memberships__person_id=self.person_id)
        if self.director_partnership_ids:
            visible |= Q(partnership_id__in=self.director_partnership_ids)
        return Q(trajectory=self.trajectory) & visible

    def visible_plgs(self) -> QuerySet[PLG]:
        return PLG.objects.filter(self.plg_filter()).distinct()

    def can_edit_plg(self, plg: PLG) -> bool:
        if self.is_organiser:
            return True
        return (
            Role.COACH in self.roles
            and self.person_id is not None
            and (plg.coach_id == self.person_id)
        )

    def session_filter(self) -> Q:
        """The sessions of the trajectory this user may see."""
        if self.is_organiser:
            return Q(trajectory=self.trajectory)
        visible_plg_ids = self.visible_plgs().values("pk")
        visible = Q(kind=Session.Kind.TRAINING_DAY) | Q(
            kind=Session.Kind.PLG_MEETING, plg_id__in=visible_plg_ids
        )
        if self.person_id:
            visible |= Q(kind=Session.Kind.COACHING, person_id=self.person_id)
            if Role.COACH in self.roles:
                visible |= Q(kind=Session.Kind.COACHING, plg__coach_id=self.person_id)
        return Q(trajectory=self.trajectory) & visible

    def can_edit_session(self, session: Session) -> bool:
        if self.is_organiser:
            return True
        if session.plg is None or session.kind == Session.Kind.TRAINING_DAY:
            return False
        return self.can_edit_plg(session.plg)


def trajectory_access(user: User, slug: str) -> Access:
    """The user's access to the trajectory SLUG; 404 when the user holds no role in it."""
    trajectory = Trajectory.objects.filter(slug=slug).first()
    if trajectory is None or not user.is_authenticated:
        raise Http404
    grants = list(RoleGrant.objects.filter(user=user, trajectory=trajectory))
    if not grants and not user.is_superuser:
        raise Http404
    return Access(
        trajectory=trajectory,
        user=user,
        roles=frozenset(g.role for g in grants),
        director_partnership_ids=frozenset(
            g.partnership_id for g in grants if g.role == Role.DIRECTOR and g.partnership_id
        ),
    )


def get_trajectory_for_user(user: User, slug: str) -> Access:
    return trajectory_access(user, slug)


def get_trajectory_for_organiser(user: User, slug: str) -> Access:
    access = trajectory_access(user, slug)
    if not access.is_organiser:
        raise PermissionDenied
    return access


def get_trajectory_for_reports(user: User, slug: str) -> Access:
    access = trajectory_access(user, slug)
    if not access.can_see_reports:
        raise PermissionDenied
    return access


def get_plg_for_user(user: User, slug: str, plg_ref: str) -> tuple[Access, PLG]:
    access = trajectory_access(user, slug)
    plg = (
        access.visible_plgs()
        .select_related("partnership", "coach", "trajectory")
        .filter(ref=plg_ref)
        .first()
    )
    if plg is None:
        raise Http404
    return access, plg


def get_plg_for_editor(user: User, slug: str, plg_ref: str) -> tuple[Access, PLG]:
    access, plg = get_plg_for_user(user, slug, plg_ref)
    if not access.can_edit_plg(plg):
        raise PermissionDenied
    return access, plg


def get_session_for_user(user: User, slug: str, session_ref: str) -> tuple[Access, Session]:
    access = trajectory_access(user, slug)
    session = (
        Session.objects.filter(access.session_filter(), ref=session_ref)
        .select_related("plg", "plg__coach", "person", "trajectory")
        .distinct()
        .first()
    )
    if session is None:
        raise Http404
    return access, session


def get_session_for_editor(user: User, slug: str, session_ref: str) -> tuple[Access, Session]:
    access, session = get_session_for_user(user, slug, session_ref)
    if not access.can_edit_session(session):
        raise PermissionDenied
    return access, session


def trajectories_for_user(user: User) -> QuerySet[Trajectory]:
    if user.is_superuser:
        return Trajectory.objects.all()
    return Trajectory.objects.filter(role_grants__user=user).distinct()
