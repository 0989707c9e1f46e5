"""Answering through a personal link: no sign-in, a page at a time, nothing lost.

Every answer is saved when it changes (htmx posts it to ``autosave``) and every page when
the respondent moves on ("Next", "Previous", "Save"), so the same link later shows all
answers given so far. Without JavaScript the page buttons alone save everything.

The token in the URL is the respondent's credential: these views take no authority from a
cookie or a sign-in, so they are exempt from CSRF protection. A forged cross-site request
would need the secret token itself, and whoever has it can answer anyway; a CSRF check
would only add a way to lose answers (a cookie blocked or cleared while a page is open).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from leadtogether.lib.web import public
from leadtogether.surveys import ratelimit
from leadtogether.surveys.answers import AnswerValue, is_shown
from leadtogether.surveys.models import InstrumentVersion, Invitation, Question, Response
from leadtogether.surveys.services.responses import (
    ResponseIncomplete,
    ResponseSubmitted,
    autosave_question,
    autosave_response,
    invitation_by_token,
    invitation_responses,
    moment_versions,
    response_answer_values,
    response_answers_save,
    response_open,
    response_submit,
    version_questions,
)

TEMPLATES = "surveys/respond"
ACTIONS = {"next", "previous", "save", "submit"}


@dataclass
class Progress:
    """Where the respondent is: the moment's instruments in order and their responses."""

    invitation: Invitation
    versions: list[InstrumentVersion]
    responses: dict[int, Response]

    def is_submitted(self, version: InstrumentVersion) -> bool:
        response = self.responses.get(version.pk)
        return response is not None and response.status == Response.Status.SUBMITTED

    @property
    def current(self) -> InstrumentVersion | None:
        """The first instrument not yet submitted (None when all are)."""
        return next((v for v in self.versions if not self.is_submitted(v)), None)

    @property
    def received_at(self) -> Any:
        submitted = [r.submitted_at for r in self.responses.values() if r.submitted_at]
        return self.invitation.completed_at or (max(submitted) if submitted else None)


@dataclass
class Item:
    """One question on the page with what is filled in and its error, if any."""

    question: Question
    value: Any = None
    error: str = ""
    selected: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return field_name(self.question)


def field_name(question: Question) -> str:
    return f"answer-{question.pk}"


def posted_value(data: QueryDict, question: Question) -> Any:
    """The raw answer posted for QUESTION (a list for multiple choice)."""
    if question.kind == Question.Kind.MULTIPLE:
        return data.getlist(field_name(question))
    return data.get(field_name(question))


def shown_pages(
    questions: list[Question], answers: dict[int, AnswerValue]
) -> dict[int, list[Question]]:
    """The pages that have a shown question, in order, with their shown questions."""
    pages: dict[int, list[Question]] = {}
    for question in questions:
        if is_shown(question, answers):
            pages.setdefault(question.page, []).append(question)
    return dict(sorted(pages.items()))


def resume_page(pages: dict[int, list[Question]], answers: dict[int, AnswerValue]) -> int:
    """The first page with an unanswered question, else the last page."""
    for number, questions in pages.items():
        if any(answers.get(question.pk) is None for question in questions):
            return number
    return list(pages)[-1] if pages else 1


def survey_url(token: str, page: int | None = None) -> str:
    url = reverse("respond:survey", kwargs={"token": token})
    return f"{url}?page={page}" if page is not None else url


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _invitation_or_refusal(
    request: HttpRequest, token: str, **lookup: Any
) -> Invitation | HttpResponse:
    """The invitation of TOKEN, or the page refusing it (too many tries, unknown link)."""
    if ratelimit.is_blocked(request):
        return render(request, f"{TEMPLATES}/too_many.html", status=429)
    invitation = invitation_by_token(token, **lookup)
    if invitation is None:
        ratelimit.record_bad_token(request)
        return render(request, f"{TEMPLATES}/unknown.html", status=404)
    return invitation


def link_state(progress: Progress) -> str:
    """The state of the link: thanks (all submitted), not_open, closed, empty or open.

    The moment's opening and closing dates are days in the site's time zone (Brussels).
    """
    moment = progress.invitation.moment
    if progress.versions and progress.current is None:
        return "thanks"
    status = moment.status()
    if status == "upcoming":
        return "not_open"
    if status == "closed":
        return "closed"
    return "open" if progress.versions else "empty"


STATE_PAGES = {
    "thanks": ("thanks.html", 200),
    "not_open": ("not_open.html", 200),
    "closed": ("closed.html", 410),
    "empty": ("no_questions.html", 200),
}


