"""PLG pages: the list, one PLG, and its editing by the organiser."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leadtogether.lib.web import add_service_errors, render_page
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import ORGANISER, PLG_ROLES, PLG_SCOPE, Access, page
from leadtogether.trajectories.forms import PLGForm
from leadtogether.trajectories.models import PLG


@page(read=PLG_ROLES)
def plg_list(request: HttpRequest, access: Access) -> HttpResponse:
    """The PLGs the user reaches (Access.visible_plgs), fifty a page, with a search."""
    query = request.GET.get("q", "").strip()[:100]
    page_obj = selectors.plg_page(access, request.GET.get("page"), query)
    context = {"access": access, "page_obj": page_obj, "plgs": page_obj.object_list, "q": query}
    return render_page(
        request, "trajectories/plg_list.html", "trajectories/_plg_results.html", context
    )


@page(read=PLG_ROLES, scope=PLG_SCOPE)
def plg_detail(request: HttpRequest, access: Access, plg: PLG) -> HttpResponse:
    """One PLG for its organiser, coach, members and the partnership's director."""
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
        "can_plan": can_edit and access.can_plan_sessions,
    }
    return render(request, "trajectories/plg_detail.html", context)


@page(read={ORGANISER}, write={ORGANISER}, scope=PLG_SCOPE, edits=True)
def plg_edit(request: HttpRequest, access: Access, plg: PLG) -> HttpResponse:
    """Name, coach and members (coaches plan their PLG's sessions, not this)."""
    slug = access.trajectory.slug
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
