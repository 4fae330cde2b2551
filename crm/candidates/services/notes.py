"""Writing case notes."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates.models import CaseNote, JobSeeker
from crm.candidates.rights.erase import ensure_not_erased


@transaction.atomic
def add_case_note(
    *,
    job_seeker: JobSeeker,
    by: User,
    text: str,
    written_on: date | None = None,
    contact_type: str = "face_to_face",
    sensitive: bool = False,
) -> CaseNote:
    ensure_not_erased(job_seeker)
    note = CaseNote(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        written_on=written_on or timezone.localdate(),
        contact_type=contact_type,
        text=text.strip(),
        sensitive=sensitive,
        author=by,
    )
    note.full_clean(exclude=["author"])
    if note.written_on > timezone.localdate():
        raise ValidationError({"written_on": _("A note cannot be dated in the future.")})
    if note.written_on < job_seeker.referred_on:
        raise ValidationError({"written_on": _("A note cannot be dated before the referral.")})
    note.save()
    record_access(by, "crm.candidate.note_added", job_seeker, ["notes"])
    return note
