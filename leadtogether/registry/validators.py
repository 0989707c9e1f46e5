"""The one pattern of the refs users exchange (school_id, person_id, plg_id, …)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leadtogether.lib.refs import REF_PATTERN


def validate_ref(value: str) -> None:
    """A ref is part of page addresses: refuse one that a URL cannot hold as it is."""
    if not REF_PATTERN.match(value):
        raise ValidationError(
            _(
                "'%(value)s' cannot be an id: use only letters (a–z, A–Z), digits, '-', '_' "
                "and '.', starting with a letter or a digit ('new' is reserved)."
            ),
            code="invalid_ref",
            params={"value": value},
        )
