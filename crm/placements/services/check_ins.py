"""Job satisfaction check-ins: the worker's and the employer's satisfaction from 1 to 5."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.placements.models import JobCheckIn, Placement
from crm.placements.services.common import clean_text, ensure_person_open, not_in_future


@transaction.atomic
def record_check_in(
    *,
    placement: Placement,
    by: User,
    checked_on: date,
    respondent: str,
    score: int | None,
    note: str = "",
) -> JobCheckIn:
    ensure_person_open(placement.candidate, "placement")
    check_in = JobCheckIn(
        organization_id=placement.organization_id,
        placement=placement,
        checked_on=checked_on,
        respondent=respondent,
        score=score,
        note=clean_text(note),
        by=by,
    )
    check_in.full_clean(exclude=["placement", "by"])
    errors = not_in_future(checked_on, "checked_on", _("A check-in cannot be in the future."))
    if checked_on < placement.start_on:
        errors["checked_on"] = _("A check-in cannot be before the start of the job.")
    if errors:
        raise ValidationError(errors)
    check_in.save()
    record_access(by, "crm.candidate.check_in_recorded", placement.candidate, [respondent])
    return check_in
