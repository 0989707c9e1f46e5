"""Reads of measurement moments: a trajectory's moments with their response rates, the
instruments a moment asks, and the follow-up of one moment (who was invited, started and
completed).

Every function issues a fixed number of queries, whatever the number of moments,
instruments or invitations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from leadtogether.lib.tables import natural_key
from leadtogether.registry.models import Level
from leadtogether.surveys.models import Invitation, MeasurementMoment, MomentInstrument, Response
from leadtogether.surveys.services.moments import DEFAULT_KEYS
from leadtogether.trajectories.models import Enrolment, PLGMembership, Trajectory

# ---------------------------------------------------------------------------
# Moments


def moment_status(moment: MeasurementMoment, today: dt.date | None = None) -> str:
    """``upcoming``, ``open`` or ``closed``."""
    return moment.status(today)


def moments_with_counts(trajectory: Trajectory) -> list[MeasurementMoment]:
    """The trajectory's moments with ``invited``, ``completed``, ``status`` and their
    instruments (``moment_instruments`` with version and instrument)."""
    moments = list(
        MeasurementMoment.objects.filter(trajectory=trajectory)
        .annotate(
            invited=Count("invitations"),
            completed=Count("invitations", filter=Q(invitations__completed_at__isnull=False)),
        )
        .prefetch_related(
            Prefetch(
                "moment_instruments",
                queryset=MomentInstrument.objects.select_related("version__instrument"),
            )
        )
    )
    today = timezone.localdate()
    for moment in moments:
        moment.status = moment_status(moment, today)
        moment.percent = _percent(moment.completed, moment.invited)
    return moments


def missing_default_moments(moments: list[MeasurementMoment]) -> bool:
    """Whether MOMENTS (all of a trajectory's) lack one of the study's four moments."""
    kinds = {moment.kind for moment in moments}
    return any(kind not in kinds for kind in DEFAULT_KEYS)


@dataclass(frozen=True)
class MomentInstrumentRow:
    link: MomentInstrument
    responses: int
    latest_number: int

    @property
    def can_detach(self) -> bool:
        return self.responses == 0


def moment_instruments(moment: MeasurementMoment) -> list[MomentInstrumentRow]:
    """The instruments MOMENT asks, each with the responses recorded for it there and
    the number of the instrument's latest version."""
    links = list(
        moment.moment_instruments.select_related("version__instrument")
        .annotate(latest_number=Max("version__instrument__versions__number"))
        .order_by("position", "pk")
    )
    responses = dict(
        Response.objects.filter(moment=moment)
        .values_list("version_id")
        .annotate(n=Count("pk"))
        .values_list("version_id", "n")
    )
    return [
        MomentInstrumentRow(
            link=link,
            responses=responses.get(link.version_id, 0),
            latest_number=link.latest_number or link.version.number,
        )
        for link in links
    ]


# ---------------------------------------------------------------------------
# Follow-up of one moment


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Counts:
    label: str = ""
    invited: int = 0
    started: int = 0
    completed: int = 0

    @property
    def percent(self) -> float | None:
        return _percent(self.completed, self.invited)

    def add(self, started: bool, completed: bool) -> None:
        self.invited += 1
        self.started += started
        self.completed += completed


@dataclass(frozen=True)
class Pending:
    """Someone invited who has not completed the questionnaire (organisers only)."""

    name: str
    school: str
    plg: str
    email: str
    sent_at: Any
    started_at: Any
    reminder_count: int
    last_reminded_at: Any


@dataclass
class Followup:
    total: Counts
    by_plg: list[Counts]
    by_level: list[Counts]
    not_invited: int
    not_sent: int
    no_email: int
    pending: list[Pending] = field(default_factory=list)  # the page of pending_page
    pending_total: int = 0  # everyone invited who has not completed, found or not
    pending_page: Page | None = None
    q: str = ""


PER_PAGE = 50


def followup(
    moment: MeasurementMoment, *, with_names: bool, query: str = "", page: Any = None
) -> Followup:
    """Who was invited, started and completed at MOMENT: in total, per PLG and per level
    of education; with WITH_NAMES also who has not completed yet: the PAGE (of fifty) of
    those whose name, school, e-mail address or research code holds QUERY. Three
    queries."""
    query = query.strip()[:100]
    code = Enrolment.objects.filter(
        trajectory_id=moment.trajectory_id, person_id=OuterRef("person_id")
    ).values("research_code")[:1]
    invitations = (
        Invitation.objects.filter(moment=moment)
        .annotate(research_code=Subquery(code))
        .values(
            "research_code",
            "person_id",
            "sent_at",
            "started_at",
            "completed_at",
            "reminder_count",
            "last_reminded_at",
            "person__first_name",
            "person__last_name",
            "person__email",
            "person__school__name",
            "person__school__level",
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
    plg_of: dict[int, str] = {}
    for person_id, plg_name in (
        PLGMembership.objects.filter(plg__trajectory_id=moment.trajectory_id)
        .order_by("plg__name")
        .values_list("person_id", "plg__name")
    ):
        plg_of.setdefault(person_id, plg_name)
    not_invited = (
        Enrolment.objects.filter(trajectory_id=moment.trajectory_id)
        .exclude(person__invitations__moment=moment)
        .count()
    )

    no_plg, unknown = _("(no PLG)"), _("unknown")
    levels = dict(Level.choices)
    total = Counts(label=_("All participants"))
    by_plg: dict[str, Counts] = {}
    by_level: dict[str, Counts] = {}
    pending: list[Pending] = []
    pending_total = not_sent = no_email = 0
    for row in invitations:
        completed = row["completed_at"] is not None
        started = completed or row["started_at"] is not None
        plg = plg_of.get(row["person_id"], no_plg)
        level = str(levels.get(row["person__school__level"] or "", unknown))
        total.add(started, completed)
        by_plg.setdefault(plg, Counts(label=plg)).add(started, completed)
        by_level.setdefault(level, Counts(label=level)).add(started, completed)
        not_sent += row["sent_at"] is None
        no_email += not row["person__email"]
        pending_total += not completed
        if with_names and not completed and _holds(row, query.casefold()):
            pending.append(
                Pending(
                    name=f"{row['person__first_name']} {row['person__last_name']}".strip(),
                    school=row["person__school__name"] or "",
                    plg="" if plg == no_plg else plg,
                    email=row["person__email"],
                    sent_at=row["sent_at"],
                    started_at=row["started_at"],
                    reminder_count=row["reminder_count"],
                    last_reminded_at=row["last_reminded_at"],
                )
            )
    level_order = [str(label) for _value, label in Level.choices] + [unknown]
    pending_page = Paginator(pending, PER_PAGE).get_page(page)
    return Followup(
        total=total,
        by_plg=sorted(by_plg.values(), key=lambda c: (c.label == no_plg, natural_key(c.label))),
        by_level=sorted(by_level.values(), key=lambda c: level_order.index(c.label)),
        not_invited=not_invited,
        not_sent=not_sent,
        no_email=no_email,
        pending=list(pending_page) if with_names else [],
        pending_total=pending_total,
        pending_page=pending_page if with_names else None,
        q=query,
    )


def _holds(row: dict[str, Any], query: str) -> bool:
    """Whether the invitation ROW's person matches QUERY (already case-folded)."""
    if not query:
        return True
    texts = (
        f"{row['person__first_name']} {row['person__last_name']}",
        row["person__school__name"] or "",
        row["person__email"] or "",
        row["research_code"] or "",
    )
    return any(query in text.casefold() for text in texts)
