"""Consents the person has given, for what and until when."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.models.records import JobSeeker
from crm.core import dates


class ConsentPurpose(models.TextChoices):
    EMPLOYMENT_SERVICES = "employment_services", _("Sharing with public employment services")
    KELA = "kela", _("Sharing with Kela")
    HEALTH_SOCIAL = "health_social_services", _("Sharing with health and social services")
    EMPLOYER_DISCLOSURE = "employer_disclosure", _("Disclosure to an employer")
    RESEARCH = "research", _("Use in evaluation research")


class Consent(OrganizationScoped):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=25, choices=ConsentPurpose.choices)
    granted_on = models.DateField(_("granted on"), validators=[dates.PAST.validator])
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, validators=[dates.EXPIRY.validator]
    )
    revoked_on = models.DateField(
        _("revoked on"), null=True, blank=True, validators=[dates.PAST.validator]
    )
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["purpose", "-granted_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.get_purpose_display()

    def is_valid_on(self, day) -> bool:
        return (
            self.granted_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.revoked_on is None or day < self.revoked_on)
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.expires_on and self.granted_on and self.expires_on < self.granted_on:
            errors["expires_on"] = _("The expiry cannot be before the consent was granted.")
        if self.revoked_on and self.granted_on and self.revoked_on < self.granted_on:
            errors["revoked_on"] = _("The revocation cannot be before the consent was granted.")
        if errors:
            raise ValidationError(errors)
