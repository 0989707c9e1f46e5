"""Forms of the organiser and researcher pages of surveys. They validate input; the
services check the rules and do the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leadtogether.surveys.models import Instrument, Mailing, MeasurementMoment, Question
from leadtogether.surveys.services.instruments import ChoiceData, QuestionFields
from leadtogether.trajectories.models import PLG

# Path segments of the pages that a moment or instrument id cannot take.
RESERVED_KEYS = frozenset({"new", "defaults"})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _check_key(key: str, taken: bool) -> str:
    if key in RESERVED_KEYS:
        raise ValidationError(
            _("'%(key)s' is reserved for a page; choose another id."), params={"key": key}
        )
    if taken:
        raise ValidationError(_("The id '%(key)s' is already in use."), params={"key": key})
    return key


# ---------------------------------------------------------------------------
# Moments


class MomentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens_on: dt.date | None = cleaned.get("opens_on")
        closes_on: dt.date | None = cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The moment must close on or after the day it opens."))
        return cleaned


class MomentCreateForm(MomentForm):
    key = forms.SlugField(
        label=_("Moment id"),
        max_length=60,
        help_text=_("Short id used in links and exports, e.g. mid-year."),
    )
    field_order = ["key", "name", "opens_on", "closes_on"]

    def __init__(self, *args: Any, trajectory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        taken = MeasurementMoment.objects.filter(trajectory=self.trajectory, key=key).exists()
        return _check_key(key, taken)


class AttachForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.none(),
        to_field_name="key",
        empty_label=None,
    )

    def __init__(self, *args: Any, instruments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments


# ---------------------------------------------------------------------------
# Instruments


class InstrumentForm(forms.Form):
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    intro_nl = forms.CharField(
        label=_("Introduction (Dutch)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class InstrumentCreateForm(InstrumentForm):
    key = forms.SlugField(
        label=_("Instrument id"),
        max_length=80,
        help_text=_("Short id used in links and exports, e.g. baseline-survey."),
    )
    field_order = ["key", "name_nl", "name_en", "intro_nl", "intro_en"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        return _check_key(key, Instrument.objects.filter(key=key).exists())


OPTIONS_HELP = _(
    "One option per line: code | Dutch label | English label, e.g. "
    "'1 | helemaal oneens | strongly disagree'. The code is stored and exported. "
    "A yes/no question gets the options yes and no by itself."
)


def options_text(question: Question | None) -> str:
    """The options of QUESTION as the builder's text area shows them."""
    if question is None:
        return ""
    return "\n".join(
        " | ".join(part for part in (c.code, c.label_nl, c.label_en) if part)
        for c in question.choices.all()
    )


def parse_options(text: str) -> list[ChoiceData]:
    """The options written one per line as ``code | Dutch label | English label``."""
    options = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) > 3:
            problems.append(
                _("Line %(number)s: at most three parts (code | Dutch | English).")
                % {"number": number}
            )
            continue
        code, label_nl, label_en = (parts + ["", ""])[:3]
        if not code or not label_nl:
            problems.append(
                _("Line %(number)s: give a code and a Dutch label, separated by '|'.")
                % {"number": number}
            )
            continue
        options.append(ChoiceData(code, label_nl, label_en))
    if problems:
        raise ValidationError(problems)
    return options


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    code = forms.CharField(
        label=_("Variable name"),
        max_length=60,
        help_text=_(
            "Used in exports: a letter first, then letters, digits or underscores, "
            "e.g. prior_plg_experience."
        ),
    )
    text_nl = forms.CharField(label=_("Question (Dutch)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(
        label=_("Question (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    help_nl = forms.CharField(label=_("Explanation (Dutch)"), required=False)
    help_en = forms.CharField(label=_("Explanation (English)"), required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    page = forms.IntegerField(label=_("Page"), min_value=1, initial=1)
    choices = forms.CharField(
        label=_("Answer options"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=OPTIONS_HELP,
    )
    min_value = forms.IntegerField(
        label=_("Minimum"), required=False, help_text=_("For a number question.")
    )
    max_value = forms.IntegerField(
        label=_("Maximum"), required=False, help_text=_("For a number question.")
    )
    show_if = forms.ChoiceField(
        label=_("Show only if this earlier question"), required=False, choices=()
    )
    show_if_values = forms.CharField(
        label=_("has one of these answers"),
        required=False,
        help_text=_("Codes of the answers, separated by commas, e.g. no."),
    )

    def __init__(self, *args: Any, earlier: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show_if"].choices = [("", _("(always shown)"))] + [
            (question.code, f"{question.position}. {question.code}: {question.text}")
            for question in earlier
            if question.has_choices
        ]

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        fields = QuestionFields.of(question)
        return {
            **{name: getattr(fields, name) for name in QuestionFields.__dataclass_fields__},
            "show_if_values": ", ".join(fields.show_if_values),
            "choices": options_text(question),
        }

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind != Question.Kind.NUMBER:
            cleaned["min_value"] = cleaned["max_value"] = None
        text = cleaned.get("choices") or ""
        if kind in Question.CHOICE_KINDS and text.strip():
            try:
                cleaned["options"] = parse_options(text)
            except ValidationError as error:
                self.add_error("choices", error)
        elif kind in Question.CHOICE_KINDS and kind != Question.Kind.YES_NO:
            cleaned["options"] = []
        else:
            cleaned["options"] = None  # yes/no gets its options; other kinds have none
        values = cleaned.get("show_if_values") or ""
        cleaned["show_if_values"] = tuple(v.strip() for v in values.split(",") if v.strip())
        return cleaned

    def question_fields(self) -> QuestionFields:
        data = self.cleaned_data
        return QuestionFields(
            code=data["code"],
            kind=data["kind"],
            text_nl=data["text_nl"],
            text_en=data["text_en"],
            help_nl=data["help_nl"],
            help_en=data["help_en"],
            required=data["required"],
            page=data["page"],
            min_value=data["min_value"],
            max_value=data["max_value"],
            show_if=data["show_if"],
            show_if_values=data["show_if_values"],
        )

    def options(self) -> list[ChoiceData] | None:
        return self.cleaned_data["options"]


# ---------------------------------------------------------------------------
# Mailings


class MailingForm(forms.Form):
    """Who gets the e-mail, and its subject and text in Dutch and English."""

    audience = forms.ChoiceField(label=_("Send to"), choices=Mailing.Audience.choices)
    plg = forms.ModelChoiceField(
        label=_("PLG"),
        queryset=PLG.objects.none(),
        required=False,
        help_text=_("Only for “one PLG”."),
    )
    subject_nl = forms.CharField(label=_("Subject (Dutch)"), max_length=200)
    body_nl = forms.CharField(label=_("Text (Dutch)"), widget=forms.Textarea(attrs={"rows": 12}))
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Text (English)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("Sent below the Dutch text; leave empty for a Dutch-only e-mail."),
    )

    def __init__(self, *args: Any, trajectory: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plg"].queryset = PLG.objects.filter(trajectory=trajectory).order_by("ref")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("audience") == Mailing.Audience.PLG and not cleaned.get("plg"):
            self.add_error("plg", _("Choose the PLG."))
        if cleaned.get("subject_en") and not cleaned.get("body_en"):
            self.add_error("body_en", _("Give the English text too, or leave both empty."))
        return cleaned
