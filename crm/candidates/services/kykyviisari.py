"""Recording and removing Kykyviisari results."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import KYKYVIISARI_SCORES, JobSeeker, KykyviisariResult
from crm.candidates.rights.erase import ensure_not_erased

KYKYVIISARI_FIELDS = ["assessed_on", "phase", "form", *KYKYVIISARI_SCORES]


@transaction.atomic
def record_kykyviisari(*, job_seeker: JobSeeker, by: User, **fields: Any) -> KykyviisariResult:
    ensure_not_erased(job_seeker)
    unknown = set(fields) - set(KYKYVIISARI_FIELDS)
    if unknown:
        raise TypeError(f"Unknown Kykyviisari fields: {sorted(unknown)}")
    result = KykyviisariResult(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        recorded_by=by,
        **fields,
    )
    result.full_clean(exclude=["recorded_by"])
    if result.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date cannot be in the future.")})
    result.save()
    record_access(by, "crm.candidate.kykyviisari_recorded", job_seeker, list(fields))
    return result


@transaction.atomic
def delete_kykyviisari(*, result: KykyviisariResult, by: User) -> None:
    seeker = result.job_seeker
    ensure_not_erased(seeker)
    result.delete()
    record_access(by, "crm.candidate.kykyviisari_deleted", seeker, ["kykyviisari"])