def _state_page(request: HttpRequest, state: str, progress: Progress) -> HttpResponse:
    template, status = STATE_PAGES[state]
    context = {"moment": progress.invitation.moment, "received_at": progress.received_at}
    return render(request, f"{TEMPLATES}/{template}", context, status=status)


def _progress(invitation: Invitation) -> Progress:
    return Progress(
        invitation=invitation,
        versions=moment_versions(invitation),
        responses=invitation_responses(invitation),
    )


def _render_page(
    request: HttpRequest,
    progress: Progress,
    version: InstrumentVersion,
    questions: list[Question],
    answers: dict[int, AnswerValue],
    page: int | None,
    *,
    raw: dict[Question, Any] | None = None,
    errors: dict[Question, str] | None = None,
) -> HttpResponse:
    pages = shown_pages(questions, answers)
    if page not in pages:
        page = resume_page(pages, answers)
    numbers = list(pages)
    index = numbers.index(page) if page in numbers else 0
    raw = raw or {}
    errors = errors or {}
    items = []
    for question in pages.get(page, []):
        value = raw[question] if question in errors else answers.get(question.pk)
        values = value if isinstance(value, list) else [value]
        items.append(
            Item(
                question=question,
                value="" if value is None or isinstance(value, list) else value,
                error=errors.get(question, ""),
                selected=[str(v) for v in values if v is not None],
            )
        )
    context = {
        "token": progress.invitation.token,
        "moment": progress.invitation.moment,
        "version": version,
        "instrument": version.instrument,
        "instrument_number": progress.versions.index(version) + 1,
        "instrument_count": len(progress.versions),
        "page": page,
        "page_number": index + 1,
        "page_count": max(len(numbers), 1),
        "is_first": index == 0,
        "is_last": index >= len(numbers) - 1,
        "items": items,
        "has_errors": bool(errors),
    }
    return render(request, f"{TEMPLATES}/page.html", context)


