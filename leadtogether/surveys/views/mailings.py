"""Invitations and reminders of a moment: choose who, write the text, see the e-mail as
the first recipient gets it, and confirm with the number of recipients shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.web import add_service_errors
from leadtogether.surveys import selectors
from leadtogether.surveys.access import MOMENT_SCOPE, ORGANISERS
from leadtogether.surveys.forms import MailingForm
from leadtogether.surveys.models import Mailing, MeasurementMoment
from leadtogether.surveys.services import invitations as services
from leadtogether.trajectories.access import Access, page

TEXT_FIELDS = ("audience", "plg", "subject_nl", "subject_en", "body_nl", "body_en")


def get_mailing(moment: MeasurementMoment, mailing_id: int) -> Mailing:
    """A mailing of MOMENT; 404 for any other."""
    mailing = (
        Mailing.objects.filter(pk=mailing_id, moment=moment)
        .select_related("moment__trajectory", "plg", "created_by", "confirmed_by")
        .first()
    )
    if mailing is None:
        raise Http404
    return mailing


def _to_mailing(access: Access, mailing: Mailing) -> HttpResponse:
    return redirect(
        "surveys:mailing-detail",
        slug=access.trajectory.slug,
        key=mailing.moment.key,
        mailing_id=mailing.pk,
    )


def _form_page(
    request: HttpRequest,
    access: Access,
    moment: MeasurementMoment,
    form: MailingForm,
    mailing: Mailing | None,
) -> HttpResponse:
    context = {
        "access": access,
        "moment": moment,
        "form": form,
        "mailing": mailing,
        "placeholders": services.placeholder_help(),
    }
    return render(request, "surveys/manage/mailing_form.html", context)


@page(read=ORGANISERS, write=ORGANISERS, scope=MOMENT_SCOPE)
def mailing_create(request: HttpRequest, access: Access, moment: MeasurementMoment) -> HttpResponse:
    """Choose who gets the e-mail and write it; the next page shows it before sending."""
    if request.method == "POST":
        form = MailingForm(request.POST, trajectory=access.trajectory)
        if form.is_valid():
            try:
                mailing = services.mailing_create(
                    actor=request.user, moment=moment, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _to_mailing(access, mailing)
    else:
        audience = request.GET.get("audience", "")
        if audience not in Mailing.Audience.values:
            audience = Mailing.Audience.NOT_INVITED
        initial = {"audience": audience, **services.default_texts(moment, audience)}
        form = MailingForm(initial=initial, trajectory=access.trajectory)
    return _form_page(request, access, moment, form, None)


@page(read=ORGANISERS, write=ORGANISERS, scope=MOMENT_SCOPE, edits=True)
def mailing_edit(
    request: HttpRequest, access: Access, moment: MeasurementMoment, mailing_id: int
) -> HttpResponse:
    mailing = get_mailing(moment, mailing_id)
    if mailing.confirmed_at is not None:
        return _to_mailing(access, mailing)
    initial = {name: getattr(mailing, name) for name in TEXT_FIELDS}
    form = MailingForm(request.POST or None, initial=initial, trajectory=access.trajectory)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_update(
                actor=request.user, mailing=mailing, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _to_mailing(access, mailing)
    return _form_page(request, access, moment, form, mailing)


@page(read=ORGANISERS, scope=MOMENT_SCOPE)
def mailing_detail(
    request: HttpRequest, access: Access, moment: MeasurementMoment, mailing_id: int
) -> HttpResponse:
    """A draft: the e-mail as its first recipient gets it, the recipients, and the
    button that sends it; a sent mailing: its record."""
    mailing = get_mailing(moment, mailing_id)
    recipients = selectors.mailing_recipients(mailing, request.GET.get("page"))
    preview = None
    if recipients.first is not None:
        invitation = recipients.first.invitation
        invitation.moment = moment
        preview = services.mailing_message(mailing, invitation)
    context = {
        "access": access,
        "moment": moment,
        "mailing": mailing,
        "recipients": recipients,
        "preview": preview,
    }
    return render(request, "surveys/manage/mailing_detail.html", context)


@page(write=ORGANISERS, scope=MOMENT_SCOPE)
def mailing_send(
    request: HttpRequest, access: Access, moment: MeasurementMoment, mailing_id: int
) -> HttpResponse:
    """Confirm the draft with the number of recipients the organiser saw, and send it."""
    mailing = get_mailing(moment, mailing_id)
    try:
        expected = int(request.POST.get("expected", ""))
    except ValueError:
        messages.error(request, _("Confirm from the preview, which shows the number of people."))
        return _to_mailing(access, mailing)
    try:
        mailing = services.mailing_confirm(actor=request.user, mailing=mailing, expected=expected)
        mailing = services.mailing_send(mailing=mailing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_mailing(access, mailing)
    messages.success(
        request,
        ngettext(
            "The e-mail was sent to %(count)s person.",
            "The e-mail was sent to %(count)s people.",
            mailing.sent_count,
        )
        % {"count": mailing.sent_count},
    )
    return _to_mailing(access, mailing)


@page(write=ORGANISERS, scope=MOMENT_SCOPE)
def mailing_discard(
    request: HttpRequest, access: Access, moment: MeasurementMoment, mailing_id: int
) -> HttpResponse:
    mailing = get_mailing(moment, mailing_id)
    try:
        services.mailing_discard(actor=request.user, mailing=mailing)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_mailing(access, mailing)
    messages.success(request, _("The draft was discarded; nothing was sent."))
    return redirect("surveys:moment-detail", slug=access.trajectory.slug, key=moment.key)
