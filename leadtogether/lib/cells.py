"""Reading spreadsheet and CSV cells as the text a person sees."""

from __future__ import annotations

import datetime as dt
from typing import Any


def cell_text(value: Any, *, true: str = "yes", false: str = "no") -> str:
    """A cell as text, trimmed: empty cells give "", whole numbers lose their ".0",
    dates and times come out in ISO format and booleans as TRUE or FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return true if value else false
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
