"""Every view declares who may use it.

A view is wrapped by ``public`` or ``signed_in(rule)``. The decorator records the rule
on the view (``view.access_rule``); a test walks every URL pattern and fails on a view
without one. The rule text says which fetch helper enforces the object-level check.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required

View = TypeVar("View", bound=Callable[..., Any])


def public(view: View) -> View:
    """Anyone may use this view, signed in or not."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def signed_in(rule: str) -> Callable[[View], View]:
    """Signed-in users only; RULE names the object-level check the view applies."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        guarded = login_required(wrapper)
        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
