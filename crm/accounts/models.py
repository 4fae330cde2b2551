from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationQuerySet, OrganizationScoped


class Role(models.TextChoices):
    COACH = "coach", _("Job coach")
    RELATIONS = "relations", _("Employer relations")
    LEAD = "lead", _("Pilot lead")
    ADMIN = "admin", _("Organisation admin")


class Organization(models.Model):
    """A tenant: a wellbeing services county, a city or a provider running its own pilot."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    retention_months = models.PositiveSmallIntegerField(
        _("retention after exit (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Job seekers who exited this many months ago are anonymised automatically; "
            "figures for reports are kept."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(OrganizationScoped):
    """Coaches work in teams; a user may belong to several teams of their organisation."""

    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        "accounts.User", related_name="teams", blank=True, verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="team_name_unique_in_organization"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScopedUserManager(UserManager.from_queryset(OrganizationQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation and has one role.

    The role names a permission group (see `roles.py`); `RoleBackend` grants that group's
    permissions, so code asks `user.has_perm(...)`, never `user.role == ...`.
    Only platform superusers may exist without an organisation.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COACH)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )

    objects = ScopedUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("use_my_day", _("Can use My day")),
            ("view_reports", _("Can view reports")),
            ("view_organization_overview", _("Can view the organisation overview")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(is_superuser=True),
                name="user_has_organization_unless_superuser",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class APIToken(OrganizationScoped):
    """A personal API token. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_active(self, now: Any = None) -> bool:
        now = now or timezone.now()
        expired = self.expires_at is not None and self.expires_at <= now
        return self.revoked_at is None and not expired and self.user.is_active


class AuditQuerySet(OrganizationQuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(OrganizationScoped):
    """One append-only row per read or change of sensitive data (and per login)."""

    # Nullable only for platform superusers, who belong to no organisation.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = models.Manager.from_queryset(AuditQuerySet)()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
