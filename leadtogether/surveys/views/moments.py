"""Measurement moments of a trajectory: the list, creating and editing them, the
instruments they ask, and the follow-up page with invitations and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.web import add_service_errors
from leadtogether.surveys import selectors
from leadtogether.surveys.access import MOMENT_SCOPE, ORGANISERS, SURVEY_READERS
from leadtogether.surveys.forms import AttachForm, MomentCreateForm, MomentForm
from leadtogether.surveys.models import InstrumentVersion, MeasurementMoment
from leadtogether.surveys.services import moments as moment_services
from leadtogether.surveys.services.instruments import latest_version
from leadtogether.surveys.services.study import study_surveys_setup
from leadtogether.trajectories.access import Access, page


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_moment(moment: MeasurementMoment) -> HttpResponse:
    return redirect("surveys:moment-detail", slug=moment.trajectory.slug, key=moment.key)


@page(read=SURVEY_READERS)
def moment_list(request: HttpRequest, access: Access) -> HttpResponse:
    moments = selectors.moments_with_counts(access.trajectory)
    context = {
        "access": access,
        "moments": moments,
        "can_create_defaults": selectors.missing_default_moments(moments),
    }
    return render(request, "surveys/manage/moment_list.html", context)


@page(write=ORGANISERS)
def moment_defaults(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    try:
        equipped = study_surveys_setup(actor=request.user, trajectory=access.trajectory)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s moment asks its built-in questionnaire.",
                "%(count)s moments ask their built-in questionnaire.",
                len(equipped),
            )
            % {"count": len(equipped)},
        )
    return redirect("surveys:moment-list", slug=slug)


@page(read=ORGANISERS, write=ORGANISERS)
def moment_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = MomentCreateForm(request.POST or None, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            moment = moment_services.moment_create(
                actor=request.user, trajectory=access.trajectory, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Moment %(name)s created.") % {"name": moment.name})
            return _to_moment(moment)
    context = {"access": access, "form": form, "moment": None}
    return render(request, "surveys/manage/moment_form.html", context)


@page(read=ORGANISERS, write=ORGANISERS, scope=MOMENT_SCOPE, edits=True)
def moment_edit(request: HttpRequest, access: Access, moment: MeasurementMoment) -> HttpResponse:
    initial = {"name": moment.name, "opens_on": moment.opens_on, "closes_on": moment.closes_on}
    form = MomentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moment_services.moment_update(actor=request.user, moment=moment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            moment.refresh_from_db()
        else:
            messages.success(request, _("Moment %(name)s saved.") % {"name": moment.name})
            return _to_moment(moment)
    context = {"access": access, "form": form, "moment": moment}
    return render(request, "surveys/manage/moment_form.html", context)


def _attachable(access: Access, moment: MeasurementMoment):
    asked = moment.moment_instruments.values("version__instrument_id")
    return selectors.instruments_for(access.trajectory).exclude(pk__in=asked)


@page(read=SURVEY_READERS, scope=MOMENT_SCOPE)
def moment_detail(request: HttpRequest, access: Access, moment: MeasurementMoment) -> HttpResponse:
    """The follow-up of one moment: who was invited, started and completed."""
    is_organiser = access.is_organiser
    context = {
        "access": access,
        "moment": moment,
        "status": selectors.moment_status(moment),
        "followup": selectors.followup(
            moment,
            with_names=is_organiser,
            query=request.GET.get("q", ""),
            page=request.GET.get("page"),
        ),
        "instruments": selectors.moment_instruments(moment),
        "is_organiser": is_organiser,
        "mailings": list(selectors.moment_mailings(moment)[:20]) if is_organiser else [],
        "attach_form": AttachForm(instruments=_attachable(access, moment))
        if is_organiser
        else None,
    }
    return render(request, "surveys/manage/moment_detail.html", context)


@page(write=ORGANISERS, scope=MOMENT_SCOPE)
def moment_instrument_attach(
    request: HttpRequest, access: Access, moment: MeasurementMoment
) -> HttpResponse:
    """Ask the latest version of an instrument at the moment."""
    form = AttachForm(request.POST, instruments=_attachable(access, moment))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _to_moment(moment)
    instrument = form.cleaned_data["instrument"]
    try:
        link = moment_services.moment_instrument_attach(
            actor=request.user, moment=moment, version=latest_version(instrument)
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(moment)s now asks %(instrument)s (version %(number)s).")
            % {
                "moment": moment.name,
                "instrument": instrument.name,
                "number": link.version.number,
            },
        )
    return _to_moment(moment)


@page(write=ORGANISERS, scope=MOMENT_SCOPE)
def moment_instrument_detach(
    request: HttpRequest, access: Access, moment: MeasurementMoment, version_id: int
) -> HttpResponse:
    version = (
        InstrumentVersion.objects.filter(pk=version_id, moment_instruments__moment=moment)
        .select_related("instrument")
        .first()
    )
    if version is None:
        messages.error(request, _("This moment does not ask that instrument."))
        return _to_moment(moment)
    try:
        moment_services.moment_instrument_detach(actor=request.user, moment=moment, version=version)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(instrument)s removed from %(moment)s.")
            % {"instrument": version.instrument.name, "moment": moment.name},
        )
    return _to_moment(moment)
