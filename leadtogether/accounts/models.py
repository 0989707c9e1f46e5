"""Users, their role grants per trajectory, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    person = models.OneToOneField(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )


class Role(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    COACH = "coach", _("coach")
    PARTICIPANT = "participant", _("participant")
    DIRECTOR = "director", _("coordinating director")
    RESEARCHER = "researcher", _("researcher")


class RoleGrant(models.Model):
    """A role a user holds in one trajectory; a director's grant names the partnership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    partnership = models.ForeignKey(
        "registry.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "trajectory", "role"],
                condition=Q(partnership__isnull=True),
                name="role_grant_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "trajectory", "role", "partnership"],
                condition=Q(partnership__isnull=False),
                name="role_grant_unique_per_partnership",
            ),
            models.CheckConstraint(
                condition=Q(role="director", partnership__isnull=False)
                | (~Q(role="director") & Q(partnership__isnull=True)),
                name="role_grant_partnership_only_for_director",
                violation_error_message=_(
                    "A coordinating director's role names a partnership; other roles do not."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.trajectory}"


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
