"""Forms of the coding pages. Codes are offered as plain choices built from one query of
the codebook, so a posted id is checked against that list (never looked up)."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from leadtogether.coding.models import Code


def code_choices(codes: Iterable[Code], *, root: str | None = None) -> list[tuple[str, str]]:
    choices = [("", root)] if root is not None else []
    return choices + [(str(code.pk), code.path) for code in codes]


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ChoiceField(label=_("Under"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    inclusion = forms.CharField(
        label=_("Include when"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    exclusion = forms.CharField(
        label=_("Exclude when"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    colour = forms.RegexField(
        label=_("Colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#1f77b4",
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Give a colour as # and six hexadecimal digits.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Code.Kind.choices)
    question = forms.ChoiceField(
        label=_("Research question"),
        choices=[("", "—"), *Code.Question.choices],
        required=False,
    )

    def __init__(self, *args, codes: Iterable[Code] = (), with_parent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_parent:
            self.fields["parent"].choices = code_choices(codes, root=_("(top level)"))
        else:
            del self.fields["parent"]


class CodeMoveForm(forms.Form):
    parent = forms.ChoiceField(label=_("Move under"), required=False)

    def __init__(self, *args, codes: Iterable[Code] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = code_choices(codes, root=_("(top level)"))


class CodeMergeForm(forms.Form):
    target = forms.ChoiceField(label=_("Merge into"))

    def __init__(self, *args, codes: Iterable[Code] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = code_choices(codes)


class CodeSplitForm(forms.Form):
    name = forms.CharField(label=_("Name of the new code"), max_length=200)
    codings = forms.MultipleChoiceField(
        label=_("Codings that move to the new code"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, codings: Iterable[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codings"].choices = list(codings)


class MemoForm(forms.Form):
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}))
