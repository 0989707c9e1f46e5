"""What a locked-out sign-in gets: the sign-in page with a clear message (HTTP 429), and
one audit entry per lockout. Called by django-axes (see ``AXES_*`` in settings)."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from leadtogether.accounts.models import AuditEntry, User
from leadtogether.accounts.services import audit_record


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username a sign-in is counted under: as typed, without case or spaces."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "").strip().lower()


def _audit_once(request: HttpRequest, username: str) -> None:
    """One entry per lockout of a username from an address, not one per refused try."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recorded = AuditEntry.objects.filter(
        action="sign_in_locked_out",
        at__gte=since,
        detail__username=username,
        detail__address=address,
    )
    if recorded.exists():
        return
    user = User.objects.filter(username__iexact=username).first() if username else None
    audit_record(
        actor=None,
        action="sign_in_locked_out",
        obj=user,
        object_type="accounts.user",
        detail={"username": username, "address": address},
    )


def lockout_response(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    username = username_of(request, credentials)
    _audit_once(request, username)
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "locked_out": True,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
