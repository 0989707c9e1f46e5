"""The PLG composer: propose the PLGs of a trajectory from its partnerships.

- ``core``: the rule (one PLG per partnership, split when far above the target size),
  the proposed PLGs and the warnings for the organiser, on plain data;
- ``selectors``: ``proposal_for_trajectory``, the proposal for a trajectory as stored.

``plg_proposal_accept`` in ``trajectories/services/plgs.py`` turns an accepted proposal into
PLGs.
"""

from leadtogether.trajectories.composer.core import (
    ParticipantInput,
    PartnershipInput,
    Proposal,
    ProposalWarning,
    ProposedPLG,
    SchoolInput,
    WarningCode,
    group_sizes,
    next_plg_number,
    plg_count,
    propose_plgs,
)
from leadtogether.trajectories.composer.selectors import proposal_for_trajectory

__all__ = [
    "ParticipantInput",
    "PartnershipInput",
    "Proposal",
    "ProposalWarning",
    "ProposedPLG",
    "SchoolInput",
    "WarningCode",
    "group_sizes",
    "next_plg_number",
    "plg_count",
    "proposal_for_trajectory",
    "propose_plgs",
]
