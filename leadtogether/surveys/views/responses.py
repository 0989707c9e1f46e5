"""The submitted responses of a moment, pseudonymised: the list, one response with its
answers and correction history, and a researcher's logged correction of one answer.

A respondent appears only by the research code of their enrolment, and only when they
consented to research; the responses of anyone else cannot be opened here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadtogether.lib.web import add_service_errors
from leadtogether.surveys import selectors
from leadtogether.surveys.access import MOMENT_SCOPE, RESEARCHERS, SURVEY_READERS
from leadtogether.surveys.answers import AnswerValue, is_shown
from leadtogether.surveys.models import MeasurementMoment, Question, Response
from leadtogether.surveys.services import responses as response_services
from leadtogether.trajectories.access import Access, page


def get_response(moment: MeasurementMoment, response_id: int) -> selectors.ResponseRow:
    """A response at MOMENT of a respondent who consented to research; 404 for any other."""
    row = selectors.pseudonymous_response(moment, response_id)
    if row is None:
        raise Http404
    return row


def get_response_question(response: Response, question_id: int) -> Question:
    """A question of the response's instrument version, with its options; 404 otherwise."""
    question = (
        Question.objects.filter(pk=question_id, version_id=response.version_id)
        .prefetch_related("choices")
        .first()
    )
    if question is None:
        raise Http404
    return question


def _detail_url(access: Access, moment: MeasurementMoment, response: Response) -> str:
    return reverse(
        "surveys:response-detail",
        kwargs={"slug": access.trajectory.slug, "key": moment.key, "response_id": response.pk},
    )


class CorrectionForm(forms.Form):
    """The new answer to one question (a field fitting its kind) and the reason.

    The value is checked by the service (``clean_answer``), the one check of answers.
    """

    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the log with the old and the new answer."),
        error_messages={"required": gettext_lazy("Say why the answer is corrected.")},
    )

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"value": self._value_field(question), **self.fields}

    @staticmethod
    def _value_field(question: Question) -> forms.Field:
        label = gettext_lazy("New answer")
        options = [
            (choice.code, f"{choice.label} ({choice.code})") for choice in question.choices.all()
        ]
        kind = question.kind
        if kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label,
                choices=options,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=gettext_lazy("Tick none to remove the answer."),
            )
        if kind in Question.CHOICE_KINDS:
            return forms.ChoiceField(
                label=label, choices=[("", _("(no answer)")), *options], required=False
            )
        if kind == Question.Kind.NUMBER:
            attrs: dict[str, Any] = {"step": 1}
            if question.min_value is not None:
                attrs["min"] = question.min_value
            if question.max_value is not None:
                attrs["max"] = question.max_value
            return forms.CharField(
                label=label,
                required=False,
                widget=forms.NumberInput(attrs=attrs),
                help_text=gettext_lazy("Leave empty to remove the answer."),
            )
        widget = forms.Textarea(attrs={"rows": 4}) if kind == Question.Kind.LONG_TEXT else None
        return forms.CharField(
            label=label,
            required=False,
            widget=widget or forms.TextInput,
            help_text=gettext_lazy("Leave empty to remove the answer."),
        )


def _initial(value: AnswerValue | None) -> Any:
    if value is None:
        return None
    return value if isinstance(value, list) else str(value)


@page(read=SURVEY_READERS, scope=MOMENT_SCOPE)
def response_list(request: HttpRequest, access: Access, moment: MeasurementMoment) -> HttpResponse:
    """The submitted responses of the moment, one row per response, by research code."""
    context = {
        "access": access,
        "moment": moment,
        "listing": selectors.response_rows(
            moment, request.GET.get("q", ""), request.GET.get("page")
        ),
        "can_correct": access.is_researcher,
    }
    return render(request, "surveys/manage/response_list.html", context)


@page(read=SURVEY_READERS, scope=MOMENT_SCOPE)
def response_detail(
    request: HttpRequest, access: Access, moment: MeasurementMoment, response_id: int
) -> HttpResponse:
    """The questions with the stored answers, and the logged corrections."""
    row = get_response(moment, response_id)
    questions = response_services.version_questions(row.response.version)
    answers = response_services.response_answer_values(row.response)
    context = {
        "access": access,
        "moment": moment,
        "row": row,
        "response": row.response,
        "submitted": row.response.status == Response.Status.SUBMITTED,
        "answers": selectors.answer_rows(questions, answers),
        "corrections": selectors.response_corrections(row.response, questions),
        "can_correct": access.is_researcher,
    }
    return render(request, "surveys/manage/response_detail.html", context)


@page(read=RESEARCHERS, write=RESEARCHERS, scope=MOMENT_SCOPE)
def response_correct(
    request: HttpRequest,
    access: Access,
    moment: MeasurementMoment,
    response_id: int,
    question_id: int,
) -> HttpResponse:
    """Change one answer of a submitted response, with a reason kept in the log."""
    row = get_response(moment, response_id)
    response = row.response
    question = get_response_question(response, question_id)
    answers = response_services.response_answer_values(response)
    current = answers.get(question.pk)
    context: dict[str, Any] = {
        "access": access,
        "moment": moment,
        "row": row,
        "response": response,
        "question": question,
        "current": selectors.answer_labels(question, current),
        "shown": is_shown(question, answers),
        "form": None,
    }
    template = "surveys/manage/response_correct.html"
    if response.status != Response.Status.SUBMITTED:
        # Until it is submitted, the respondent still changes it through the personal link.
        return render(request, template, context, status=400 if request.method == "POST" else 200)

    form = CorrectionForm(
        request.POST or None, question=question, initial={"value": _initial(current)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            response_services.response_correct(
                actor=request.user,
                response=response,
                question=question,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The answer to %(code)s of %(respondent)s was corrected.")
                % {"code": question.code, "respondent": row.code or _("this response")},
            )
            return HttpResponseRedirect(f"{_detail_url(access, moment, response)}#q-{question.pk}")
    context["form"] = form
    return render(request, template, context)
