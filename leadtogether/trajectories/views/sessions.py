"""Session pages: one session with its attendance, planning, rescheduling, cancelling,
and recording who attended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leadtogether.accounts.rules import signed_in
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import (
    get_session_for_editor,
    get_session_for_user,
    get_trajectory_for_user,
)
from leadtogether.trajectories.forms import (
    AttendanceForm,
    SessionCancelForm,
    SessionCreateForm,
    SessionScheduleForm,
    add_service_errors,
)
from leadtogether.trajectories.models import Attendance
from leadtogether.trajectories.views._common import (
    can_plan_sessions,
    ensure_not_research_only,
    render_page,
)

EDITOR_RULE = "organisers; the coach of the session's PLG (get_session_for_editor)"


@signed_in("who may see the session (get_session_for_user); not researcher-only")
@require_GET
def session_detail(request: HttpRequest, slug: str, session_ref: str) -> HttpResponse:
    access, session = get_session_for_user(request.user, slug, session_ref)
    ensure_not_research_only(access)
    rows = selectors.attendance_rows(session)
    context = {
        "access": access,
        "session": session,
        "rows": rows,
        "summary": selectors.attendance_summary(rows),
        "can_edit": access.can_edit_session(session),
    }
    return render(request, "trajectories/session_detail.html", context)


@signed_in("organisers (any kind); coaches (meetings and coaching of their own PLGs)")
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_trajectory_for_user(request.user, slug)
    if not can_plan_sessions(access):
        raise PermissionDenied
    form = SessionCreateForm(request.POST or None, access=access, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                actor=request.user,
                trajectory=access.trajectory,
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                title=data["title"],
                location=data["location"],
                plg=data["plg"],
                person=data["person"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session planned."))
            return redirect("trajectories:session-detail", slug=slug, session_ref=session.ref)
    return render(request, "trajectories/session_create.html", {"access": access, "form": form})


@signed_in(EDITOR_RULE)
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, session_ref: str) -> HttpResponse:
    access, session = get_session_for_editor(request.user, slug, session_ref)
    initial = {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "location": session.location,
    }
    form = SessionScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_reschedule(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            session.refresh_from_db()
        else:
            messages.success(request, _("Session saved."))
            return redirect("trajectories:session-detail", slug=slug, session_ref=session.ref)
    context = {"access": access, "session": session, "form": form}
    return render(request, "trajectories/session_edit.html", context)


@signed_in(EDITOR_RULE)
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, slug: str, session_ref: str) -> HttpResponse:
    access, session = get_session_for_editor(request.user, slug, session_ref)
    initial = {"reason": session.cancel_reason}
    form = SessionCancelForm(request.POST or None, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            session.refresh_from_db()
        else:
            messages.success(request, _("Session cancelled."))
            return redirect("trajectories:session-detail", slug=slug, session_ref=session.ref)
    context = {"access": access, "session": session, "form": form}
    return render(request, "trajectories/session_cancel.html", context)


@signed_in(EDITOR_RULE)
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, slug: str, session_ref: str) -> HttpResponse:
    """Mark the session as held with everyone's attendance (inline on the session page
    with htmx, a page of its own without)."""
    access, session = get_session_for_editor(request.user, slug, session_ref)
    rows = selectors.attendance_rows(session)
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_mark_held(
                actor=request.user, session=session, attendance=form.attendance()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not getattr(request, "htmx", False):
                messages.success(request, _("Attendance saved."))
                return redirect("trajectories:session-detail", slug=slug, session_ref=session.ref)
            rows = selectors.attendance_rows(session)
            context = {
                "access": access,
                "session": session,
                "rows": rows,
                "summary": selectors.attendance_summary(rows),
                "can_edit": True,
                "saved": True,
            }
            return render(request, "trajectories/_attendance.html", context)
    context = {
        "access": access,
        "session": session,
        "form": form,
        "status_choices": Attendance.Status.choices,
    }
    return render_page(
        request,
        "trajectories/session_attendance.html",
        "trajectories/_attendance_form.html",
        context,
    )
