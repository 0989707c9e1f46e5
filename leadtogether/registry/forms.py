"""Forms of the registry pages. They validate input (including the models' constraints);
services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leadtogether.lib.forms import ModelMultipleChoiceField
from leadtogether.registry.models import Partnership, Person, School
from leadtogether.trajectories.access import partnerships_in_scope, schools_in_scope
from leadtogether.trajectories.models import Trajectory
from leadtogether.trajectories.registry_selectors import school_choices

REF_HELP = _("Leave empty to get a generated id.")


def _ref_field(form: forms.ModelForm) -> None:
    """The id may be chosen when creating a record and is fixed afterwards (workbooks and
    other systems refer to it)."""
    field = form.fields["ref"]
    if form.instance.pk:
        field.disabled = True
        field.help_text = _("The id cannot be changed.")
    else:
        field.required = False
        field.help_text = REF_HELP


class SchoolChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return f"{obj.name} ({obj.ref})"


class SchoolForm(forms.ModelForm):
    partnerships = ModelMultipleChoiceField(
        label=_("Partnerships"),
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Add the new school to these partnerships of the trajectory."),
    )

    class Meta:
        model = School
        fields = ["ref", "name", "level", "network", "region"]

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _ref_field(self)
        if self.instance.pk:
            del self.fields["partnerships"]  # edited on the partnership's page
        else:
            self.fields["partnerships"].queryset = partnerships_in_scope(trajectory)


class PartnershipForm(forms.ModelForm):
    schools = SchoolChoices(
        label=_("Schools"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partnership
        fields = ["ref", "name", "form", "participation", "learning_level", "schools"]
        widgets = {"learning_level": forms.NumberInput(attrs={"min": 1, "max": 4})}

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _ref_field(self)
        self.trajectory = trajectory
        self.fields["schools"].queryset = school_choices(trajectory, self.instance)
        self.fields["schools"].help_text = _(
            "The trajectory asks for at least %(minimum)s schools per partnership."
        ) % {"minimum": trajectory.min_schools_per_partnership}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        form = cleaned.get("form")
        participation = cleaned.get("participation")
        # the model's check constraint, next to the field it concerns
        if form == Partnership.Form.B and participation:
            self.add_error("participation", _("A form B partnership has no participation."))
        elif form in {Partnership.Form.A, Partnership.Form.A_PLUS} and not participation:
            self.add_error(
                "participation",
                _("Say whether the scholengemeenschap takes part partially or fully."),
            )
        return cleaned


class PersonForm(forms.ModelForm):
    enrol = forms.BooleanField(label=_("Enrolled in this trajectory"), required=False)
    research_consent = forms.BooleanField(
        label=_("Consents to the use of their data for research"), required=False
    )

    class Meta:
        model = Person
        fields = [
            "ref",
            "first_name",
            "last_name",
            "email",
            "school",
            "function_title",
            "function_category",
        ]

    def __init__(
        self, *args: Any, trajectory: Trajectory, enrolled: bool, consent: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).update({"enrol": enrolled, "research_consent": consent})
        super().__init__(*args, **kwargs)
        _ref_field(self)
        self.fields["school"].queryset = schools_in_scope(trajectory)
        self.fields["school"].help_text = _("Leave empty for a coach.")
        self.fields["enrol"].help_text = _("School leaders are enrolled; a coach usually is not.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if (
            email
            and Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(_("Another person is registered with this e-mail."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        creating = not self.instance.pk
        if creating and cleaned.get("school") and not cleaned.get("enrol"):
            self.add_error(
                "enrol",
                _(
                    "A school leader is enrolled in the trajectory; leave the school empty "
                    "for a coach."
                ),
            )
        if cleaned.get("research_consent") and not cleaned.get("enrol"):
            self.add_error("research_consent", _("Research consent is recorded with an enrolment."))
        return cleaned
