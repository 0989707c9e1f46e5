"""Session pages: one session with its attendance, planning, rescheduling, cancelling,
and recording who attended."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leadtogether.lib.web import add_service_errors, render_page
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import (
    COACH,
    ORGANISER,
    PLG_ROLES,
    SESSION_SCOPE,
    Access,
    page,
)
from leadtogether.trajectories.forms import (
    AttendanceForm,
    SessionCancelForm,
    SessionCreateForm,
    SessionScheduleForm,
)
from leadtogether.trajectories.models import Attendance, Session

# Organisers change any session; coaches the meetings and coaching of their own PLGs.
EDITORS = frozenset({ORGANISER, COACH})


@page(read=PLG_ROLES, scope=SESSION_SCOPE)
def session_detail(request: HttpRequest, access: Access, session: Session) -> HttpResponse:
    """One session with the attendance of the people the user may see."""
    rows = selectors.attendance_rows(session, access)
    context = {
        "access": access,
        "session": session,
        "rows": rows,
        "summary": selectors.attendance_summary(rows),
        "can_edit": access.can_edit_session(session),
    }
    return render(request, "trajectories/session_detail.html", context)


@page(read=EDITORS, write=EDITORS)
def session_create(request: HttpRequest, access: Access) -> HttpResponse:
    """Organisers plan any kind; coaches meetings and coaching of their own PLGs."""
    slug = access.trajectory.slug
    if not access.can_plan_sessions:
        raise PermissionDenied  # a coach role without a linked person plans nothing
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


@page(read=EDITORS, write=EDITORS, scope=SESSION_SCOPE, edits=True)
def session_edit(request: HttpRequest, access: Access, session: Session) -> HttpResponse:
    slug = access.trajectory.slug
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


@page(read=EDITORS, write=EDITORS, scope=SESSION_SCOPE, edits=True)
def session_cancel(request: HttpRequest, access: Access, session: Session) -> HttpResponse:
    slug = access.trajectory.slug
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


@page(read=EDITORS, write=EDITORS, scope=SESSION_SCOPE, edits=True)
def session_attendance(request: HttpRequest, access: Access, session: Session) -> HttpResponse:
    """Mark the session as held with everyone's attendance (inline on the session page
    with htmx, a page of its own without)."""
    slug = access.trajectory.slug
    rows = selectors.attendance_rows(session, access)
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
            rows = selectors.attendance_rows(session, access)
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
