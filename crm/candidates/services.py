"""Every write about job seekers, with its business rules and its audit row.

Views, the API, imports and tasks call these; none of them writes the models directly. Callers
check access first (`access.require_access`); the services check the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import Team, User
from crm.candidates import lifecycle
from crm.candidates.models import (
    KYKYVIISARI_SCORES,
    PREFERENCE_FIELDS,
    CareerProfile,
    CaseNote,
    CoachTransfer,
    Consent,
    ConsentPurpose,
    JobSeeker,
    KykyviisariResult,
    Milestone,
    Status,
    StatusChange,
    WorkHistoryEntry,
)
from crm.candidates.rights import ensure_not_erased
from crm.candidates.validators import birth_date_from_henkilotunnus, normalize_henkilotunnus
from crm.core.errors import EditConflict
from crm.core.search import search_key
from crm.core.terms import features_changed, resolve_terms
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
PROFILE_FIELDS = [
    "education",
    "strengths",
    "interests",
    *PREFERENCE_FIELDS,
    "disclosure",
    "disclosure_notes",
    "accommodation_needs",
    "health_restrictions",
    "completed_on",
]
PROFILE_TERM_FIELDS = ["skills", "licences"]
KYKYVIISARI_FIELDS = ["assessed_on", "phase", "form", *KYKYVIISARI_SCORES]
LIST_ITEM_MAX = 120  # characters in one item of a profile list (a strength, an interest…)


class ConsentMissing(ValidationError):
    """A feature needs the person's consent for a purpose and there is none valid today."""


# Helpers ------------------------------------------------------------------------------------


def _check_version(model: type, pk: int, version: int | None) -> None:
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True)
    current_version = current.first()
    if version is None or current_version != int(version):
        raise EditConflict(current_version=current_version)


def _clean_list(name: str, values: Iterable[str] | None) -> list[str]:
    """Spaces tidied, empties and repeats dropped; an over-long item is refused, not cut."""
    seen: list[str] = []
    for value in values or []:
        text = " ".join(str(value).split())
        if len(text) > LIST_ITEM_MAX:
            message = _("“%(item)s…” is too long: at most %(max)d characters per item.")
            raise ValidationError({name: message % {"item": text[:30], "max": LIST_ITEM_MAX}})
        if text and text.lower() not in {s.lower() for s in seen}:
            seen.append(text)
    return seen


def _changed(obj: Any, fields: dict[str, Any]) -> list[str]:
    return [name for name, value in fields.items() if getattr(obj, name) != value]


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


# Job seekers --------------------------------------------------------------------------------


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
    _check_version(JobSeeker, job_seeker.pk, version)
    ensure_not_erased(job_seeker)
    old_status = job_seeker.status
    compared = [name for name in JOB_SEEKER_FIELDS if name != "coach"]
    before = {name: getattr(job_seeker, name) for name in compared}
    for name, value in fields.items():
        setattr(job_seeker, name, value)
    _prepare_job_seeker(job_seeker)
    # Compared after normalising: "040 123 4567" for a saved "+358401234567" is no change.
    changed = _changed(job_seeker, {name: before[name] for name in compared})
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
    _check_version(JobSeeker, job_seeker.pk, version)
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


# Career profile -----------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    *, job_seeker: JobSeeker, by: User, version: int | None, **fields: Any
) -> CareerProfile:
    """Replace the profile's given fields (a whole-document PUT or a form). Skills and licences
    are free text resolved to the organisation's vocabulary when saved."""
    unknown = set(fields) - set(PROFILE_FIELDS) - set(PROFILE_TERM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile = job_seeker.profile
    _check_version(CareerProfile, profile.pk, version)
    ensure_not_erased(job_seeker)
    terms = {name: fields.pop(name) for name in PROFILE_TERM_FIELDS if name in fields}
    for name in ("strengths", "interests", "occupations", "avoid", "municipalities"):
        if name in fields:
            fields[name] = _clean_list(name, fields[name])
    for name in ("industries", "schedules"):
        if name in fields:
            fields[name] = list(dict.fromkeys(fields[name] or []))
    changed = _changed(profile, fields)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["job_seeker"])
    resolved = _resolve_profile_terms(profile, terms)
    changed += [
        name for name, rows in resolved.items() if _term_ids(profile, name) != {t.pk for t in rows}
    ]
    if not changed:
        return profile
    profile.version += 1
    profile.save()
    for name, rows in resolved.items():
        getattr(profile, name).set(rows)
    record_access(by, "crm.candidate.profile_changed", job_seeker, changed)
    features_changed("candidate", job_seeker.pk)
    return profile


