"""Rights of the person: export everything (right of access), erase (anonymise identity and free
text, keep the figures reports need), and the organisation's retention period after exit.

What erasure keeps is listed in README.md ("Privacy and data protection"); keep the two in step.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import record_access
from crm.accounts.models import Organization, User
from crm.candidates import lifecycle, selectors
from crm.candidates.access import Access, require_access
from crm.candidates.models import (
    KYKYVIISARI_SCORES,
    CareerProfile,
    CaseNote,
    CoachTransfer,
    Consent,
    Disclosure,
    ExitReason,
    JobSeeker,
    KykyviisariResult,
    Milestone,
    Status,
    StatusChange,
    WorkHistoryEntry,
)
from crm.core.choices import Schedule, choice_labels
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
from crm.core.search import search_key
from crm.core.terms import features_changed
from crm.employers import services as employer_services
from crm.employers.models import EmployerContact, FollowUp

SCHEMA = "askel-crm/job-seeker-export"
SCHEMA_VERSION = 1
# Stored in place of names and required free text; the same in every UI language on purpose.
ERASED_TEXT = "Poistettu"
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
HISTORY_TYPE_LABELS = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
}

# Human-readable labels of the audit actions about a person (the audit log page).
ACTION_LABELS = {
    "crm.candidate.created": gettext_lazy("Added the person"),
    "crm.candidate.changed": gettext_lazy("Changed the record"),
    "crm.candidate.transferred": gettext_lazy("Transferred to another coach"),
    "crm.candidate.profile_changed": gettext_lazy("Changed the career profile"),
    "crm.candidate.sensitive_viewed": gettext_lazy("Viewed the sensitive section"),
    "crm.candidate.notes_viewed": gettext_lazy("Read the case notes"),
    "crm.candidate.note_added": gettext_lazy("Added a case note"),
    "crm.candidate.work_history_added": gettext_lazy("Added to the work history"),
    "crm.candidate.work_history_changed": gettext_lazy("Replaced the work history"),
    "crm.candidate.work_history_deleted": gettext_lazy("Removed from the work history"),
    "crm.candidate.milestone_recorded": gettext_lazy("Recorded a milestone"),
    "crm.candidate.milestone_deleted": gettext_lazy("Removed a milestone"),
    "crm.candidate.kykyviisari_recorded": gettext_lazy("Recorded a Kykyviisari result"),
    "crm.candidate.kykyviisari_deleted": gettext_lazy("Removed a Kykyviisari result"),
    "crm.candidate.kykyviisari_viewed": gettext_lazy("Viewed the Kykyviisari results"),
    "crm.candidate.employer_contact_logged": gettext_lazy(
        "Logged an employer contact about the person"
    ),
    "crm.candidate.follow_up_added": gettext_lazy("Added a follow-up"),
    "crm.candidate.follow_up_done": gettext_lazy("Marked a follow-up done"),
    "crm.candidate.follow_up_reopened": gettext_lazy("Reopened a follow-up"),
    "crm.candidate.follow_up_rescheduled": gettext_lazy("Rescheduled a follow-up"),
    "crm.candidate.consent_granted": gettext_lazy("Recorded a consent"),
    "crm.candidate.consent_revoked": gettext_lazy("Recorded a revoked consent"),
    "crm.candidate.exported": gettext_lazy("Exported all of the person's data"),
    "crm.candidate.erased": gettext_lazy("Erased the person's data"),
    "crm.candidate.retention_erased": gettext_lazy(
        "Anonymised automatically after the retention period"
    ),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


# Guard --------------------------------------------------------------------------------------


def ensure_not_erased(job_seeker: JobSeeker) -> None:
    """Services call this before any change: an erased person's record is closed for good."""
    if job_seeker.erased_at is not None:
        raise ValidationError(
            _("This person's data has been erased; the record can no longer be changed."),
            code="erased",
        )


