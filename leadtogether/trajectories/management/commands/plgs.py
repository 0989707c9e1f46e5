"""``leadtogether plgs propose --trajectory SLUG [--accept] [--format text|csv]``."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadtogether.lib.spreadsheets import csv_writer
from leadtogether.trajectories.composer import Proposal, ProposedPLG, proposal_for_trajectory
from leadtogether.trajectories.models import Trajectory
from leadtogether.trajectories.services import plg_proposal_accept

# The composer's rule, as the organiser reads it in `leadtogether plgs propose --help`.
RULE = (
    "One PLG per partnership. A partnership with n schools that have enrolled leaders gets "
    "k = max(1, floor(n / target + 0.5)) PLGs (target 8: up to 11 schools one PLG, 12-19 "
    "two, 20-27 three); its schools, sorted by region and name, are cut into k groups of "
    "near-equal size, larger groups first (19 -> 10 + 9), and the leaders of one school "
    "stay together. PLGs are numbered 'PLG n' over the partnerships in name order, after "
    "the highest existing number. Partnerships that already have a PLG are skipped."
)

CSV_COLUMNS = ["name", "partnership", "part", "parts", "schools", "participants", "school_names"]


class Command(BaseCommand):
    help = "PLG composer: propose the PLGs of a trajectory from its partnerships. " + RULE

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        propose = actions.add_parser(
            "propose", help="propose PLGs (and create them with --accept)", description=RULE
        )
        propose.add_argument(
            "--trajectory", required=True, metavar="SLUG", help="the trajectory's slug"
        )
        propose.add_argument(
            "--accept", action="store_true", help="create the proposed PLGs with their members"
        )
        propose.add_argument(
            "--from-scratch",
            action="store_true",
            help="propose as if the trajectory had no PLGs yet (a preview; not with --accept)",
        )
        propose.add_argument(
            "--format",
            choices=["text", "csv"],
            default="text",
            help="text (default) or csv; with csv the warnings go to stderr",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        trajectory = _trajectory(options["trajectory"])
        if options["from_scratch"] and options["accept"]:
            raise CommandError("--from-scratch is a preview: it cannot be combined with --accept.")
        proposal = proposal_for_trajectory(trajectory, from_scratch=options["from_scratch"])
        if options["format"] == "csv":
            self.stdout.write(_csv(proposal), ending="")
            self.stderr.write(_warnings_text(proposal), ending="")
        else:
            self.stdout.write(_text(trajectory, proposal), ending="")
        if options["accept"]:
            self._accept(trajectory, proposal)

    def _accept(self, trajectory: Trajectory, proposal: Proposal) -> None:
        if not proposal.plgs:
            self.stdout.write(_("Nothing to create."))
            return
        try:
            created = plg_proposal_accept(actor=None, trajectory=trajectory, proposal=proposal)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            ngettext(
                "Created %(count)d PLG: %(names)s.",
                "Created %(count)d PLGs: %(names)s.",
                len(created),
            )
            % {"count": len(created), "names": ", ".join(plg.name for plg in created)}
        )


def _trajectory(slug: str) -> Trajectory:
    trajectory = Trajectory.objects.filter(slug=slug).first()
    if trajectory is None:
        known = ", ".join(Trajectory.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            _("Unknown trajectory %(slug)s; known trajectories: %(known)s.")
            % {"slug": repr(slug), "known": known or _("none")}
        )
    return trajectory


def _part(plg: ProposedPLG) -> str:
    if not plg.is_split:
        return ""
    return " " + _("(part %(part)d of %(parts)d)") % {"part": plg.part, "parts": plg.parts}


def _counts(plg: ProposedPLG) -> str:
    schools = ngettext("%(count)d school", "%(count)d schools", plg.school_count)
    participants = ngettext(
        "%(count)d participant", "%(count)d participants", plg.participant_count
    )
    return ", ".join(
        [
            schools % {"count": plg.school_count},
            participants % {"count": plg.participant_count},
        ]
    )


def _text(trajectory: Trajectory, proposal: Proposal) -> str:
    lines = [
        ngettext(
            "%(count)d PLG proposed for %(trajectory)s.",
            "%(count)d PLGs proposed for %(trajectory)s.",
            len(proposal.plgs),
        )
        % {"count": len(proposal.plgs), "trajectory": trajectory.name}
    ]
    for plg in proposal.plgs:
        lines += [
            "",
            f"{plg.name} – {plg.partnership_name}{_part(plg)}",
            "  " + _counts(plg),
        ]
        lines += [
            f"  - {school.name} ({school.region or '–'}): {len(school.participants)}"
            for school in plg.schools
        ]
    return "\n".join(lines) + "\n\n" + _warnings_text(proposal)


def _warnings_text(proposal: Proposal) -> str:
    if not proposal.warnings:
        return _("No warnings.") + "\n"
    lines = [
        ngettext("%(count)d warning:", "%(count)d warnings:", len(proposal.warnings))
        % {"count": len(proposal.warnings)}
    ]
    lines += [f"  ! {warning.code}: {warning.message}" for warning in proposal.warnings]
    return "\n".join(lines) + "\n"


def _csv(proposal: Proposal) -> str:
    """One row per proposed PLG; the column names are fixed so that scripts can read them."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for plg in proposal.plgs:
        writer.writerow(
            [
                plg.name,
                plg.partnership_name,
                plg.part,
                plg.parts,
                plg.school_count,
                plg.participant_count,
                "; ".join(school.name for school in plg.schools),
            ]
        )
    return out.getvalue()
