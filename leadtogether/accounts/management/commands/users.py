"""``leadtogether users invite|grant|revoke|list``: people and their roles in a trajectory."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tabulate import tabulate

from leadtogether.accounts import services
from leadtogether.accounts.models import Role, RoleGrant, User
from leadtogether.registry.models import Partnership
from leadtogether.trajectories import selectors
from leadtogether.trajectories import services as trajectory_services
from leadtogether.trajectories.models import PLG, Trajectory

ROLES = ", ".join(Role.values)
INVITE_HELP = (
    "Invite the person with EMAIL to the trajectory as ROLE: the registry's person with that "
    "address, or a new one (give --first-name and --last-name). A new account gets an "
    "e-mail with a link to choose a password; an existing account gets the role and a "
    "notice. A coordinating director needs --partnership; a coach given --plg becomes its "
    "coach; a participant must be enrolled."
)
GRANT_HELP = "Give an existing account a role in the trajectory, without an e-mail."
REVOKE_HELP = "Take a role away; the trajectory's last organiser keeps theirs."
LIST_HELP = "Who holds which role in the trajectory, one line per role."


class Command(BaseCommand):
    help = "People and their roles in a trajectory: invite, grant, revoke, list."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        invite = actions.add_parser(
            "invite", help="invite a person by e-mail", description=INVITE_HELP
        )
        _role_arguments(invite)
        invite.add_argument("--first-name", default="", help="for a new person")
        invite.add_argument("--last-name", default="", help="for a new person")
        invite.add_argument(
            "--language", default="nl", choices=["nl", "en"], help="of the e-mail (nl)"
        )
        grant = actions.add_parser("grant", help="give an account a role", description=GRANT_HELP)
        _role_arguments(grant)
        revoke = actions.add_parser("revoke", help="take a role away", description=REVOKE_HELP)
        revoke.add_argument("email", metavar="EMAIL")
        revoke.add_argument("--trajectory", required=True, metavar="SLUG")
        revoke.add_argument("--role", required=True, metavar="ROLE", help=ROLES)
        revoke.add_argument("--partnership", metavar="PARTNERSHIP_ID", help="a director's")
        listing = actions.add_parser("list", help="who holds which role", description=LIST_HELP)
        listing.add_argument("--trajectory", required=True, metavar="SLUG")

    def handle(self, *args: Any, **options: Any) -> None:
        trajectory = _trajectory(options["trajectory"])
        action = options["action"]
        if action == "list":
            self._list(trajectory)
            return
        role = _role(options["role"])
        try:
            if action == "invite":
                self._invite(trajectory, role, options)
            elif action == "grant":
                self._grant(trajectory, role, options)
            else:
                self._revoke(trajectory, role, options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _invite(self, trajectory: Trajectory, role: str, options: dict[str, Any]) -> None:
        invitation = trajectory_services.role_invite(
            actor=None,
            trajectory=trajectory,
            email=options["email"],
            role=role,
            first_name=options["first_name"],
            last_name=options["last_name"],
            plg=_plg(trajectory, options["plg"]),
            partnership=_partnership(options["partnership"]),
            language=options["language"],
        )
        user = invitation.grant.user
        if invitation.sends_password_link:
            text = _("%(email)s invited as %(role)s; the e-mail has a link to choose a password.")
        else:
            text = _("%(email)s now holds the role %(role)s; the e-mail says so.")
        self.stdout.write(text % {"email": user.email, "role": role})

    def _grant(self, trajectory: Trajectory, role: str, options: dict[str, Any]) -> None:
        user = _user(options["email"])
        trajectory_services.role_grant_add(
            actor=None,
            trajectory=trajectory,
            user=user,
            role=role,
            plg=_plg(trajectory, options["plg"]),
            partnership=_partnership(options["partnership"]),
        )
        self.stdout.write(
            _("%(user)s now holds the role %(role)s.") % {"user": user.username, "role": role}
        )

    def _revoke(self, trajectory: Trajectory, role: str, options: dict[str, Any]) -> None:
        user = _user(options["email"])
        partnership = _partnership(options["partnership"])
        grant = RoleGrant.objects.filter(
            user=user, trajectory=trajectory, role=role, partnership=partnership
        ).first()
        if grant is None:
            raise CommandError(
                _("%(user)s does not hold the role %(role)s in %(trajectory)s.")
                % {"user": user.username, "role": role, "trajectory": trajectory.slug}
            )
        services.role_grant_revoke(actor=None, grant=grant)
        self.stdout.write(
            _("%(user)s no longer holds the role %(role)s.") % {"user": user.username, "role": role}
        )

    def _list(self, trajectory: Trajectory) -> None:
        grants = list(selectors.role_grant_rows(trajectory))
        plgs = selectors.role_grant_plgs(trajectory, grants)
        rows = [
            (
                grant.user.email or grant.user.username,
                grant.user.get_full_name(),
                grant.role,
                ";".join(plg.ref for plg in plgs.get(grant.pk, [])),
                grant.partnership.ref if grant.partnership else "",
                "yes" if grant.user.last_login else "no",
            )
            for grant in grants
        ]
        headers = ["email", "name", "role", "plg_id", "partnership_id", "signed_in"]
        self.stdout.write(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))


def _role_arguments(parser: CommandParser) -> None:
    parser.add_argument("email", metavar="EMAIL")
    parser.add_argument("--trajectory", required=True, metavar="SLUG")
    parser.add_argument("--role", required=True, metavar="ROLE", help=ROLES)
    parser.add_argument("--plg", metavar="PLG_ID", help="a coach's PLG (they become its coach)")
    parser.add_argument("--partnership", metavar="PARTNERSHIP_ID", help="a director's")


def _trajectory(slug: str) -> Trajectory:
    trajectory = Trajectory.objects.filter(slug=slug).first()
    if trajectory is None:
        known = ", ".join(Trajectory.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            _("Unknown trajectory %(slug)s; known trajectories: %(known)s.")
            % {"slug": repr(slug), "known": known or _("none")}
        )
    return trajectory


def _role(role: str) -> str:
    if role not in Role.values:
        raise CommandError(
            _("Unknown role %(role)s; the roles are: %(roles)s.")
            % {"role": repr(role), "roles": ROLES}
        )
    return role


def _user(email: str) -> User:
    try:
        user = services.user_by_email(email.strip())
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    if user is None:
        raise CommandError(
            _("No account uses %(email)s; invite the person with 'users invite'.")
            % {"email": repr(email)}
        )
    return user


def _plg(trajectory: Trajectory, ref: str | None) -> PLG | None:
    if not ref:
        return None
    plg = PLG.objects.filter(trajectory=trajectory, ref=ref).first()
    if plg is None:
        raise CommandError(
            _("Unknown PLG %(ref)s in %(trajectory)s.")
            % {"ref": repr(ref), "trajectory": trajectory.slug}
        )
    return plg


def _partnership(ref: str | None) -> Partnership | None:
    if not ref:
        return None
    partnership = Partnership.objects.filter(ref=ref).first()
    if partnership is None:
        raise CommandError(_("Unknown partnership %(ref)s.") % {"ref": repr(ref)})
    return partnership
