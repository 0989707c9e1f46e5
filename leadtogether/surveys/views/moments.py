"""Measurement moments of a trajectory: the list, creating and editing them, the
instruments they ask, and the follow-up page with invitations and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leadtogether.accounts.rules import signed_in
from leadtogether.surveys import selectors
from leadtogether.surveys.forms import AttachForm, MomentCreateForm, MomentForm, add_service_errors
from leadtogether.surveys.models import InstrumentVersion, MeasurementMoment
from leadtogether.surveys.services import invitations as invitation_services
from leadtogether.surveys.services import moments as moment_services
from leadtogether.surveys.services.instruments import latest_version
from leadtogether.surveys.services.study import study_surveys_setup
from leadtogether.surveys.views._common import (
    ORGANISER_RULE,
    READ_RULE,
    get_moment,
    organiser_access,
    surveys_access,
)
from leadtogether.trajectories.access import Access


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _to_moment(moment: MeasurementMoment) -> HttpResponse:
    return redirect("surveys:moment-detail", slug=moment.trajectory.slug, key=moment.key)


@signed_in(READ_RULE)
@require_GET
def moment_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = surveys_access(request.user, slug)
    moments = selectors.moments_with_counts(access.trajectory)
    context = {
        "access": access,
        "moments": moments,
        "can_create_defaults": selectors.missing_default_moments(moments),
    }
    return render(request, "surveys/manage/moment_list.html", context)


@signed_in(ORGANISER_RULE)
@require_POST
def moment_defaults(request: HttpRequest, slug: str) -> HttpResponse:
    access = organiser_access(request.user, slug)
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


@signed_in(ORGANISER_RULE)
@require_http_methods(["GET", "POST"])
def moment_create(request: HttpRequest, slug: str) -> HttpResponse:
    access = organiser_access(request.user, slug)
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


@signed_in(ORGANISER_RULE)
@require_http_methods(["GET", "POST"])
def moment_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    access = organiser_access(request.user, slug)
    moment = get_moment(access, key)
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


@signed_in(READ_RULE + "; names of people only for organisers")
@require_GET
def moment_detail(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The follow-up of one moment: who was invited, started and completed."""
    access = surveys_access(request.user, slug)
    moment = get_moment(access, key)
    is_organiser = access.is_organiser
    context = {
        "access": access,
        "moment": moment,
        "status": selectors.moment_status(moment),
        "followup": selectors.followup(moment, with_names=is_organiser),
        "instruments": selectors.moment_instruments(moment),
        "is_organiser": is_organiser,
        "attach_form": AttachForm(instruments=_attachable(access, moment))
        if is_organiser
        else None,
    }
    return render(request, "surveys/manage/moment_detail.html", context)


@signed_in(ORGANISER_RULE)
@require_POST
def moment_instrument_attach(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Ask the latest version of an instrument at the moment."""
    access = organiser_access(request.user, slug)
    moment = get_moment(access, key)
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


@signed_in(ORGANISER_RULE)
@require_POST
def moment_instrument_detach(
    request: HttpRequest, slug: str, key: str, version_id: int
) -> HttpResponse:
    access = organiser_access(request.user, slug)
    moment = get_moment(access, key)
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


def _report_sending(
    request: HttpRequest, sending: invitation_services.Sending, sent_message: str
) -> None:
    count = len(sending.sent)
    messages.success(request, sent_message % {"count": count})
    if sending.no_email:
        names = ", ".join(person.full_name for person in sending.no_email)
        messages.warning(request, _("Not sent: no e-mail address: %(names)s.") % {"names": names})


@signed_in(ORGANISER_RULE)
@require_POST
def moment_invite(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Invite the enrolled participants without an invitation and e-mail every invitation
    not sent yet."""
    access = organiser_access(request.user, slug)
    moment = get_moment(access, key)
    try:
        with transaction.atomic():  # no new invitations when none can be sent
            invitation_services.invitations_create(actor=request.user, moment=moment)
            sending = invitation_services.invitations_send(actor=request.user, moment=moment)
    except ValidationError as error:
        _errors(request, error)
    else:
        count = len(sending.sent)
        _report_sending(
            request,
            sending,
            ngettext(
                "Invitation sent to %(count)s person.",
                "Invitations sent to %(count)s people.",
                count,
            ),
        )
    return _to_moment(moment)


@signed_in(ORGANISER_RULE)
@require_POST
def moment_remind(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Remind everyone invited who has not completed the questionnaire."""
    access = organiser_access(request.user, slug)
    moment = get_moment(access, key)
    try:
        sending = invitation_services.reminders_send(actor=request.user, moment=moment)
    except ValidationError as error:
        _errors(request, error)
    else:
        count = len(sending.sent)
        _report_sending(
            request,
            sending,
            ngettext(
                "Reminder sent to %(count)s person.", "Reminders sent to %(count)s people.", count
            ),
        )
    return _to_moment(moment)
