"""Instruments with versioned questions, measurement moments, invitations and responses.

An instrument's questions live in a version. A version without answers can still be
edited; once a version has an answer, a change makes a new version, so every stored
answer keeps pointing at the question as it was asked.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leadtogether.registry.models import Person
from leadtogether.trajectories.models import Trajectory


def _in_language(nl: str, en: str) -> str:
    """The Dutch or English wording, following the active language (Dutch by default)."""
    language = (get_language() or "nl").split("-")[0]
    return (en or nl) if language == "en" else (nl or en)


class Instrument(models.Model):
    key = models.SlugField(_("instrument id"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_nl, self.name_en)

    @property
    def intro(self) -> str:
        return _in_language(self.intro_nl, self.intro_en)


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        LIKERT = "likert", _("Likert scale")
        YES_NO = "yes_no", _("yes/no")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")

    CHOICE_KINDS = frozenset({"single", "multiple", "likert", "yes_no"})

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(
        _("variable name"),
        max_length=60,
        help_text=_("Short name used in exports, e.g. prior_plg_experience."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    text_nl = models.TextField(_("question (Dutch)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_nl = models.TextField(_("explanation (Dutch)"), blank=True)
    help_en = models.TextField(_("explanation (English)"), blank=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dependent_questions",
        verbose_name=_("show only if this earlier question"),
    )
    show_if_values = models.JSONField(_("has one of these answers"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_code_unique"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=F("max_value")),
                name="question_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def text(self) -> str:
        return _in_language(self.text_nl, self.text_en)

    @property
    def help(self) -> str:
        return _in_language(self.help_nl, self.help_en)

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class Choice(models.Model):
    """An answer option; for a Likert item, one labelled point of the scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=60)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="choice_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    @property
    def label(self) -> str:
        return _in_language(self.label_nl, self.label_en)


class MeasurementMoment(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("baseline")
        END_OF_YEAR_1 = "end_of_year_1", _("end of year 1")
        END_OF_YEAR_2 = "end_of_year_2", _("end of year 2")
        ONE_YEAR_AFTER = "one_year_after", _("one year after")
        OTHER = "other", _("other")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="measurement_moments"
    )
    key = models.SlugField(_("moment id"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    instruments = models.ManyToManyField(
        InstrumentVersion,
        through="MomentInstrument",
        related_name="moments",
        verbose_name=_("instruments"),
    )

    class Meta:
        ordering = ["trajectory", "position", "opens_on"]
        verbose_name = _("measurement moment")
        verbose_name_plural = _("measurement moments")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "key"], name="moment_key_unique"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")),
                name="moment_opens_before_it_closes",
                violation_error_message=_("A measurement moment must open before it closes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def status(self, today: dt.date | None = None) -> str:
        """``upcoming``, ``open`` or ``closed`` on TODAY (a day in the site's time zone).

        A moment is open from its opening day up to and including its closing day.
        """
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        if today > self.closes_on:
            return "closed"
        return "open"

    def is_open(self, today: dt.date | None = None) -> bool:
        return self.status(today) == "open"


class MomentInstrument(models.Model):
    moment = models.ForeignKey(
        MeasurementMoment, on_delete=models.CASCADE, related_name="moment_instruments"
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="moment_instruments"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["moment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["moment", "version"], name="moment_instrument_once"),
        ]

    def __str__(self) -> str:
        return f"{self.moment}: {self.version}"


class Invitation(models.Model):
    """One participant's personal link for one measurement moment."""

    moment = models.ForeignKey(
        MeasurementMoment, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["moment", "person"], name="invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.moment}"


class Response(models.Model):
    """The answers of one person to one instrument version at one moment."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    class Source(models.TextChoices):
        LINK = "link", _("personal link")
        IMPORT = "import", _("imported")

    moment = models.ForeignKey(
        MeasurementMoment, on_delete=models.CASCADE, related_name="responses"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_responses")
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["moment", "person", "version"], name="response_once_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.version} – {self.moment}"


class Answer(models.Model):
    """One answer. ``value`` is a string (choice code or text), a number, or a list of codes."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} = {self.value!r}"


class Mailing(models.Model):
    """One round of e-mails about a moment: invitations or reminders to a chosen group,
    with the text the organiser previewed and confirmed.

    The recipients are fixed when the mailing is drafted; each one's message is recorded
    as it goes out (``MailingRecipient.sent_at``), so sending again never reaches anyone
    twice. Someone who completed the questionnaire is never sent anything.
    """

    class Audience(models.TextChoices):
        NOT_INVITED = "not_invited", _("everyone not invited yet")
        STARTED = "started", _("started but not finished")
        NOT_STARTED = "not_started", _("invited but not started")
        PLG = "plg", _("one PLG: everyone who has not completed")

    moment = models.ForeignKey(MeasurementMoment, on_delete=models.CASCADE, related_name="mailings")
    audience = models.CharField(_("recipients"), max_length=20, choices=Audience.choices)
    plg = models.ForeignKey(
        "trajectories.PLG",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PLG"),
    )
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_nl = models.TextField(_("text (Dutch)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["moment", "-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="plg") | Q(plg__isnull=False),
                name="mailing_plg_audience_names_a_plg",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(confirmed_at__isnull=False),
                name="mailing_finished_after_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.moment}: {self.get_audience_display()}"

    @property
    def is_reminder(self) -> bool:
        return self.audience in (self.Audience.STARTED, self.Audience.NOT_STARTED)

    @property
    def state(self) -> str:
        """``draft``, ``sending`` (confirmed, not every message out yet) or ``sent``."""
        if self.finished_at is not None:
            return "sent"
        return "sending" if self.confirmed_at is not None else "draft"


class MailingRecipient(models.Model):
    """One person a mailing is for, and what became of their message."""

    class Skipped(models.TextChoices):
        COMPLETED = "completed", _("completed in the meantime")
        NO_EMAIL = "no_email", _("no e-mail address")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="mailing_recipients"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=16, choices=Skipped.choices, blank=True)

    class Meta:
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "invitation"], name="mailing_recipient_once"
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(skipped=""),
                name="mailing_recipient_sent_or_skipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mailing}: {self.invitation}"
