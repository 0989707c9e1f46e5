"""Counting unknown survey links per client, so personal links cannot be found by trying.

The count lives in Django's cache (in memory by default, Redis when REDIS_URL is set, so
that every server process shares it). A client that tried more than BAD_TOKEN_LIMIT
unknown links within BAD_TOKEN_WINDOW seconds is refused until the window has passed —
also for a valid link, so that trying tells nothing.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

BAD_TOKEN_LIMIT = 20
BAD_TOKEN_WINDOW = 10 * 60  # seconds


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the web server passed it on (REMOTE_ADDR).

    Behind a reverse proxy, the proxy must set it to the visitor's address.
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(request: HttpRequest) -> str:
    return f"respond:bad-tokens:{client_address(request)}"


def is_blocked(request: HttpRequest) -> bool:
    """Whether the client already tried BAD_TOKEN_LIMIT unknown links in the window."""
    return int(cache.get(_key(request), 0)) >= BAD_TOKEN_LIMIT


def record_bad_token(request: HttpRequest) -> int:
    """Count one more unknown link for the client; the window starts at the first."""
    key = _key(request)
    if cache.add(key, 1, timeout=BAD_TOKEN_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=BAD_TOKEN_WINDOW)
        return 1
