"""The e-mails of the accounts app: an invitation (with a link to choose a password) and
the notice of a new role. Each is written in one language, Dutch unless told otherwise.

The link to choose a password is Django's password-reset link: a token that only works
until the password is set or the person signs in, and for ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from leadtogether.accounts.models import Role, RoleGrant, User


def set_password_link(user: User) -> str:
    """The address where USER chooses a (new) password."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def link_days() -> int:
    """For how many days a link to choose a password works (at least one)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


def _name(user: User | None) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.username


def invitation_send(
    *, user: User, grant: RoleGrant, inviter: User | None, language: str, password_link: bool
) -> None:
    """Tell USER about GRANT: an invitation with a link to choose a password, or (for
    an account that has one) a notice with the sign-in link. A failure to send is a
    ValidationError, so that the caller's transaction writes nothing."""
    with translation.override(language):
        context: dict[str, Any] = {
            "user": user,
            "name": user.first_name or user.get_full_name(),
            "inviter": _name(inviter),
            "trajectory": grant.trajectory.name,
            "role": Role(grant.role).label,
            "partnership": grant.partnership,
            "username": user.get_username(),
            "site_url": settings.SITE_URL,
            "sign_in_link": f"{settings.SITE_URL}{reverse('accounts:login')}",
            "days": link_days(),
        }
        kind = "invitation" if password_link else "role_notice"
        if password_link:
            context["link"] = set_password_link(user)
        subject = render_to_string(f"accounts/email/{kind}_subject.txt", context)
        body = render_to_string(f"accounts/email/{kind}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=[user.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise ValidationError(
            _("The e-mail to %(email)s could not be sent (%(error)s); nothing was changed.")
            % {"email": user.email, "error": error}
        ) from error
