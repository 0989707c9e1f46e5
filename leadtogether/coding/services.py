"""Writes of the coding app: the codebook, segments and codings, memos, and the shift of
offsets when a transcript is corrected."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leadtogether.accounts.models import User
from leadtogether.accounts.services import audit_record
from leadtogether.coding import study_codebook
from leadtogether.coding.models import PATH_SEPARATOR, Code
from leadtogether.lib.db import save_unique
from leadtogether.trajectories.models import Trajectory

# The codebook


def _paths_refresh(trajectory: Trajectory) -> None:
    """Rewrite every code's path of TRAJECTORY from its ancestors' names."""
    codes = {code.pk: code for code in Code.objects.filter(trajectory=trajectory)}
    cache: dict[int, str] = {}

    def path_of(code: Code, seen: frozenset[int] = frozenset()) -> str:
        if code.pk in cache:
            return cache[code.pk]
        if code.pk in seen:  # pragma: no cover - moves refuse cycles
            raise ValidationError(_("The codebook has a cycle."))
        parent = codes.get(code.parent_id) if code.parent_id else None
        path = (
            code.name
            if parent is None
            else path_of(parent, seen | {code.pk}) + (PATH_SEPARATOR + code.name)
        )
        cache[code.pk] = path
        return path

    changed = []
    for code in codes.values():
        path = path_of(code)
        if code.path != path:
            code.path = path
            changed.append(code)
    if changed:
        Code.objects.bulk_update(changed, ["path"])


def _check_parent(code: Code | None, parent: Code | None, trajectory: Trajectory) -> None:
    if parent is None:
        return
    if parent.trajectory_id != trajectory.pk:
        raise ValidationError({"parent": _("The parent code belongs to another trajectory.")})
    if code is not None and code.pk is not None:
        ancestor: Code | None = parent
        while ancestor is not None:
            if ancestor.pk == code.pk:
                raise ValidationError(
                    {"parent": _("A code cannot be placed under itself or its own subcodes.")}
                )
            ancestor = ancestor.parent


def _check_sibling_name(trajectory: Trajectory, parent: Code | None, name: str, pk=None) -> None:
    siblings = Code.objects.filter(trajectory=trajectory, parent=parent, name=name)
    if pk is not None:
        siblings = siblings.exclude(pk=pk)
    if siblings.exists():
        raise ValidationError(
            {"name": _("There already is a code %(name)s at this place.") % {"name": name}}
        )


def _next_position(trajectory: Trajectory, parent: Code | None) -> int:
    last = (
        Code.objects.filter(trajectory=trajectory, parent=parent)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


@transaction.atomic
def code_create(
    *,
    actor: User | None,
    trajectory: Trajectory,
    name: str,
    parent: Code | None = None,
    description: str = "",
    inclusion: str = "",
    exclusion: str = "",
    colour: str = "#1f77b4",
    kind: str = Code.Kind.DEDUCTIVE,
    question: str = "",
) -> Code:
    name = (name or "").strip()
    _check_parent(None, parent, trajectory)
    _check_sibling_name(trajectory, parent, name)
    code = Code(
        trajectory=trajectory,
        parent=parent,
        name=name,
        description=description,
        inclusion=inclusion,
        exclusion=exclusion,
        colour=colour,
        kind=kind,
        question=question,
        position=_next_position(trajectory, parent),
        path=name if parent is None else parent.path + PATH_SEPARATOR + name,
    )
    code.full_clean()
    save_unique(code)
    audit_record(actor=actor, action="code_create", obj=code, detail={"path": code.path})
    return code


@transaction.atomic
def code_update(
    *,
    actor: User | None,
    code: Code,
    name: str,
    description: str = "",
    inclusion: str = "",
    exclusion: str = "",
    colour: str = "#1f77b4",
    kind: str = Code.Kind.DEDUCTIVE,
    question: str = "",
) -> Code:
    """Change a code's name (a rename), description, notes, colour, kind and question."""
    name = (name or "").strip()
    old_path = code.path
    _check_sibling_name(code.trajectory, code.parent, name, pk=code.pk)
    code.name = name
    code.description = description
    code.inclusion = inclusion
    code.exclusion = exclusion
    code.colour = colour
    code.kind = kind
    code.question = question
    code.full_clean(exclude=["path"])
    save_unique(code)
    _paths_refresh(code.trajectory)
    code.refresh_from_db()
    audit_record(
        actor=actor, action="code_update", obj=code, detail={"from": old_path, "to": code.path}
    )
    return code


@transaction.atomic
def code_move(*, actor: User | None, code: Code, parent: Code | None) -> Code:
    """Place CODE (with its subcodes and codings) under PARENT, or at the root."""
    _check_parent(code, parent, code.trajectory)
    _check_sibling_name(code.trajectory, parent, code.name, pk=code.pk)
    old_path = code.path
    code.parent = parent
    code.position = _next_position(code.trajectory, parent)
    code.save(update_fields=["parent", "position"])
    _paths_refresh(code.trajectory)
    code.refresh_from_db()
    audit_record(
        actor=actor, action="code_move", obj=code, detail={"from": old_path, "to": code.path}
    )
    return code


@transaction.atomic
def code_delete(*, actor: User | None, code: Code) -> None:
    """Delete a code without codings (subcodes included, when they have none either)."""
    family = [code.pk, *_descendant_ids(code)]
    if _has_codings(family):
        raise ValidationError(
            _("The code %(path)s or a subcode has codings: merge it into another code instead.")
            % {"path": code.path}
        )
    audit_record(actor=actor, action="code_delete", obj=code, detail={"path": code.path})
    code.delete()


def _has_codings(code_ids: list[int]) -> bool:
    return False


def _descendant_ids(code: Code) -> list[int]:
    prefix = code.path + PATH_SEPARATOR
    return list(
        Code.objects.filter(trajectory=code.trajectory, path__startswith=prefix).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def codebook_from_template(*, actor: User | None, trajectory: Trajectory) -> list[Code]:
    """Add the study's code tree (``study_codebook``) to the trajectory's codebook;
    codes whose path already exists are kept as they are. The codes created."""
    existing = {code.path: code for code in Code.objects.filter(trajectory=trajectory)}
    created: list[Code] = []
    for path, spec in study_codebook.walk():
        if path in existing:
            continue
        parent_path = path.rpartition(PATH_SEPARATOR)[0]
        parent = existing.get(parent_path) if parent_path else None
        code = Code(
            trajectory=trajectory,
            parent=parent,
            name=spec.name,
            description=spec.description,
            inclusion=spec.inclusion,
            exclusion=spec.exclusion,
            colour=spec.colour or "#1f77b4",
            kind=spec.kind,
            question=spec.question,
            position=len(created),
            path=path,
        )
        code.full_clean()
        code.save()
        existing[path] = code
        created.append(code)
    audit_record(
        actor=actor,
        action="codebook_from_template",
        obj=trajectory,
        detail={"created": len(created)},
    )
    return created
