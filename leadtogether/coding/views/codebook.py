"""The codebook: the tree of codes, creating, editing, moving, merging, splitting and
deleting codes, and the study's tree as a template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leadtogether.coding import selectors, services
from leadtogether.coding.access import CODE_SCOPE, CODERS, CODING_READERS
from leadtogether.coding.forms import CodeForm, CodeMoveForm
from leadtogether.coding.models import Code
from leadtogether.lib.web import add_service_errors
from leadtogether.trajectories.access import RESEARCHER, Access, page


def _to_code(code: Code) -> HttpResponse:
    return redirect("coding:code-detail", slug=code.trajectory.slug, code_id=code.pk)


def _chosen(codes: list[Code], value: str) -> Code | None:
    return next((code for code in codes if str(code.pk) == value), None)


_FIELDS = ("description", "inclusion", "exclusion", "colour", "kind", "question")


def _code_fields(data: dict) -> dict:
    return {key: data[key] for key in _FIELDS}


@page(read=CODING_READERS, write=CODERS)
def codebook(request: HttpRequest, access: Access) -> HttpResponse:
    codes = selectors.codebook(access.trajectory)
    form = CodeForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            code = services.code_create(
                actor=request.user,
                trajectory=access.trajectory,
                name=data["name"],
                parent=_chosen(codes, data["parent"]),
                **_code_fields(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Code %(path)s created.") % {"path": code.path})
            return redirect("coding:codebook", slug=access.trajectory.slug)
    context = {
        "access": access,
        "codes": codes,
        "form": form,
        "can_code": access.has(RESEARCHER),
    }
    return render(request, "coding/codebook.html", context)


@page(write=CODERS)
def codebook_template(request: HttpRequest, access: Access) -> HttpResponse:
    created = services.codebook_from_template(actor=request.user, trajectory=access.trajectory)
    messages.success(
        request, _("%(count)s codes of the study's code tree added.") % {"count": len(created)}
    )
    return redirect("coding:codebook", slug=access.trajectory.slug)


@page(read=CODING_READERS, write=CODERS, scope=CODE_SCOPE)
def code_detail(request: HttpRequest, access: Access, code: Code) -> HttpResponse:
    codes = selectors.codebook(access.trajectory)
    initial = {
        "name": code.name,
        "description": code.description,
        "inclusion": code.inclusion,
        "exclusion": code.exclusion,
        "colour": code.colour,
        "kind": code.kind,
        "question": code.question,
    }
    form = CodeForm(request.POST or None, initial=initial, with_parent=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.code_update(
                actor=request.user, code=code, name=data["name"], **_code_fields(data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
            code.refresh_from_db()
        else:
            messages.success(request, _("Code %(path)s saved.") % {"path": code.path})
            return _to_code(code)
    others = [other for other in codes if other.pk != code.pk]
    family = [other for other in others if not other.path.startswith(code.path + " / ")]
    context = {
        "access": access,
        "code": code,
        "form": form,
        "move_form": CodeMoveForm(codes=family, initial={"parent": code.parent_id or ""}),
        "can_code": access.has(RESEARCHER),
    }
    return render(request, "coding/code_detail.html", context)


@page(write=CODERS, scope=CODE_SCOPE)
def code_move(request: HttpRequest, access: Access, code: Code) -> HttpResponse:
    codes = selectors.codebook(access.trajectory)
    form = CodeMoveForm(request.POST, codes=codes)
    if not form.is_valid():
        messages.error(request, _("Choose where the code goes."))
        return _to_code(code)
    try:
        services.code_move(
            actor=request.user, code=code, parent=_chosen(codes, form.cleaned_data["parent"])
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Code moved to %(path)s.") % {"path": code.path})
    return _to_code(code)


@page(write=CODERS, scope=CODE_SCOPE)
def code_delete(request: HttpRequest, access: Access, code: Code) -> HttpResponse:
    try:
        services.code_delete(actor=request.user, code=code)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_code(code)
    messages.success(request, _("Code %(path)s deleted.") % {"path": code.path})
    return redirect("coding:codebook", slug=access.trajectory.slug)
