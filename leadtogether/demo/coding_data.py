"""The demo's qualitative coding: the study's code tree as the trajectory's codebook.

The interviews of the demo are coded from the tags of ``interview_data`` (once the
transcripts exist); the codebook itself is the template of ``coding.study_codebook``.
"""

from __future__ import annotations

from leadtogether.coding.services import codebook_from_template
from leadtogether.trajectories.models import Trajectory


def coding_build(trajectory: Trajectory) -> None:
    codebook_from_template(actor=None, trajectory=trajectory)
