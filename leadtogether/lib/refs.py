"""Identifiers for records that users exchange in workbooks."""

from __future__ import annotations

import secrets


def new_ref(prefix: str) -> str:
    """A fresh, readable reference such as ``PLG-7F3A9C``."""
    return f"{prefix}-{secrets.token_hex(3).upper()}"
