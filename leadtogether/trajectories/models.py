"""A trajectory with its norms, enrolments, PLGs and sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leadtogether.lib.refs import REF_MAX_LENGTH
from leadtogether.registry.models import Partnership, Person
from leadtogether.registry.validators import validate_ref
from leadtogether.trajectories.validators import (
    validate_session_time,
    validate_trajectory_date,
)


class Trajectory(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(
        _("start of the first training year"), validators=[validate_trajectory_date]
    )
    year_one_end = models.DateField(
        _("end of the first training year"), validators=[validate_trajectory_date]
    )
    end = models.DateField(
        _("end of the second training year"), validators=[validate_trajectory_date]
    )
    follow_up_end = models.DateField(
        _("end of the follow-up year"), validators=[validate_trajectory_date]
    )
    training_days_per_year = models.PositiveSmallIntegerField(
        _("training days per year"), default=4
    )
    plg_meetings_per_year = models.PositiveSmallIntegerField(_("PLG meetings per year"), default=4)
    max_coaching_sessions = models.PositiveSmallIntegerField(
        _("maximum individual coaching sessions per participant"), default=3
    )
    min_schools_per_partnership = models.PositiveSmallIntegerField(
        _("minimum schools per partnership"), default=4, validators=[MinValueValidator(1)]
    )
    target_schools_per_plg = models.PositiveSmallIntegerField(
        _("target schools per PLG"), default=8, validators=[MinValueValidator(1)]
    )
    partnerships = models.ManyToManyField(
        Partnership, related_name="trajectories", blank=True, verbose_name=_("partnerships")
    )
    # People registered from this trajectory's pages who are not enrolled (coaches,
    # directors): they belong to its registry, and to no other trajectory's.
    staff = models.ManyToManyField(
        "registry.Person", related_name="staff_of", blank=True, verbose_name=_("staff")
    )

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("year_one_end"))
                & Q(year_one_end__lt=F("end"))
                & Q(end__lt=F("follow_up_end")),
                name="trajectory_dates_in_order",
                violation_error_message=_(
                    "The dates must follow each other: start, end of year 1, end, "
                    "end of the follow-up year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def periods(self) -> list[Period]:
        """Training year 1, training year 2 and the follow-up year, in order."""
        day = dt.timedelta(days=1)
        return [
            Period("year-1", _("training year 1"), self.start, self.year_one_end),
            Period("year-2", _("training year 2"), self.year_one_end + day, self.end),
            Period("follow-up", _("follow-up year"), self.end + day, self.follow_up_end),
        ]

    def period_of(self, day: dt.date) -> Period | None:
        return next((p for p in self.periods() if p.first_day <= day <= p.last_day), None)


@dataclass(frozen=True)
class Period:
    """A stretch of a trajectory: its key, name and first and last day."""

    key: str
    label: str
    first_day: dt.date
    last_day: dt.date


class Enrolment(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    research_consent = models.BooleanField(_("research consent"), default=False)
    research_code = models.CharField(
        _("research code"),
        max_length=16,
        blank=True,
        help_text=_("Pseudonymous code (R001 …) used in research exports instead of the name."),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "person"], name="enrolment_once_per_trajectory"
            ),
            models.UniqueConstraint(
                fields=["trajectory", "research_code"],
                condition=~Q(research_code=""),
                name="enrolment_research_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.trajectory}"


class PLG(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="plgs")
    ref = models.CharField(_("PLG id"), max_length=REF_MAX_LENGTH, validators=[validate_ref])
    name = models.CharField(_("name"), max_length=100)
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="plgs", verbose_name=_("partnership")
    )
    coach = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_plgs",
        verbose_name=_("coach"),
    )
    members = models.ManyToManyField(
        Person, through="PLGMembership", related_name="plgs", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("PLG")
        verbose_name_plural = _("PLGs")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "ref"], name="plg_ref_unique"),
            models.UniqueConstraint(fields=["trajectory", "name"], name="plg_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PLGMembership(models.Model):
    plg = models.ForeignKey(PLG, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plg_memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plg", "person"], name="plg_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.plg}"


class Session(models.Model):
    class Kind(models.TextChoices):
        TRAINING_DAY = "training_day", _("training day")
        PLG_MEETING = "plg_meeting", _("PLG meeting")
        COACHING = "coaching", _("individual coaching")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="sessions")
    ref = models.CharField(_("session id"), max_length=REF_MAX_LENGTH, validators=[validate_ref])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_session_time])
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, validators=[validate_session_time]
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    plg = models.ForeignKey(
        PLG,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("PLG"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coaching_sessions",
        verbose_name=_("coached participant"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at", "ref"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["trajectory", "starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "ref"], name="session_ref_unique"),
            models.CheckConstraint(
                condition=~Q(kind="plg_meeting") | Q(plg__isnull=False),
                name="session_plg_meeting_has_plg",
                violation_error_message=_("A PLG meeting needs a PLG."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="coaching") | Q(person__isnull=False),
                name="session_coaching_has_person",
                violation_error_message=_("A coaching session needs the coached participant."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="session_cancel_has_reason",
                violation_error_message=_("A cancelled session needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class CalendarFeed(models.Model):
    """A user's secret link to the sessions of one trajectory, for calendar apps.

    Calendar apps cannot sign in, so the token in the link is the credential; renewing
    the feed gives it a new token and the old link stops working.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "trajectory"], name="calendar_feed_once_per_user_and_trajectory"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.trajectory}"
