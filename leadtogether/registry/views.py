"""Registry pages of a trajectory: schools, partnerships and people (organisers only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leadtogether.lib.web import add_service_errors, render_page
from leadtogether.registry import services
from leadtogether.registry.forms import PartnershipForm, PersonForm, SchoolForm
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories import registry_selectors as selectors
from leadtogether.trajectories import services as trajectory_services
from leadtogether.trajectories.access import (
    ORGANISER,
    PARTNERSHIP_SCOPE,
    PERSON_SCOPE,
    SCHOOL_SCOPE,
    Access,
    page,
    partnerships_in_scope,
    people_in_scope,
)
from leadtogether.trajectories.selectors import colleagues_of

PER_PAGE = 50
ORGANISERS = frozenset({ORGANISER})


def _list_page(
    request: HttpRequest, access: Access, rows: QuerySet, name: str, query: str
) -> HttpResponse:
    """A searchable, paginated list: the page, or only the results for htmx."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"access": access, "page_obj": page, "rows": page.object_list, "q": query}
    return render_page(
        request, f"registry/{name}_list.html", f"registry/_{name}_table.html", context
    )


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:100]


def _save(form: Any, write: Any) -> Any:
    """Call the service WRITE; on a ValidationError show it on FORM and return None."""
    try:
        return write()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


# Schools


@page(read=ORGANISERS)
def school_list(request: HttpRequest, access: Access) -> HttpResponse:
    query = _query(request)
    return _list_page(
        request, access, selectors.school_rows(access.trajectory, query), "school", query
    )


@page(read=ORGANISERS, scope=SCHOOL_SCOPE)
def school_detail(request: HttpRequest, access: Access, school: School) -> HttpResponse:
    context = {
        "access": access,
        "school": school,
        "partnerships": list(partnerships_in_scope(access.trajectory).filter(schools=school)),
        "people": list(selectors.school_people(access.trajectory, school)),
    }
    return render(request, "registry/school_detail.html", context)


