"""Sign-in throttling: django-axes' check, for sign-ins through a page."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class SignInThrottle(AxesStandaloneBackend):
    """Refuses a sign-in while its username or address is locked out (see settings).

    Only a sign-in through a page has a request to count it by; ``authenticate``
    called without one (the test client's ``login``, a shell) is not throttled and left
    to the next backend.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
