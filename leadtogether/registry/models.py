"""Schools, cross-school partnerships and the people who work in them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from leadtogether.lib.refs import REF_MAX_LENGTH
from leadtogether.registry.validators import validate_ref


class Level(models.TextChoices):
    PRIMARY = "primary", _("primary education")
    SECONDARY = "secondary", _("secondary education")


class School(models.Model):
    ref = models.CharField(
        _("school id"), max_length=REF_MAX_LENGTH, unique=True, validators=[validate_ref]
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    network = models.CharField(_("education network"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="school_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    class Form(models.TextChoices):
        A = "A", _("A: scholengemeenschap")
        A_PLUS = "A+", _("A+: scholengemeenschap plus one school of another")
        B = "B", _("B: partnership across networks and regions")

    class Participation(models.TextChoices):
        PARTIAL = "partial", _("partial")
        FULL = "full", _("full")

    ref = models.CharField(
        _("partnership id"), max_length=REF_MAX_LENGTH, unique=True, validators=[validate_ref]
    )
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("form"), max_length=2, choices=Form.choices)
    participation = models.CharField(
        _("participation of the scholengemeenschap"),
        max_length=8,
        choices=Participation.choices,
        blank=True,
        help_text=_("Partial or full for forms A and A+; empty for form B."),
    )
    learning_level = models.PositiveSmallIntegerField(
        _("collective-learning level at the start"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 fragmented, 2 pooled, 3 synergistic, 4 continuously synergistic."),
    )
    schools = models.ManyToManyField(School, related_name="partnerships", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(learning_level__isnull=True) | Q(learning_level__range=(1, 4)),
                name="partnership_learning_level_1_4",
            ),
            models.CheckConstraint(
                condition=(Q(form="B") & Q(participation=""))
                | (Q(form__in=["A", "A+"]) & Q(participation__in=["partial", "full"])),
                name="partnership_participation_matches_form",
                violation_error_message=_(
                    "Forms A and A+ need a participation (partial or full); form B has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    class FunctionCategory(models.TextChoices):
        MANAGEMENT = "management", _("management")
        MIDDLE = "middle", _("middle management")

    ref = models.CharField(
        _("person id"), max_length=REF_MAX_LENGTH, unique=True, validators=[validate_ref]
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    function_title = models.CharField(_("function"), max_length=100, blank=True)
    function_category = models.CharField(
        _("function category"), max_length=16, choices=FunctionCategory.choices, blank=True
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique",
                violation_error_message=_("Another person already has this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
