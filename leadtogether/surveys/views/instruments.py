"""The instrument builder: instruments, their questions, options and conditions.

Changes apply to the latest version while it has no answers; after the first answer a
change makes a new version (see ``services.instruments``), and the page says so.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from leadtogether.lib.web import add_service_errors, render_page
from leadtogether.surveys import selectors
from leadtogether.surveys.access import INSTRUMENT_SCOPE, SURVEY_READERS
from leadtogether.surveys.forms import InstrumentCreateForm, InstrumentForm, QuestionForm
from leadtogether.surveys.models import Instrument, InstrumentVersion, Question
from leadtogether.surveys.services import instruments as services
from leadtogether.surveys.views._common import get_question
from leadtogether.trajectories.access import Access, page


def _builder_url(slug: str, instrument: Instrument, question: Question | None = None) -> str:
    url = reverse("surveys:instrument-detail", kwargs={"slug": slug, "key": instrument.key})
    return f"{url}#q-{question.pk}" if question is not None else url


def _note_new_version(request: HttpRequest, before: int, version: InstrumentVersion) -> None:
    """Tell the user when the change made a new version."""
    if version.number != before:
        messages.info(
            request,
            _(
                "Version %(old)s already has answers, so the change was made in a new "
                "version %(new)s. Moments without answers now ask version %(new)s; moments "
                "with answers keep version %(old)s."
            )
            % {"old": before, "new": version.number},
        )


def _builder_context(access: Access, instrument: Instrument, **extra: object) -> dict:
    return {
        "access": access,
        "instrument": instrument,
        "builder": selectors.builder(instrument, access.trajectory),
        "can_edit": not instrument.used_elsewhere,
        **extra,
    }


@page(read=SURVEY_READERS)
def instrument_list(request: HttpRequest, access: Access) -> HttpResponse:
    context = {"access": access, "rows": selectors.instrument_rows(access.trajectory)}
    return render(request, "surveys/manage/instrument_list.html", context)


@page(read=SURVEY_READERS, write=SURVEY_READERS)
def instrument_create(request: HttpRequest, access: Access) -> HttpResponse:
    slug = access.trajectory.slug
    form = InstrumentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Instrument %(name)s created.") % {"name": instrument})
            return redirect(_builder_url(slug, instrument))
    context = {"access": access, "form": form, "instrument": None}
    return render(request, "surveys/manage/instrument_form.html", context)


@page(read=SURVEY_READERS, scope=INSTRUMENT_SCOPE)
def instrument_detail(request: HttpRequest, access: Access, instrument: Instrument) -> HttpResponse:
    """The builder: the questions of the latest version and where each version is used."""
    return render(
        request, "surveys/manage/instrument_detail.html", _builder_context(access, instrument)
    )


@page(read=SURVEY_READERS, write=SURVEY_READERS, scope=INSTRUMENT_SCOPE, edits=True)
def instrument_edit(request: HttpRequest, access: Access, instrument: Instrument) -> HttpResponse:
    slug = access.trajectory.slug
    initial = {
        name: getattr(instrument, name) for name in ("name_nl", "name_en", "intro_nl", "intro_en")
    }
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(
                actor=request.user, instrument=instrument, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Instrument %(name)s saved.") % {"name": instrument})
            return redirect(_builder_url(slug, instrument))
    context = {"access": access, "form": form, "instrument": instrument}
    return render(request, "surveys/manage/instrument_form.html", context)


@page(read=SURVEY_READERS, write=SURVEY_READERS, scope=INSTRUMENT_SCOPE, edits=True)
def question_create(request: HttpRequest, access: Access, instrument: Instrument) -> HttpResponse:
    slug = access.trajectory.slug
    version = services.latest_version(instrument)
    earlier = list(version.questions.prefetch_related("choices").order_by("position"))
    form = QuestionForm(
        request.POST or None, earlier=earlier, initial={"page": _last_page(earlier)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_add(
                actor=request.user,
                instrument=instrument,
                fields=form.question_fields(),
                choices=form.options(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Question %(code)s added.") % {"code": question.code})
            _note_new_version(request, version.number, question.version)
            return redirect(_builder_url(slug, instrument, question))
    context = {"access": access, "instrument": instrument, "form": form, "question": None}
    return render(request, "surveys/manage/question_form.html", context)


def _last_page(questions: list[Question]) -> int:
    return questions[-1].page if questions else 1


@page(read=SURVEY_READERS, write=SURVEY_READERS, scope=INSTRUMENT_SCOPE, edits=True)
def question_edit(
    request: HttpRequest, access: Access, instrument: Instrument, question_id: int
) -> HttpResponse:
    slug = access.trajectory.slug
    question = get_question(instrument, question_id)
    earlier = list(
        question.version.questions.filter(position__lt=question.position)
        .prefetch_related("choices")
        .order_by("position")
    )
    form = QuestionForm(
        request.POST or None, earlier=earlier, initial=QuestionForm.initial_for(question)
    )
    if request.method == "POST" and form.is_valid():
        before = question.version.number
        try:
            changed = services.question_update(
                actor=request.user,
                question=question,
                fields=form.question_fields(),
                choices=form.options(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            question = get_question(instrument, question_id)
        else:
            messages.success(request, _("Question %(code)s saved.") % {"code": changed.code})
            _note_new_version(request, before, changed.version)
            return redirect(_builder_url(slug, instrument, changed))
    context = {"access": access, "instrument": instrument, "form": form, "question": question}
    return render(request, "surveys/manage/question_form.html", context)


@page(write=SURVEY_READERS, scope=INSTRUMENT_SCOPE)
def question_move(
    request: HttpRequest, access: Access, instrument: Instrument, question_id: int
) -> HttpResponse:
    """Move a question up or down (the builder's list is swapped in place with htmx)."""
    slug = access.trajectory.slug
    question = get_question(instrument, question_id)
    before = question.version.number
    error_message = ""
    moved = question
    try:
        moved = services.question_move(
            actor=request.user, question=question, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        error_message = " ".join(error.messages)
    if not getattr(request, "htmx", False):
        if error_message:
            messages.error(request, error_message)
        else:
            _note_new_version(request, before, moved.version)
        return redirect(_builder_url(slug, instrument, moved))
    context = _builder_context(
        access,
        instrument,
        move_error=error_message,
        new_version=moved.version.number if moved.version.number != before else None,
        old_version=before,
    )
    return render_page(
        request,
        "surveys/manage/instrument_detail.html",
        "surveys/manage/_questions.html",
        context,
    )


@page(read=SURVEY_READERS, write=SURVEY_READERS, scope=INSTRUMENT_SCOPE, edits=True)
def question_delete(
    request: HttpRequest, access: Access, instrument: Instrument, question_id: int
) -> HttpResponse:
    slug = access.trajectory.slug
    question = get_question(instrument, question_id)
    error_message = ""
    if request.method == "POST":
        before = question.version.number
        try:
            version = services.question_delete(actor=request.user, question=question)
        except ValidationError as error:
            error_message = " ".join(error.messages)
        else:
            messages.success(request, _("Question %(code)s deleted.") % {"code": question.code})
            _note_new_version(request, before, version)
            return redirect(_builder_url(slug, instrument))
    context = {
        "access": access,
        "instrument": instrument,
        "question": question,
        "error": error_message,
    }
    return render(request, "surveys/manage/question_delete.html", context)
