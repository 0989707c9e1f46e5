"""Scopes of the coding pages: a code of the trajectory's codebook, a transcript to code.

Researchers and organisers reach every code and coded transcript of their trajectory;
other roles reach none. Researchers change the codebook and code; organisers read.
"""

from __future__ import annotations

from leadtogether.coding.models import Code
from leadtogether.lib.web import Scope
from leadtogether.trajectories.access import ORGANISER, RESEARCHER, TRAJECTORY_WIDE, Access

CODING_READERS = frozenset({ORGANISER, RESEARCHER})
CODERS = frozenset({RESEARCHER})


def _code(access: Access, roles: frozenset[str], code_id: int, *, write: bool) -> Code | None:
    if not roles & TRAJECTORY_WIDE:
        return None
    if write and RESEARCHER not in roles:
        return None
    return (
        Code.objects.filter(trajectory=access.trajectory, pk=code_id)
        .select_related("trajectory", "parent")
        .first()
    )


CODE_SCOPE = Scope(name="code", kwarg="code_id", fetch=_code)