@public("GET", "POST")
@csrf_exempt
@never_cache
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The questions of the current page; a POST saves the page and moves on."""
    # A post is answered with a redirect: the trajectory and person are read only when
    # the page is shown again with errors.
    related = ("moment",) if request.method == "POST" else ("moment__trajectory", "person")
    found = _invitation_or_refusal(request, token, related=related)
    if isinstance(found, HttpResponse):
        return found
    progress = _progress(found)
    state = link_state(progress)
    if request.method == "POST" and state in {"open", "thanks"}:
        return _save_page(request, progress)  # after the last submit: refused, thanked
    version = progress.current
    if state != "open" or version is None:
        return _state_page(request, state, progress)
    questions = version_questions(version)
    answers = response_answer_values(progress.responses.get(version.pk))
    page = _int(request.GET.get("page"))
    return _render_page(request, progress, version, questions, answers, page)


@dataclass
class PostedPage:
    """A posted page: which questions it showed, what was filled in, which button."""

    version: InstrumentVersion
    questions: list[Question]  # all of the version's, with their choices
    page: int | None
    action: str
    shown: list[Question]
    raw: dict[Question, Any]


def _posted_page(request: HttpRequest, progress: Progress) -> PostedPage | None:
    """The page posted, or None when it names no questionnaire of the moment."""
    version_id = _int(request.POST.get("version"))
    version = next((v for v in progress.versions if v.pk == version_id), None)
    if version is None:
        return None
    questions = version_questions(version)
    by_pk = {question.pk: question for question in questions}
    shown_ids = {_int(value) for value in request.POST.getlist("shown")}
    shown = [question for pk, question in by_pk.items() if pk in shown_ids]
    action = request.POST.get("action", "save")
    return PostedPage(
        version=version,
        questions=questions,
        page=_int(request.POST.get("page")),
        action=action if action in ACTIONS else "save",
        shown=shown,
        # A field missing from the post (a radio never chosen) leaves the answer as it is.
        raw={q: posted_value(request.POST, q) for q in shown if field_name(q) in request.POST},
    )


def _save_page(request: HttpRequest, progress: Progress) -> HttpResponse:
    token = progress.invitation.token
    posted = _posted_page(request, progress)
    if posted is None:
        if progress.current is not None:
            messages.error(request, _("The page was not recognised; please answer it again."))
        return redirect(survey_url(token))
    response = progress.responses.get(posted.version.pk)
    if progress.is_submitted(posted.version):
        return _already_submitted(request, token, posted.action, response)
    errors: dict[Question, str] = {}
    try:
        if posted.raw or posted.action == "submit":
            if response is None:
                response = response_open(invitation=progress.invitation, version=posted.version)
            errors = response_answers_save(
                response=response, raw_answers=posted.raw, invitation=progress.invitation
            )
    except ResponseSubmitted as error:
        return _already_submitted(request, token, posted.action, error.response)
    answers = response_answer_values(response)
    if errors:
        messages.error(
            request,
            _(
                "Some answers could not be saved; see the messages next to the questions. "
                "The other answers on this page were saved."
            ),
        )
        return _render_page(
            request,
            progress,
            posted.version,
            posted.questions,
            answers,
            posted.page,
            raw=posted.raw,
            errors=errors,
        )
    if response is not None and posted.action == "submit":
        return _submit(request, progress, posted, response, answers)
    return _move_on(request, token, posted, answers)


def _move_on(
    request: HttpRequest, token: str, posted: PostedPage, answers: dict[int, AnswerValue]
) -> HttpResponse:
    """To the next or previous page, or back to this one when questions appeared on it."""
    pages = shown_pages(posted.questions, answers)
    page = posted.page
    if posted.action == "next" and _appeared(posted, pages):
        messages.info(request, _("More questions appeared on this page, after your answers."))
        return redirect(survey_url(token, page))
    if posted.action == "save":
        messages.success(request, _("Your answers were saved."))
        return redirect(survey_url(token, page))
    later = [n for n in pages if page is None or n > page]
    earlier = [n for n in pages if page is not None and n < page]
    if posted.action == "next":
        return redirect(survey_url(token, later[0] if later else page))
    return redirect(survey_url(token, earlier[-1] if earlier else page))


def _appeared(posted: PostedPage, pages: dict[int, list[Question]]) -> bool:
    """Whether the answers just saved show questions on this page that it did not show."""
    shown = {question.pk for question in posted.shown}
    return any(question.pk not in shown for question in pages.get(posted.page, []))


def _submit(
    request: HttpRequest,
    progress: Progress,
    posted: PostedPage,
    response: Response,
    answers: dict[int, AnswerValue],
) -> HttpResponse:
    token = progress.invitation.token
    pages = shown_pages(posted.questions, answers)
    if _appeared(posted, pages):
        messages.info(request, _("More questions appeared on this page, after your answers."))
        return redirect(survey_url(token, posted.page))
    try:
        response_submit(response=response, questions=posted.questions)
    except ResponseIncomplete as error:
        messages.error(request, error.message)
        first = error.missing[0]
        page = next((n for n, shown in pages.items() if first in shown), first.page)
        return redirect(survey_url(token, page))
    others = [v for v in progress.versions if v != posted.version and not progress.is_submitted(v)]
    if others:
        messages.success(
            request, _("Thank you, these answers were received. Please go on with the next part.")
        )
    return redirect(survey_url(token))


def _already_submitted(
    request: HttpRequest, token: str, action: str, response: Response | None
) -> HttpResponse:
    """A second submit is a no-op; other saves are refused with a clear message."""
    if action != "submit" and response is not None:
        messages.warning(request, ResponseSubmitted(response).message)
    return redirect(survey_url(token))


@public("POST")
@csrf_exempt
@never_cache
def autosave(request: HttpRequest, token: str) -> HttpResponse:
    """Save one answer as it changes (htmx) and say so next to the question."""
    found = _invitation_or_refusal(request, token, related=("moment",))
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    if not invitation.moment.is_open():
        return _status(request, error=_("Answers cannot be saved with this link now."))
    question = autosave_question(invitation, _int(request.POST.get("question")))
    if question is None:
        return _status(request, error=_("This question is not part of the survey."))
    if field_name(question) not in request.POST:
        return _status(request)
    raw = posted_value(request.POST, question)
    try:
        response, stored = autosave_response(invitation, question)
        if response is None:
            response = response_open(invitation=invitation, version=question.version)
        errors = response_answers_save(
            response=response, raw_answers={question: raw}, invitation=invitation, stored=stored
        )
    except ResponseSubmitted as error:
        return _status(request, error=error.message)
    except ValidationError as error:
        return _status(request, error=" ".join(error.messages))
    if errors:
        return _status(request, error=errors[question])
    return _status(request, saved_at=timezone.localtime())


def _status(request: HttpRequest, *, error: str = "", saved_at: Any = None) -> HttpResponse:
    # Always 200: htmx shows only successful responses, and the message must be seen.
    context = {"error": error, "saved_at": saved_at}
    return render(request, f"{TEMPLATES}/_status.html", context)
