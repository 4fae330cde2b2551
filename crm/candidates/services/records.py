"""Writes about the job seeker's record: adding (with the probable-duplicate check), editing,
status changes and exit, and transfers between coaches."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import Team, User
from crm.candidates import lifecycle
from crm.candidates.models import CareerProfile, CoachTransfer, JobSeeker, Status, StatusChange
from crm.candidates.rights.erase import ensure_not_erased
from crm.candidates.services.common import changed_fields, check_version
from crm.candidates.validators import birth_date_from_henkilotunnus, normalize_henkilotunnus
from crm.core.search import search_key
from crm.core.terms import features_changed
from crm.core.validators import normalize_phone

JOB_SEEKER_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "henkilotunnus",
    "email",
    "phone",
    "address",
    "municipality",
    "languages",
    "referral_source",
    "referred_on",
    "intake_on",
    "coach",
    "status",
    "exited_on",
    "exit_reason",
]


def _coach_team(coach: User) -> Team | None:
    return coach.teams.order_by("name").first()


def _prepare_job_seeker(seeker: JobSeeker) -> None:
    seeker.first_name = " ".join(seeker.first_name.split())
    seeker.last_name = " ".join(seeker.last_name.split())
    seeker.henkilotunnus = normalize_henkilotunnus(seeker.henkilotunnus or "")
    if seeker.henkilotunnus and not seeker.birth_date:
        seeker.birth_date = birth_date_from_henkilotunnus(seeker.henkilotunnus)
    seeker.phone = normalize_phone(seeker.phone or "")
    seeker.email = (seeker.email or "").strip().lower()
    seeker.languages = list(dict.fromkeys(seeker.languages or []))
    seeker.search_key = search_key(f"{seeker.first_name} {seeker.last_name}")
    if seeker.status != Status.EXITED:
        seeker.exit_reason = ""
        seeker.exited_on = None
    seeker.full_clean(exclude=["created_by", "team"])


def _is_coach_of(coach: User, organization_id: int) -> bool:
    """Checked only when a coach is given the person (adding, transfer): a coach who has left
    since must not lock their people's records."""
    return (
        coach.organization_id == organization_id
        and coach.is_active
        and coach.has_perm("candidates.add_jobseeker")
    )


def probable_duplicates(
    *, organization_id: int, first_name: str, last_name: str, birth_date: date | None, exclude=None
) -> list[JobSeeker]:
    """People of the organisation with the same name and date of birth (shown before saving)."""
    if not birth_date:
        return []
    qs = JobSeeker.objects.filter(
        organization_id=organization_id,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        birth_date=birth_date,
        erased_at__isnull=True,
    ).select_related("coach")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs[:5])


def _refuse_duplicates(seeker: JobSeeker, allow_duplicate: bool) -> None:
    if allow_duplicate:
        return
    twins = probable_duplicates(
        organization_id=seeker.organization_id,
        first_name=seeker.first_name,
        last_name=seeker.last_name,
        birth_date=seeker.birth_date,
        exclude=seeker if seeker.pk else None,
    )
    if twins:
        raise ValidationError(
            {
                "birth_date": ValidationError(
                    _(
                        "%(name)s, born %(date)s, is already a job seeker (coach %(coach)s). "
                        "Check that this is a different person, then confirm to save."
                    )
                    % {
                        "name": twins[0].full_name,
                        "date": f"{twins[0].birth_date:%d.%m.%Y}",
                        "coach": twins[0].coach,
                    },
                    code="duplicate",
                )
            }
        )


