"""Forms of the trajectory pages. They validate input; services do the writing."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from leadtogether.lib.forms import ModelMultipleChoiceField
from leadtogether.registry.models import Person
from leadtogether.trajectories import selectors
from leadtogether.trajectories.access import Access
from leadtogether.trajectories.calendar_grid import MONTH, WEEK
from leadtogether.trajectories.composer import Proposal
from leadtogether.trajectories.models import PLG, Attendance, Session
from leadtogether.trajectories.validators import validate_session_time, validate_trajectory_date


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.school})" if obj.school_id else obj.full_name


class MemberChoiceField(ModelMultipleChoiceField):
    """Participants labelled with their school and, when they are in one, their PLG."""

    def label_from_instance(self, obj: Person) -> str:
        label = f"{obj.full_name} ({obj.school})" if obj.school_id else obj.full_name
        plg_name = getattr(obj, "plg_name", None)
        return f"{label} · {plg_name}" if plg_name else label


class PLGForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    coach = PersonChoiceField(
        label=_("Coach"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("(no coach yet)"),
    )
    members = MemberChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Enrolled participants of the trajectory, each in one PLG at most: the members "
            "first, then the leaders of the partnership's schools."
        ),
    )

    def __init__(self, *args: Any, plg: PLG, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plg = plg
        self.fields["coach"].queryset = selectors.coach_candidates(plg.trajectory)
        self.fields["members"].queryset = selectors.member_choices(plg)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = (
            PLG.objects.filter(trajectory_id=self.plg.trajectory_id, name=name)
            .exclude(pk=self.plg.pk)
            .exists()
        )
        if taken:
            raise ValidationError(
                _("Another PLG of this trajectory is called %(name)s."), params={"name": name}
            )
        return name


def _check_order(
    form: forms.Form, starts_at: dt.datetime | None, ends_at: dt.datetime | None
) -> None:
    if starts_at and ends_at and ends_at <= starts_at:
        form.add_error("ends_at", _("The end must come after the start."))


class SessionScheduleForm(forms.Form):
    """Date, time, place and title of a session (for planning and rescheduling)."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeLocalInput, validators=[validate_session_time]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=DateTimeLocalInput,
        required=False,
        validators=[validate_session_time],
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _check_order(self, cleaned.get("starts_at"), cleaned.get("ends_at"))
        return cleaned


