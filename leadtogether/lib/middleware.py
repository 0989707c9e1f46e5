"""Middleware of the whole site."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(texts: Iterable[str]) -> bool:
    return any(NUL in text for text in texts)


def _pairs(data) -> Iterable[str]:  # a QueryDict or a dict of cookies
    if hasattr(data, "lists"):
        for key, values in data.lists():
            yield key
            yield from (value for value in values if isinstance(value, str))
    else:
        for key, value in data.items():
            yield key
            yield value


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character (%00) in its path, query string,
    cookies or form fields, before anything else sees it.

    PostgreSQL cannot store text with a NUL, nor compare with it, so one NUL in any
    value that reaches a query is a server error; no person types one. Uploaded files
    are left alone (a spreadsheet holds NUL bytes).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return HttpResponseBadRequest(
                _(
                    "The request contains a NUL character (code 0), which is not allowed "
                    "in an address or a form. Remove it and try again."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _has_nul(self, request: HttpRequest) -> bool:
        return (
            NUL in request.path
            or NUL in request.path_info
            or _has_nul(_pairs(request.GET))
            or _has_nul(_pairs(request.COOKIES))
            or (request.method == "POST" and _has_nul(_pairs(request.POST)))
        )