# Export -------------------------------------------------------------------------------------


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _name(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _export_queryset() -> QuerySet[JobSeeker]:
    """The person with every related row in a constant number of queries."""
    return JobSeeker.objects.select_related(
        "coach", "team", "profile", "organization"
    ).prefetch_related(
        "profile__skills",
        "profile__licences",
        "profile__work_history",
        "milestones",
        Prefetch(
            "kykyviisari_results", KykyviisariResult.objects.select_related("form", "recorded_by")
        ),
        Prefetch("consents", Consent.objects.select_related("recorded_by")),
        Prefetch("notes", CaseNote.objects.select_related("author").order_by("written_on", "id")),
        Prefetch("follow_ups", FollowUp.objects.select_related("user").order_by("due_on", "id")),
        Prefetch(
            "employer_contacts",
            EmployerContact.objects.select_related("employer").order_by("occurred_at", "id"),
        ),
        Prefetch("status_changes", StatusChange.objects.select_related("by")),
        Prefetch(
            "transfers",
            CoachTransfer.objects.select_related("from_coach", "to_coach", "by").order_by("at"),
        ),
    )


def _person(seeker: JobSeeker) -> dict[str, Any]:
    return {
        "id": seeker.pk,
        "first_name": seeker.first_name,
        "last_name": seeker.last_name,
        "birth_date": _iso(seeker.birth_date),
        "henkilotunnus": seeker.henkilotunnus,
        "email": seeker.email,
        "phone": seeker.phone,
        "address": seeker.address,
        "municipality": seeker.municipality,
        "languages": list(seeker.languages or []),
        "languages_labels": choice_labels(seeker.languages, LANGUAGE_CHOICES),
        "referral_source": seeker.referral_source,
        "referral_source_label": seeker.get_referral_source_display(),
        "referred_on": _iso(seeker.referred_on),
        "intake_on": _iso(seeker.intake_on),
        "coach": _name(seeker.coach),
        "team": seeker.team.name if seeker.team else None,
        "status": seeker.status,
        "status_label": seeker.get_status_display(),
        "exited_on": _iso(seeker.exited_on),
        "exit_reason": seeker.exit_reason,
        "exit_reason_label": seeker.get_exit_reason_display() if seeker.exit_reason else "",
        "created_at": _iso(seeker.created_at),
        "erased_at": _iso(seeker.erased_at),
    }


def _work_entry(entry: WorkHistoryEntry) -> dict[str, Any]:
    return {
        "employer": entry.employer_name,
        "role": entry.role,
        "started_on": _iso(entry.started_on),
        "ended_on": _iso(entry.ended_on),
        "went_well": entry.went_well,
        "went_badly": entry.went_badly,
    }


def _profile(profile: CareerProfile) -> dict[str, Any]:
    return {
        "education": profile.education,
        "strengths": list(profile.strengths or []),
        "interests": list(profile.interests or []),
        "skills": [term.name for term in profile.skills.all()],
        "licences": [term.name for term in profile.licences.all()],
        "occupations": list(profile.occupations or []),
        "industries": list(profile.industries or []),
        "industries_labels": choice_labels(profile.industries, INDUSTRY_CHOICES),
        "hours_min": profile.hours_min,
        "hours_max": profile.hours_max,
        "schedules": list(profile.schedules or []),
        "schedules_labels": choice_labels(profile.schedules, Schedule.choices),
        "municipalities": list(profile.municipalities or []),
        "remote": profile.remote,
        "avoid": list(profile.avoid or []),
        "disclosure": profile.disclosure,
        "disclosure_label": str(Disclosure(profile.disclosure).label) if profile.disclosure else "",
        "disclosure_notes": profile.disclosure_notes,
        "sensitive": {
            "accommodation_needs": profile.accommodation_needs,
            "health_restrictions": profile.health_restrictions,
        },
        "completed_on": _iso(profile.completed_on),
        "work_history": [_work_entry(entry) for entry in profile.work_history.all()],
    }


def _kykyviisari(result: KykyviisariResult) -> dict[str, Any]:
    scores = {name: _number(getattr(result, name)) for name in KYKYVIISARI_SCORES}
    return {
        "assessed_on": _iso(result.assessed_on),
        "phase": result.phase,
        "phase_label": result.get_phase_display(),
        "form_version": result.form.version,
        **scores,
        "recorded_by": _name(result.recorded_by),
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "purpose": consent.purpose,
        "purpose_label": consent.get_purpose_display(),
        "granted_on": _iso(consent.granted_on),
        "expires_on": _iso(consent.expires_on),
        "revoked_on": _iso(consent.revoked_on),
        "note": consent.note,
        "recorded_by": _name(consent.recorded_by),
    }


def _note(note: CaseNote) -> dict[str, Any]:
    return {
        "written_on": _iso(note.written_on),
        "contact_type": note.contact_type,
        "contact_type_label": note.get_contact_type_display(),
        "text": note.text,
        "sensitive": note.sensitive,
        "author": _name(note.author),
    }


def _follow_up(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "due_on": _iso(follow_up.due_on),
        "title": follow_up.title,
        "done": follow_up.done,
        "owner": _name(follow_up.user),
    }


def _employer_contact(contact: EmployerContact) -> dict[str, Any]:
    """Date, employer, channel and purpose only: the summary may be about other people."""
    return {
        "occurred_at": _iso(contact.occurred_at),
        "employer": contact.employer.name,
        "channel": contact.channel,
        "channel_label": contact.get_channel_display(),
        "purpose": contact.purpose,
        "purpose_label": contact.get_purpose_display(),
    }


def _status_change(change: StatusChange) -> dict[str, Any]:
    return {
        "at": _iso(change.at),
        "from_status": change.from_status,
        "from_status_label": change.get_from_status_display() if change.from_status else "",
        "to_status": change.to_status,
        "to_status_label": change.get_to_status_display(),
        "by": _name(change.by),
    }


def _transfer(transfer: CoachTransfer) -> dict[str, Any]:
    return {
        "at": _iso(transfer.at),
        "from_coach": _name(transfer.from_coach),
        "to_coach": _name(transfer.to_coach),
        "by": _name(transfer.by),
        "reason": transfer.reason,
    }


def _timeline(user: User, seeker: JobSeeker) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "label": str(e.label),
            "on": _iso(e.on),
            "note": e.note,
            "derived": e.derived,
        }
        for e in selectors.timeline(user=user, job_seeker=seeker)
    ]


