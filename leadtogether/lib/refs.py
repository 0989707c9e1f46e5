"""Identifiers for records that users exchange in workbooks.

A ref is part of the addresses of the record's pages, so it holds only characters that
need no escaping in a URL path: ASCII letters, digits, "-", "_" and "." (at most 40),
starting with a letter or a digit (so never "." or ".."). "new" is the address of the
page that makes a record, so it is no ref.
"""

from __future__ import annotations

import re
import secrets

REF_MAX_LENGTH = 40
REF_PATTERN = re.compile(r"\A(?!new\Z)[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def new_ref(prefix: str) -> str:
    """A fresh, readable reference such as ``PLG-7F3A9C``."""
    return f"{prefix}-{secrets.token_hex(3).upper()}"