def _resolve_profile_terms(profile: CareerProfile, terms: dict[str, Any]) -> dict[str, list]:
    """Skills and licences as typed, resolved to the organisation's vocabulary."""
    return {
        name: resolve_terms(
            organization_id=profile.organization_id,
            kind="skill" if name == "skills" else "licence",
            texts=texts or [],
        )
        for name, texts in terms.items()
    }


def _term_ids(profile: CareerProfile, name: str) -> set[int]:
    return set(getattr(profile, name).values_list("pk", flat=True))


@transaction.atomic
def add_work_history(*, job_seeker: JobSeeker, by: User, **fields: Any) -> WorkHistoryEntry:
    ensure_not_erased(job_seeker)
    entry = WorkHistoryEntry(
        organization_id=job_seeker.organization_id, profile=job_seeker.profile, **fields
    )
    entry.full_clean(exclude=["profile"])
    entry.save()
    record_access(by, "crm.candidate.work_history_added", job_seeker, list(fields))
    return entry


@transaction.atomic
def replace_work_history(
    *, job_seeker: JobSeeker, by: User, entries: Iterable[dict[str, Any]]
) -> list[WorkHistoryEntry]:
    """The whole work history at once (the API's `PUT profile`); all rows or none."""
    ensure_not_erased(job_seeker)
    rows = [
        WorkHistoryEntry(
            organization_id=job_seeker.organization_id, profile=job_seeker.profile, **entry
        )
        for entry in entries
    ]
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        try:
            row.full_clean(exclude=["profile"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"work_history.{index}.{field}"] = messages
    if errors:
        raise ValidationError(errors)
    job_seeker.profile.work_history.all().delete()
    WorkHistoryEntry.objects.bulk_create(rows)
    record_access(by, "crm.candidate.work_history_changed", job_seeker, ["work_history"])
    return rows


@transaction.atomic
def delete_work_history(*, entry: WorkHistoryEntry, by: User) -> None:
    seeker = entry.profile.job_seeker
    ensure_not_erased(seeker)
    entry.delete()
    record_access(by, "crm.candidate.work_history_deleted", seeker, ["work_history"])


# Milestones ---------------------------------------------------------------------------------


@transaction.atomic
def record_milestone(
    *, job_seeker: JobSeeker, by: User, kind: str, reached_on: date, note: str = ""
) -> Milestone:
    ensure_not_erased(job_seeker)
    milestone = Milestone(
        organization_id=job_seeker.organization_id,
        job_seeker=job_seeker,
        kind=kind,
        reached_on=reached_on,
        note=note.strip(),
        recorded_by=by,
    )
    milestone.full_clean(exclude=["recorded_by"])
    errors = {}
    if reached_on > timezone.localdate():
        errors["reached_on"] = _("A milestone cannot be in the future.")
    elif reached_on < job_seeker.referred_on:
        errors["reached_on"] = _("A milestone cannot be before the referral.")
    if errors:
        raise ValidationError(errors)
    milestone.save()
    record_access(by, "crm.candidate.milestone_recorded", job_seeker, [kind])
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone, by: User) -> None:
    seeker, kind = milestone.job_seeker, milestone.kind
    ensure_not_erased(seeker)
    milestone.delete()
    record_access(by, "crm.candidate.milestone_deleted", seeker, [kind])


# Kykyviisari --------------------------------------------------------------------------------


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


# Consents -----------------------------------------------------------------------------------


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


# Case notes ---------------------------------------------------------------------------------


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