# Change history (django-simple-history) ------------------------------------------------------


def _history_rows(seeker: JobSeeker) -> list[tuple[str, Any]]:
    """(record label, historical row) of the person, the profile and the consents."""
    sources = [
        (_("Record"), JobSeeker.history.filter(id=seeker.pk)),
        (_("Career profile"), CareerProfile.history.filter(job_seeker_id=seeker.pk)),
        (_("Consent"), Consent.history.filter(job_seeker_id=seeker.pk)),
    ]
    return [
        (label, row)
        for label, qs in sources
        for row in qs.select_related("history_user").order_by("id", "history_date", "history_id")
    ]


def _tracked_fields(model: type[Model]) -> list[Any]:
    return [
        f
        for f in model._meta.fields
        if not f.name.startswith("history_") and f.name not in {"version", "organization"}
    ]


def _change_history(seeker: JobSeeker) -> list[dict[str, Any]]:
    """Who changed which fields when — names of fields only, never their old values."""
    entries: list[dict[str, Any]] = []
    previous: dict[tuple[str, int], Any] = {}
    for label, row in _history_rows(seeker):
        fields = _tracked_fields(type(row))
        before = previous.get((str(label), row.id))
        changed = [
            f
            for f in fields
            if before is None or getattr(before, f.attname) != getattr(row, f.attname)
        ]
        previous[(str(label), row.id)] = row
        kind = HISTORY_TYPES.get(row.history_type, row.history_type)
        entries.append(
            {
                "at": _iso(row.history_date),
                "by": _name(row.history_user),
                "record": str(label),
                "type": kind,
                "type_label": str(HISTORY_TYPE_LABELS.get(kind, kind)),
                "fields": [] if before is None else [f.name for f in changed],
                "field_labels": [] if before is None else [str(f.verbose_name) for f in changed],
            }
        )
    return sorted(entries, key=lambda e: e["at"])


def export_data(*, user: User, job_seeker: JobSeeker) -> dict[str, Any]:
    """Everything about the person, JSON-ready, for the coach team (right of access, GDPR
    art. 15). The only place the full henkilötunnus leaves the record page. Audited."""
    require_access(user, job_seeker, Access.FULL)
    if not user.has_perm("candidates.export_jobseeker"):
        raise PermissionDenied(_("Your role does not allow exporting a person's data."))
    seeker = _export_queryset().get(pk=job_seeker.pk)
    data = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "exported_at": _iso(timezone.now()),
        "exported_by": _name(user),
        "organization": seeker.organization.name,
        "person": _person(seeker),
        "profile": _profile(seeker.profile),
        "milestones": _timeline(user, seeker),
        "kykyviisari": [_kykyviisari(r) for r in seeker.kykyviisari_results.all()],
        "consents": [_consent(c) for c in seeker.consents.all()],
        "case_notes": [_note(n) for n in seeker.notes.all()],
        "follow_ups": [_follow_up(f) for f in seeker.follow_ups.all()],
        "employer_contacts": [_employer_contact(c) for c in seeker.employer_contacts.all()],
        "status_changes": [_status_change(c) for c in seeker.status_changes.all()],
        "coach_transfers": [_transfer(t) for t in seeker.transfers.all()],
        **lifecycle.export_sections(job_seeker=seeker, user=user),
        "change_history": _change_history(seeker),
    }
    record_access(user, "crm.candidate.exported", seeker, [k for k in data if k != "schema"])
    return data


