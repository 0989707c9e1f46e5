"""The roles page of a trajectory: who holds which role, inviting people, changing and
revoking roles, sending an invitation again (organisers only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leadtogether.accounts import services
from leadtogether.accounts.forms import InviteForm, ResendForm, RoleForm
from leadtogether.accounts.models import RoleGrant
from leadtogether.accounts.pages_access import ROLE_GRANT_SCOPE
from leadtogether.accounts.services import DEFAULT_LANGUAGE
from leadtogether.lib.web import add_service_errors, render_page
from leadtogether.trajectories import selectors
from leadtogether.trajectories import services as trajectory_services
from leadtogether.trajectories.access import ORGANISER, Access, page

PER_PAGE = 50
ORGANISERS = frozenset({ORGANISER})


@page(read=ORGANISERS)
def role_list(request: HttpRequest, access: Access) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    rows = selectors.role_grant_rows(access.trajectory, query)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    grants = list(page_obj.object_list)
    plgs = selectors.role_grant_plgs(access.trajectory, grants)
    for grant in grants:
        grant.plgs = plgs.get(grant.pk, [])
        grant.pending = services.invitation_pending(grant.user)
    context = {"access": access, "page_obj": page_obj, "rows": grants, "q": query}
    return render_page(request, "accounts/role_list.html", "accounts/_role_table.html", context)


@page(read=ORGANISERS, write=ORGANISERS)
def role_invite(request: HttpRequest, access: Access) -> HttpResponse:
    form = InviteForm(request.POST or None, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = trajectory_services.role_invite(
                actor=request.user,
                trajectory=access.trajectory,
                email=data["email"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                plg=data["plg"],
                partnership=data["partnership"],
                language=data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            user = invitation.grant.user
            if invitation.sends_password_link:
                text = _("%(name)s is invited: an e-mail with a link to choose a password "
                         "went to %(email)s.")  # fmt: skip
            else:
                text = _("%(name)s has the new role; an e-mail to %(email)s says so.")
            messages.success(
                request, text % {"name": services.user_label(user), "email": user.email}
            )
            return redirect("accounts:role-list", slug=access.trajectory.slug)
    return render(request, "accounts/role_invite.html", {"access": access, "form": form})


@page(read=ORGANISERS, write=ORGANISERS, scope=ROLE_GRANT_SCOPE, edits=True)
def role_edit(request: HttpRequest, access: Access, grant: RoleGrant) -> HttpResponse:
    initial = {"role": grant.role, "partnership": grant.partnership}
    form = RoleForm(request.POST or None, trajectory=access.trajectory, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trajectory_services.role_grant_change(
                actor=request.user,
                grant=grant,
                role=data["role"],
                partnership=data["partnership"],
                plg=data["plg"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            grant.refresh_from_db()  # the service changed the grant before it failed
        else:
            messages.success(
                request,
                _("The role of %(name)s is saved.") % {"name": services.user_label(grant.user)},
            )
            return redirect("accounts:role-list", slug=access.trajectory.slug)
    context = {"access": access, "form": form, "grant": grant}
    return render(request, "accounts/role_edit.html", context)


@page(read=ORGANISERS, write=ORGANISERS, scope=ROLE_GRANT_SCOPE, edits=True)
def role_revoke(request: HttpRequest, access: Access, grant: RoleGrant) -> HttpResponse:
    """Asks to confirm (GET), then takes the role away (POST)."""
    error = ""
    if request.method == "POST":
        try:
            services.role_grant_revoke(actor=request.user, grant=grant)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            name = services.user_label(grant.user)
            messages.success(
                request,
                _("%(name)s no longer holds the role %(role)s.")
                % {"name": name, "role": grant.get_role_display()},
            )
            if grant.user_id == request.user.pk and grant.role == ORGANISER:
                return redirect("home")
            return redirect("accounts:role-list", slug=access.trajectory.slug)
    context = {"access": access, "grant": grant, "error": error}
    return render(request, "accounts/role_revoke.html", context, status=400 if error else 200)


@page(write=ORGANISERS, scope=ROLE_GRANT_SCOPE)
def invitation_resend(request: HttpRequest, access: Access, grant: RoleGrant) -> HttpResponse:
    form = ResendForm(request.POST)
    language = (form.cleaned_data["language"] if form.is_valid() else "") or DEFAULT_LANGUAGE
    try:
        services.invitation_resend(actor=request.user, grant=grant, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation went to %(email)s again.") % {"email": grant.user.email},
        )
    return redirect("accounts:role-list", slug=access.trajectory.slug)
