from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped


class DigestDelivery(OrganizationScoped):
    """One row per user per day once the morning digest went out: makes sending idempotent."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class Versioned(models.Model):
    """Optimistic locking: a save must name the version it read (a stale one is an
    EditConflict: 409 in the API, a side-by-side comparison in the UI)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class IdempotentRequest(OrganizationScoped):
    """One submission of a form or one API POST with an `Idempotency-Key`: while it runs, a
    repeat waits or is told so; once it succeeded, a repeat gets the same answer again instead
    of a second row (crm/core/idempotency.py). Kept for 24 hours."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(_("key"), max_length=300)
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    path = models.CharField(_("path"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_headers = models.JSONField(_("response headers"), default=dict, blank=True)
    response_body = models.BinaryField(_("response body"), blank=True, default=b"")

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_request_per_user_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key[:20]}"