def export_filename(job_seeker: JobSeeker, on: date | None = None) -> str:
    return f"job-seeker-{job_seeker.pk}-{(on or timezone.localdate()).isoformat()}.json"


# Erase --------------------------------------------------------------------------------------

ERASED_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "henkilotunnus",
    "email",
    "phone",
    "address",
    "languages",
    "profile",
    "work_history",
    "milestone_notes",
    "consent_notes",
    "case_notes",
    "follow_up_titles",
    "transfer_reasons",
    "history",
]


# Shown on the erase page; README.md ("What erasure keeps") says the same.
ERASE_REMOVES = [
    gettext_lazy("Name (replaced by “Poistettu henkilö #number”)"),
    gettext_lazy("Personal identity code, e-mail, phone, address and languages"),
    gettext_lazy("Date of birth (only the year is kept, as 1 January)"),
    gettext_lazy(
        "Career profile texts and lists, skills and licences, the sensitive section "
        "(accommodation needs, health restrictions) and the work history texts"
    ),
    gettext_lazy("Case note texts, milestone and consent notes, follow-up titles about the person"),
    gettext_lazy("Reasons written for coach transfers"),
    gettext_lazy(
        "All texts of employer contacts that name the person, and the titles of their follow-ups"
    ),
    gettext_lazy("The change history of the record, profile and consents"),
]
ERASE_KEEPS = [
    gettext_lazy("Status, coach, referral source, municipality, exit reason"),
    gettext_lazy("A person still on a caseload exits today, with the reason “Other”"),
    gettext_lazy("Dates of referral, intake, status changes and exit"),
    gettext_lazy("Milestones (kind and date), dates and contact types of case notes"),
    gettext_lazy("Kykyviisari scores, consent purposes and dates"),
    gettext_lazy(
        "Coded preferences of the profile: industries, hours, schedules, acceptable "
        "municipalities, remote work, the disclosure choice and the completion date"
    ),
    gettext_lazy("Links from employer contacts (counted for IPS fidelity)"),
    gettext_lazy("The audit log (it holds no free text)"),
]


def _erase_identity(seeker: JobSeeker, now: datetime) -> None:
    first, last = ERASED_TEXT, f"henkilö #{seeker.pk}"
    birth = date(seeker.birth_date.year, 1, 1) if seeker.birth_date else None
    # A queryset update: no history row is written with the old values in it.
    JobSeeker.objects.filter(pk=seeker.pk).update(
        first_name=first,
        last_name=last,
        birth_date=birth,
        henkilotunnus="",
        email="",
        phone="",
        address="",
        languages=[],
        search_key=search_key(f"{first} {last}"),
        erased_at=now,
        version=F("version") + 1,
        updated_at=now,
    )


def _erase_profile(seeker: JobSeeker) -> None:
    profiles = CareerProfile.objects.filter(job_seeker=seeker)
    profiles.update(
        education="",
        strengths=[],
        interests=[],
        occupations=[],
        avoid=[],
        disclosure_notes="",
        accommodation_needs="",
        health_restrictions="",
        version=F("version") + 1,
    )
    for profile in profiles:
        profile.skills.clear()
        profile.licences.clear()
    WorkHistoryEntry.objects.filter(profile__job_seeker=seeker).update(
        employer_name=ERASED_TEXT, role=ERASED_TEXT, went_well="", went_badly=""
    )


def _erase_related_text(seeker: JobSeeker) -> None:
    Milestone.objects.filter(job_seeker=seeker).update(note="")
    Consent.objects.filter(job_seeker=seeker).update(note="")
    CaseNote.objects.filter(job_seeker=seeker).update(text=ERASED_TEXT)
    CoachTransfer.objects.filter(job_seeker=seeker).update(reason="")


