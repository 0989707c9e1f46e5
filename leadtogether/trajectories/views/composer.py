"""The PLG composer page: the proposed PLGs, their warnings, and accepting them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.web import add_service_errors
from leadtogether.registry.models import Person
from leadtogether.trajectories import selectors, services
from leadtogether.trajectories.access import ORGANISER, Access, page
from leadtogether.trajectories.composer import Proposal, WarningCode, proposal_for_trajectory
from leadtogether.trajectories.forms import ComposerForm


def _people_by_ref(proposal: Proposal) -> dict[str, Person]:
    refs = {ref for plg in proposal.plgs for ref in plg.participants}
    return {person.ref: person for person in Person.objects.filter(ref__in=refs)}


@page(read={ORGANISER}, write={ORGANISER})
def composer(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    trajectory = access.trajectory
    # A preview "from scratch" shows what the composer proposes as if no PLG existed yet,
    # to compare with the PLGs the trajectory has; it is read-only.
    from_scratch = request.GET.get("from_scratch") == "1"
    proposal = proposal_for_trajectory(trajectory, from_scratch=from_scratch)
    coaches = list(selectors.coach_candidates(trajectory))
    form = ComposerForm(
        None if from_scratch else request.POST or None, proposal=proposal, coaches=coaches
    )
    if request.method == "POST" and not from_scratch:
        if not form.is_current():
            messages.warning(
                request,
                _(
                    "The proposal changed since you opened it (participants or PLGs were "
                    "added meanwhile). Check the new proposal and accept again."
                ),
            )
            form = ComposerForm(proposal=proposal, coaches=coaches)
        elif form.is_valid():
            try:
                created = services.plg_proposal_accept(
                    actor=request.user,
                    trajectory=trajectory,
                    proposal=proposal,
                    names=form.names(),
                    coaches=form.coaches(),
                    exclude=form.excluded(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d PLG created.", "%(count)d PLGs created.", len(created))
                    % {"count": len(created)},
                )
                return redirect("trajectories:plg-list", slug=slug)
    people = _people_by_ref(proposal)
    rows = form.rows()
    for row in rows:
        row["schools"] = [
            (school, [people[ref] for ref in school.participants if ref in people])
            for school in row["plg"].schools
        ]
    context = {
        "access": access,
        "form": form,
        "rows": rows,
        "general_warnings": [w for w in proposal.warnings if w.plg is None],
        "target": trajectory.target_schools_per_plg,
        "from_scratch": from_scratch,
        "has_plgs": any(
            warning.code == WarningCode.PARTNERSHIP_ALREADY_HAS_PLG for warning in proposal.warnings
        ),
    }
    return render(request, "trajectories/composer.html", context)
