"""Forms of the accounts pages: asking for a new password, inviting a person to a
trajectory and changing a role. They validate input; services do the writing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from leadtogether.accounts.models import Role, User
from leadtogether.registry.models import Partnership
from leadtogether.trajectories.access import partnerships_in_scope
from leadtogether.trajectories.models import PLG, Trajectory


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, also for an invited person who has not chosen a password yet (the
    link they receive is the one of their invitation)."""

    def get_users(self, email: str) -> Iterator[User]:
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())


class PLGChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PLG) -> str:
        return f"{obj.name} ({obj.ref})"


class PartnershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Partnership) -> str:
        return f"{obj.name} ({obj.ref})"


def _role_fields(form: forms.Form, trajectory: Trajectory) -> None:
    form.fields["plg"].queryset = PLG.objects.filter(trajectory=trajectory).order_by("name")
    form.fields["partnership"].queryset = partnerships_in_scope(trajectory)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    partnership = PartnershipChoice(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        help_text=_("For a coordinating director: the partnership whose PLGs they follow."),
    )
    plg = PLGChoice(
        label=_("PLG"),
        queryset=PLG.objects.none(),
        required=False,
        help_text=_(
            "For a coach: the PLG they coach (they become its coach). For a participant: "
            "their PLG, as a check."
        ),
    )

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _role_fields(self, trajectory)


class InviteForm(RoleForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Only for someone not registered yet."),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        help_text=_("Only for someone not registered yet."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="nl"
    )

    field_order = ["email", "first_name", "last_name", "role", "partnership", "plg", "language"]


class ResendForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, initial="nl", required=False)