class SessionCreateForm(SessionScheduleForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    plg = forms.ModelChoiceField(
        label=_("PLG"),
        queryset=PLG.objects.none(),
        required=False,
        to_field_name="ref",
        help_text=_("For a PLG meeting."),
    )
    person = PersonChoiceField(
        label=_("Coached participant"),
        queryset=Person.objects.none(),
        required=False,
        to_field_name="ref",
        help_text=_("For an individual coaching session."),
    )
    field_order = ["kind", "plg", "person", "title", "starts_at", "ends_at", "location"]

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        if not access.is_organiser:
            self.fields["kind"].choices = [
                (value, label)
                for value, label in Session.Kind.choices
                if value != Session.Kind.TRAINING_DAY
            ]
        self.fields["plg"].queryset = selectors.coached_plgs(access)
        self.fields["person"].queryset = selectors.coachable_people(access)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        trajectory = self.access.trajectory
        if kind == Session.Kind.TRAINING_DAY:
            cleaned["plg"] = None
            cleaned["person"] = None
        elif kind == Session.Kind.PLG_MEETING:
            cleaned["person"] = None
            if not cleaned.get("plg") and "plg" not in self.errors:
                self.add_error("plg", _("Choose the PLG that meets."))
        elif kind == Session.Kind.COACHING:
            person = cleaned.get("person")
            if person is None:
                if "person" not in self.errors:
                    self.add_error("person", _("Choose the participant who is coached."))
            else:
                cleaned["plg"] = selectors.plg_of_person(trajectory, person)
                used = selectors.coaching_count(trajectory, person)
                if used >= trajectory.max_coaching_sessions:
                    self.add_error(
                        "person",
                        _(
                            "%(person)s already has %(count)s coaching sessions; this "
                            "trajectory allows at most %(max)s."
                        )
                        % {
                            "person": person,
                            "count": used,
                            "max": trajectory.max_coaching_sessions,
                        },
                    )
        return cleaned


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Participants see this reason in the calendar."),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.session.status == Session.Status.HELD:
            raise ValidationError(_("This session took place; it cannot be cancelled."))
        return cleaned


class AttendanceForm(forms.Form):
    """One present/absent/excused choice per expected person (fields ``p<person id>``)."""

    def __init__(
        self,
        *args: Any,
        rows: list[selectors.AttendanceRow],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people: dict[str, Person] = {}
        for row in rows:
            name = f"p{row.person.pk}"
            self.people[name] = row.person
            self.fields[name] = forms.ChoiceField(
                label=row.person.full_name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=row.status or None,
                error_messages={"required": _("Choose present, absent or excused.")},
            )

    def attendance(self) -> dict[Person, str]:
        return {person: self.cleaned_data[name] for name, person in self.people.items()}


class CalendarFilterForm(forms.Form):
    """Which stretch of the calendar (a month or a week, around ``day``) and which sessions."""

    view = forms.ChoiceField(
        label=_("Show"), required=False, widget=forms.HiddenInput,
        choices=[(MONTH, _("month")), (WEEK, _("week"))],
    )  # fmt: skip
    day = forms.DateField(label=_("Day"), required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    # A search, not a list of every PLG: the page stays the same size in a large trajectory.
    plg = forms.CharField(
        label=_("PLG"), required=False, max_length=100, strip=True,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name or code")}),
    )  # fmt: skip

    def __init__(self, *args: Any, plgs: QuerySet[PLG], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plgs = plgs
        self.fields["view"].error_messages["invalid_choice"] = _(
            "Unknown view: %(value)s. Choose month or week."
        )
        self.fields["day"].error_messages["invalid"] = _("Unknown day: give a date as YYYY-MM-DD.")
        self.fields["kind"].choices = [("", _("all kinds")), *Session.Kind.choices]
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Unknown kind of session: %(value)s."
        )

    def clean_plg(self) -> QuerySet[PLG] | None:
        """The PLGs searched for: the one whose code it is, else those whose name holds it."""
        text = self.cleaned_data["plg"]
        if not text:
            return None
        by_code = self.plgs.filter(ref__iexact=text)
        found = by_code if by_code.exists() else self.plgs.filter(name__icontains=text)
        if by_code is not found and not found.exists():
            raise ValidationError(
                _("There is no PLG %(value)s that you may see.") % {"value": text}
            )
        return found

    def clean_day(self) -> dt.date | None:
        day = self.cleaned_data["day"]
        if day is not None:
            validate_trajectory_date(day)
        return day


def proposal_fingerprint(proposal: Proposal) -> str:
    """A short digest of what PROPOSAL would create, to notice that it changed between
    showing it and accepting it (positions must still mean the same PLGs)."""
    content = repr([(p.name, p.partnership_ref, p.participants) for p in proposal.plgs])
    return hashlib.sha256(content.encode()).hexdigest()[:16]


class ComposerForm(forms.Form):
    """Per proposed PLG (by position ``i``): ``include_i``, ``name_i`` and ``coach_i``."""

    fingerprint = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, proposal: Proposal, coaches: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["fingerprint"].initial = proposal_fingerprint(proposal)
        self.coach_by_pk = {str(person.pk): person for person in coaches}
        # plain choices built once: a ModelChoiceField per PLG would query once per PLG
        coach_choices = [("", _("(no coach yet)"))] + [
            (str(person.pk), person.full_name) for person in coaches
        ]
        for index, proposed in enumerate(proposal.plgs):
            self.fields[f"include_{index}"] = forms.BooleanField(
                label=_("Create this PLG"), required=False, initial=True
            )
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("Name"), max_length=100, initial=proposed.name, required=False
            )
            self.fields[f"coach_{index}"] = forms.ChoiceField(
                label=_("Coach"), choices=coach_choices, required=False
            )

    def is_current(self) -> bool:
        """False when the proposal changed since the organiser saw it."""
        return self.data.get("fingerprint") == proposal_fingerprint(self.proposal)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "index": index,
                "plg": proposed,
                "include": self[f"include_{index}"],
                "name": self[f"name_{index}"],
                "coach": self[f"coach_{index}"],
                "warnings": self.proposal.warnings_for(index),
            }
            for index, proposed in enumerate(self.proposal.plgs)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for index in range(len(self.proposal.plgs)):
            if cleaned.get(f"include_{index}") and not cleaned.get(f"name_{index}", "").strip():
                self.add_error(f"name_{index}", _("Give the PLG a name."))
        return cleaned

    def excluded(self) -> set[int]:
        return {
            index
            for index in range(len(self.proposal.plgs))
            if not self.cleaned_data[f"include_{index}"]
        }

    def names(self) -> dict[int, str]:
        return {
            index: self.cleaned_data[f"name_{index}"].strip()
            for index in range(len(self.proposal.plgs))
            if index not in self.excluded()
        }

    def coaches(self) -> dict[int, Person | None]:
        return {
            index: self.coach_by_pk.get(self.cleaned_data[f"coach_{index}"])
            for index in range(len(self.proposal.plgs))
        }
