"""The codebook of a trajectory, its coded segments, codings and memos.

A *code* sits in a tree (``parent``); its path is the names from the root joined with
" / ". A *segment* is a stretch of a transcript's text, ``start``–``end`` in Unicode
code points from 0, end exclusive (as REFI-QDA's PlainTextSelection). A *coding* applies
one code to one segment on behalf of one coder; two coders who code the same stretch
share the segment and each have their own coding. Memos hang on a code, a segment or a
transcript. Codes, segments, codings and memos carry a GUID for REFI-QDA exchange.
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from leadtogether.trajectories.models import Trajectory

PATH_SEPARATOR = " / "

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give a colour as # and six hexadecimal digits, e.g. #1f77b4.")
)
name_validator = RegexValidator(
    r"^((?! / ).)*$", _("A code name cannot contain ' / ' (it separates the names of a path).")
)


class Code(models.Model):
    class Kind(models.TextChoices):
        DEDUCTIVE = "deductive", _("deductive")
        INDUCTIVE = "inductive", _("inductive")

    class Question(models.TextChoices):
        Q1 = "Q1", "Q1"
        Q2 = "Q2", "Q2"
        Q3 = "Q3", "Q3"

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[name_validator])
    description = models.TextField(_("description"), blank=True)
    inclusion = models.TextField(_("include when"), blank=True)
    exclusion = models.TextField(_("exclude when"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1f77b4", validators=[colour_validator]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DEDUCTIVE)
    question = models.CharField(
        _("research question"), max_length=4, choices=Question.choices, blank=True
    )
    position = models.PositiveIntegerField(default=0)
    # the path from the root, kept in step by the services (a rename or move rewrites it
    # for the code and its descendants) so lists and reports never walk the tree
    path = models.CharField(max_length=2000, editable=False, default="")

    class Meta:
        ordering = ["trajectory", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "parent", "name"], name="code_name_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["trajectory", "name"],
                condition=Q(parent__isnull=True),
                name="code_root_name_unique",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="code_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.path or self.name

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)
