"""PLG pages: the list, one PLG, and its editing by the organiser."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leadtogether.accounts.rules import signed_in
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import get_plg_for_user, get_trajectory_for_user
from leadtogether.trajectories.forms import PLGForm, add_service_errors
from leadtogether.trajectories.views._common import can_plan_sessions, ensure_not_research_only


@signed_in("any role but researcher-only (get_trajectory_for_user); lists Access.visible_plgs")
@require_GET
def plg_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_trajectory_for_user(request.user, slug)
    ensure_not_research_only(access)
    plgs = selectors.plg_table(access)
    return render(request, "trajectories/plg_list.html", {"access": access, "plgs": plgs})


@signed_in("who may see the PLG (get_plg_for_user): organiser, its coach, members, director")
@require_GET
def plg_detail(request: HttpRequest, slug: str, plg_ref: str) -> HttpResponse:
    access, plg = get_plg_for_user(request.user, slug, plg_ref)
    can_edit = access.can_edit_plg(plg)
    context = {
        "access": access,
        "plg": plg,
        "partnership": selectors.partnership_with_schools(plg.partnership),
        "members": list(selectors.plg_members(plg)),
        "sessions": list(selectors.plg_sessions(access, plg)),
        "held_meetings": selectors.plg_held_meetings(plg),
        "show_email": can_edit,
        "can_edit_plg": access.is_organiser,
        "can_plan": can_edit and can_plan_sessions(access),
    }
    return render(request, "trajectories/plg_detail.html", context)


@signed_in("organisers of the trajectory (get_plg_for_user, then Access.is_organiser)")
@require_http_methods(["GET", "POST"])
def plg_edit(request: HttpRequest, slug: str, plg_ref: str) -> HttpResponse:
    access, plg = get_plg_for_user(request.user, slug, plg_ref)
    if not access.is_organiser:
        # coaches edit the sessions of their PLG, not its name, coach or members
        raise PermissionDenied
    initial = {"name": plg.name, "coach": plg.coach, "members": list(plg.members.all())}
    form = PLGForm(request.POST or None, plg=plg, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plg_update(
                actor=request.user,
                plg=plg,
                name=form.cleaned_data["name"],
                coach=form.cleaned_data["coach"],
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            plg.refresh_from_db()  # the service changed the object before it failed
        else:
            messages.success(request, _("PLG %(name)s saved.") % {"name": plg.name})
            return redirect("trajectories:plg-detail", slug=slug, plg_ref=plg.ref)
    return render(
        request, "trajectories/plg_edit.html", {"access": access, "plg": plg, "form": form}
    )