def _names_pattern(seeker: JobSeeker) -> re.Pattern[str] | None:
    """The person's first and last name, each with any Finnish case ending ("Ainon",
    "Mäkelälle")."""
    names = [n for n in (*seeker.first_name.split(), *seeker.last_name.split()) if len(n) > 1]
    if not names:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\w*", re.IGNORECASE)


def _scrub_employer_rows(seeker: JobSeeker) -> None:
    """employers' rows about the person, through employers' own service: follow-ups about them
    lose their titles, contacts naming them lose their texts."""
    employer_services.scrub_texts_about(
        person=seeker,
        names=_names_pattern(seeker),
        placeholder=f"[{ERASED_TEXT}]",
        erased_title=ERASED_TEXT,
    )


def _close_case(seeker: JobSeeker, by: User | None) -> None:
    """An erased person who was still on a caseload exits today (reason: other), so that they
    no longer count in anyone's caseload."""
    if seeker.status == Status.EXITED:
        return
    today, now = timezone.localdate(), timezone.now()
    StatusChange.objects.create(
        organization_id=seeker.organization_id,
        job_seeker=seeker,
        from_status=seeker.status,
        to_status=Status.EXITED,
        by=by,
    )
    exited_on = max(today, seeker.referred_on)
    JobSeeker.objects.filter(pk=seeker.pk).update(
        status=Status.EXITED,
        exited_on=exited_on,
        exit_reason=ExitReason.OTHER,
        status_changed_at=now,
    )
    lifecycle.run_exit(job_seeker=seeker, by=by, on=exited_on)


def _erase_history(seeker: JobSeeker) -> None:
    """The change history holds every old value of the identity: it goes entirely."""
    JobSeeker.history.filter(id=seeker.pk).delete()
    CareerProfile.history.filter(job_seeker_id=seeker.pk).delete()
    Consent.history.filter(job_seeker_id=seeker.pk).delete()


@transaction.atomic
def erase_job_seeker(
    *, job_seeker: JobSeeker, by: User | None, action: str = "crm.candidate.erased"
) -> JobSeeker:
    """Anonymise the person's identity and every free text about them; keep the figures
    (status, dates, milestone kinds, Kykyviisari scores, consents, contact-log links,
    municipality). Callers check who may erase. Idempotent: an erased person stays as is."""
    seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    if seeker.erased_at is None:
        _close_case(seeker, by)
        lifecycle.run_erase(job_seeker=seeker, by=by)
        _scrub_employer_rows(seeker)
        _erase_identity(seeker, timezone.now())
        _erase_profile(seeker)
        _erase_related_text(seeker)
        _erase_history(seeker)
        seeker.refresh_from_db()
        features_changed("candidate", seeker.pk)  # drops the person from the match index
        record_access(by, action, seeker, ERASED_FIELDS, organization_id=seeker.organization_id)
    job_seeker.refresh_from_db()
    return job_seeker


def confirmation_matches(job_seeker: JobSeeker, typed: str) -> bool:
    """The erase form's safety catch: the person's last name, typed (case and spaces ignored)."""
    return (
        " ".join((typed or "").split()).casefold()
        == " ".join(job_seeker.last_name.split()).casefold()
    )


# Retention ----------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def retention_due(*, organization: Organization, today: date | None = None) -> QuerySet[JobSeeker]:
    """People who exited more than `retention_months` ago and are not anonymised yet."""
    cutoff = months_before(today or timezone.localdate(), organization.retention_months)
    return JobSeeker.objects.for_organization(organization.pk).filter(
        status=Status.EXITED, exited_on__lt=cutoff, erased_at__isnull=True
    )


def apply_retention(today: date | None = None) -> int:
    """Anonymise everyone past their organisation's retention period; returns how many.
    One transaction per person, so one failure does not undo the others; safe to rerun."""
    erased = 0
    for organization in Organization.objects.order_by("pk"):
        for seeker in list(retention_due(organization=organization, today=today)):
            erase_job_seeker(job_seeker=seeker, by=None, action="crm.candidate.retention_erased")
            erased += 1
    return erased


@transaction.atomic
def set_retention_months(*, organization: Organization, by: User, months: int) -> Organization:
    organization.retention_months = months
    organization.full_clean()
    Organization.objects.filter(pk=organization.pk).update(retention_months=months)
    record_access(by, "crm.organization.retention_changed", organization, ["retention_months"])
    return organization
