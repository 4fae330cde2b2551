"""Consents: recording and revoking them, and the check features make before using one."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import Consent, ConsentPurpose, JobSeeker
from crm.candidates.rights.erase import ensure_not_erased


class ConsentMissing(ValidationError):
    """A feature needs the person's consent for a purpose and there is none valid today."""


@transaction.atomic
def grant_consent(
    *,
    job_seeker: JobSeeker,
    by: User,
    purpose: str,
    granted_on: date,
    expires_on: date | None = None,
    note: str = "",
) -> Consent:
    ensure_not_erased(job_seeker)
    consent = Consent(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        purpose=purpose,
        granted_on=granted_on,
        expires_on=expires_on,
        note=note.strip(),
        recorded_by=by,
    )
    consent.full_clean(exclude=["recorded_by"])
    if granted_on > timezone.localdate():
        raise ValidationError({"granted_on": _("The date cannot be in the future.")})
    consent.save()
    record_access(by, "crm.candidate.consent_granted", job_seeker, [purpose])
    return consent


@transaction.atomic
def revoke_consent(*, consent: Consent, by: User, revoked_on: date | None = None) -> Consent:
    ensure_not_erased(consent.job_seeker)
    if consent.revoked_on is not None:
        raise ValidationError({"revoked_on": _("This consent has already been revoked.")})
    consent.revoked_on = revoked_on or timezone.localdate()
    consent.full_clean(exclude=["recorded_by"])
    consent.save()
    record_access(by, "crm.candidate.consent_revoked", consent.job_seeker, [consent.purpose])
    return consent


def valid_consent(job_seeker: JobSeeker, purpose: str, on: date | None = None) -> Consent | None:
    day = on or timezone.localdate()
    for consent in job_seeker.consents.filter(purpose=purpose):
        if consent.is_valid_on(day):
            return consent
    return None


def require_consent(job_seeker: JobSeeker, purpose: str, on: date | None = None) -> Consent:
    """The valid consent for `purpose`, or ConsentMissing saying why the feature refuses."""
    consent = valid_consent(job_seeker, purpose, on)
    if consent is None:
        raise ConsentMissing(
            _("%(name)s has no valid consent for: %(purpose)s. Record the consent first.")
            % {"name": job_seeker.full_name, "purpose": ConsentPurpose(purpose).label},
            code="consent_missing",
        )
    return consent