@page(read=ORGANISERS, write=ORGANISERS)
def school_create(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    form = SchoolForm(request.POST or None, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        school = _save(
            form,
            lambda: services.school_create(
                actor=request.user,
                ref=data["ref"],
                name=data["name"],
                level=data["level"],
                network=data["network"],
                region=data["region"],
                partnerships=data["partnerships"],
            ),
        )
        if school is not None:
            messages.success(request, _("School %(name)s registered.") % {"name": school.name})
            return redirect("registry:school-detail", slug=slug, school_ref=school.ref)
    return render(request, "registry/school_form.html", {"access": access, "form": form})


@page(read=ORGANISERS, write=ORGANISERS, scope=SCHOOL_SCOPE, edits=True)
def school_edit(request: HttpRequest, access: Access, school: School) -> HttpResponse:
    slug = access.trajectory.slug
    heading = school.name  # the form changes SCHOOL while it validates
    form = SchoolForm(request.POST or None, instance=school, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.school_update(
                actor=request.user,
                school=school,
                name=data["name"],
                level=data["level"],
                network=data["network"],
                region=data["region"],
            ),
        )
        if saved is not None:
            messages.success(request, _("School %(name)s saved.") % {"name": saved.name})
            return redirect("registry:school-detail", slug=slug, school_ref=saved.ref)
    context = {"access": access, "form": form, "school": school, "heading": heading}
    return render(request, "registry/school_form.html", context)


# Partnerships


@page(read=ORGANISERS)
def partnership_list(request: HttpRequest, access: Access) -> HttpResponse:
    query = _query(request)
    rows = selectors.partnership_rows(access.trajectory, query)
    return _list_page(request, access, rows, "partnership", query)


@page(read=ORGANISERS, scope=PARTNERSHIP_SCOPE)
def partnership_detail(
    request: HttpRequest, access: Access, partnership: Partnership
) -> HttpResponse:
    schools = list(selectors.partnership_schools(access.trajectory, partnership))
    context = {
        "access": access,
        "partnership": partnership,
        "schools": schools,
        "participant_total": sum(s.participant_count for s in schools),
        "plgs": list(partnership.plgs.filter(trajectory=access.trajectory).order_by("name")),
        "below_minimum": len(schools) < access.trajectory.min_schools_per_partnership,
    }
    return render(request, "registry/partnership_detail.html", context)


@page(read=ORGANISERS, write=ORGANISERS)
def partnership_create(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    form = PartnershipForm(request.POST or None, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = _save(
            form,
            lambda: trajectory_services.partnership_register(
                actor=request.user,
                trajectory=access.trajectory,
                ref=data["ref"],
                name=data["name"],
                form=data["form"],
                participation=data["participation"],
                learning_level=data["learning_level"],
                schools=data["schools"],
            ),
        )
        if partnership is not None:
            messages.success(
                request, _("Partnership %(name)s registered.") % {"name": partnership.name}
            )
            return redirect(
                "registry:partnership-detail", slug=slug, partnership_ref=partnership.ref
            )
    return render(request, "registry/partnership_form.html", {"access": access, "form": form})


@page(read=ORGANISERS, write=ORGANISERS, scope=PARTNERSHIP_SCOPE, edits=True)
def partnership_edit(
    request: HttpRequest, access: Access, partnership: Partnership
) -> HttpResponse:
    slug = access.trajectory.slug
    heading = partnership.name  # the form changes PARTNERSHIP while it validates
    form = PartnershipForm(request.POST or None, instance=partnership, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _save(
            form,
            lambda: services.partnership_update(
                actor=request.user,
                partnership=partnership,
                name=data["name"],
                form=data["form"],
                participation=data["participation"],
                learning_level=data["learning_level"],
                schools=data["schools"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Partnership %(name)s saved.") % {"name": saved.name})
            return redirect("registry:partnership-detail", slug=slug, partnership_ref=saved.ref)
    context = {"access": access, "form": form, "partnership": partnership, "heading": heading}
    return render(request, "registry/partnership_form.html", context)


# People


@page(read=ORGANISERS)
def person_list(request: HttpRequest, access: Access) -> HttpResponse:
    query = _query(request)
    return _list_page(
        request, access, selectors.person_rows(access.trajectory, query), "person", query
    )


@page(read=ORGANISERS, scope=PERSON_SCOPE)
def person_detail(request: HttpRequest, access: Access, person: Person) -> HttpResponse:
    enrolment = selectors.enrolment_of(access.trajectory, person)
    context = {
        "access": access,
        "person": person,
        "enrolment": enrolment,
        "colleagues": list(colleagues_of(enrolment)) if enrolment else [],
        "plgs": list(selectors.plgs_of(access.trajectory, person)),
        "coached": list(selectors.coached_by(access.trajectory, person)),
    }
    return render(request, "registry/person_detail.html", context)


def _person_data(form: PersonForm) -> dict[str, Any]:
    data = form.cleaned_data
    fields = ["first_name", "last_name", "email", "school", "function_title", "function_category"]
    values = {name: data[name] for name in fields}
    values["enrol"] = data["enrol"]
    values["research_consent"] = data["research_consent"]
    return values


@page(read=ORGANISERS, write=ORGANISERS)
def person_create(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    form = PersonForm(
        request.POST or None, trajectory=access.trajectory, enrolled=True, consent=False
    )
    if request.method == "POST" and form.is_valid():
        person = _save(
            form,
            lambda: trajectory_services.person_register(
                actor=request.user,
                trajectory=access.trajectory,
                ref=form.cleaned_data["ref"],
                **_person_data(form),
            ),
        )
        if person is not None:
            messages.success(request, _("%(name)s registered.") % {"name": person.full_name})
            return redirect("registry:person-detail", slug=slug, person_ref=person.ref)
    return render(request, "registry/person_form.html", {"access": access, "form": form})


@page(read=ORGANISERS, write=ORGANISERS, scope=PERSON_SCOPE, edits=True)
def person_edit(request: HttpRequest, access: Access, person: Person) -> HttpResponse:
    slug = access.trajectory.slug
    heading = person.full_name  # the form changes PERSON while it validates
    enrolment = selectors.enrolment_of(access.trajectory, person)
    form = PersonForm(
        request.POST or None,
        instance=person,
        trajectory=access.trajectory,
        enrolled=enrolment is not None,
        consent=bool(enrolment and enrolment.research_consent),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: trajectory_services.person_change(
                actor=request.user,
                trajectory=access.trajectory,
                person=person,
                **_person_data(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("%(name)s saved.") % {"name": saved.full_name})
            if people_in_scope(access.trajectory).filter(pk=saved.pk).exists():
                return redirect("registry:person-detail", slug=slug, person_ref=saved.ref)
            return redirect("registry:person-list", slug=slug)
    context = {
        "access": access,
        "form": form,
        "person": person,
        "heading": heading,
        "enrolment": enrolment,
        "colleagues": list(colleagues_of(enrolment)) if enrolment else [],
    }
    return render(request, "registry/person_form.html", context)