@transaction.atomic
def create_job_seeker(
    *, by: User, coach: User | None = None, allow_duplicate: bool = False, **fields: Any
) -> JobSeeker:
    """Add a person to a coach's caseload (the creating coach's by default) with an empty
    career profile, and record the status."""
    coach = coach or by
    unknown = set(fields) - set(JOB_SEEKER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job seeker fields: {sorted(unknown)}")
    seeker = JobSeeker(organization_id=by.organization_id, coach=coach, created_by=by, **fields)
    if not _is_coach_of(coach, by.organization_id):
        raise ValidationError({"coach": _("Choose a job coach of your organisation.")})
    seeker.team = _coach_team(coach)
    _prepare_job_seeker(seeker)
    _refuse_duplicates(seeker, allow_duplicate)
    seeker.save()
    CareerProfile.objects.create(organization_id=seeker.organization_id, job_seeker=seeker)
    StatusChange.objects.create(
        organization_id=seeker.organization_id, job_seeker=seeker, to_status=seeker.status, by=by
    )
    record_access(by, "crm.candidate.created", seeker, [f for f in fields if fields[f]])
    features_changed("candidate", seeker.pk)
    return seeker


@transaction.atomic
def update_job_seeker(
    *,
    job_seeker: JobSeeker,
    by: User,
    version: int | None,
    allow_duplicate: bool = False,
    **fields: Any,
) -> JobSeeker:
    """Change the record; a stale `version` is an EditConflict (409). Coach changes go through
    `transfer_job_seeker` so that they are recorded."""
    unknown = set(fields) - set(JOB_SEEKER_FIELDS) | ({"coach"} & set(fields))
    if unknown:
        raise TypeError(f"Not updatable here: {sorted(unknown)}")
    check_version(JobSeeker, job_seeker.pk, version)
    ensure_not_erased(job_seeker)
    old_status = job_seeker.status
    compared = [name for name in JOB_SEEKER_FIELDS if name != "coach"]
    before = {name: getattr(job_seeker, name) for name in compared}
    for name, value in fields.items():
        setattr(job_seeker, name, value)
    _prepare_job_seeker(job_seeker)
    # Compared after normalising: "040 123 4567" for a saved "+358401234567" is no change.
    changed = changed_fields(job_seeker, {name: before[name] for name in compared})
    if not changed:
        return job_seeker
    if {"first_name", "last_name", "birth_date"} & set(changed):
        _refuse_duplicates(job_seeker, allow_duplicate)
    if job_seeker.status != old_status:
        job_seeker.status_changed_at = timezone.now()
        StatusChange.objects.create(
            organization_id=job_seeker.organization_id,
            job_seeker=job_seeker,
            from_status=old_status,
            to_status=job_seeker.status,
            by=by,
        )
    job_seeker.version += 1
    job_seeker.save()
    if job_seeker.status == Status.EXITED and old_status != Status.EXITED:
        lifecycle.run_exit(job_seeker=job_seeker, by=by, on=job_seeker.exited_on)
    record_access(by, "crm.candidate.changed", job_seeker, changed)
    features_changed("candidate", job_seeker.pk)
    return job_seeker


def change_status(
    *,
    job_seeker: JobSeeker,
    by: User,
    version: int | None,
    status: str,
    exited_on: date | None = None,
    exit_reason: str = "",
) -> JobSeeker:
    fields: dict[str, Any] = {"status": status}
    if status == Status.EXITED:
        fields |= {"exited_on": exited_on or timezone.localdate(), "exit_reason": exit_reason}
    return update_job_seeker(job_seeker=job_seeker, by=by, version=version, **fields)


@transaction.atomic
def transfer_job_seeker(
    *, job_seeker: JobSeeker, to_coach: User, by: User, version: int | None, reason: str = ""
) -> CoachTransfer:
    """Move a person to another coach's caseload; the move is recorded. A stale `version` is
    an EditConflict (409)."""
    check_version(JobSeeker, job_seeker.pk, version)
    ensure_not_erased(job_seeker)
    if not _is_coach_of(to_coach, job_seeker.organization_id):
        raise ValidationError({"to_coach": _("Choose a job coach of your organisation.")})
    if to_coach.pk == job_seeker.coach_id:
        raise ValidationError({"to_coach": _("This coach already has the person.")})
    transfer = CoachTransfer(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        from_coach_id=job_seeker.coach_id,
        to_coach=to_coach,
        by=by,
        reason=" ".join((reason or "").split()),
    )
    transfer.full_clean(exclude=["job_seeker", "from_coach", "to_coach", "by"])
    transfer.save()
    job_seeker.coach = to_coach
    job_seeker.team = _coach_team(to_coach)
    job_seeker.version += 1
    job_seeker.save(update_fields=["coach", "team", "version", "updated_at"])
    record_access(by, "crm.candidate.transferred", job_seeker, ["coach", "team"])
    features_changed("candidate", job_seeker.pk)
    return transfer
