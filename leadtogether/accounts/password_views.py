"""Choosing a (new) password by e-mail: Django's password-reset views, branded.

The link of an invitation is the same link: the invited person chooses their first
password on the page where anyone else chooses a new one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from leadtogether.accounts.forms import PasswordResetForm
from leadtogether.lib.web import public


@public("GET", "POST")
def password_reset(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
        extra_email_context={"site_url": settings.SITE_URL},
    )(request)


@public("GET")
def password_reset_done(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"
    )(request)


@public("GET", "POST")
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    return auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )(request, uidb64=uidb64, token=token)


@public("GET")
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )(request)
