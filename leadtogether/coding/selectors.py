"""Reads of the coding app."""

from __future__ import annotations

from leadtogether.coding.models import Code
from leadtogether.trajectories.models import Trajectory


def codebook(trajectory: Trajectory) -> list[Code]:
    """The trajectory's codes in tree order (by path), in one query."""
    return list(Code.objects.filter(trajectory=trajectory).order_by("path"))
