"""Right of access: everything the CRM holds about a person, as one JSON document."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates import lifecycle, selectors
from crm.candidates.access import Access, require_access
from crm.candidates.models import (
    KYKYVIISARI_SCORES,
    CareerProfile,
    CaseNote,
    CoachTransfer,
    Consent,
    Disclosure,
    JobSeeker,
    KykyviisariResult,
    StatusChange,
    WorkHistoryEntry,
)
from crm.core.choices import Schedule, choice_labels
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
from crm.employers.models import EmployerContact, FollowUp

SCHEMA = "askel-crm/job-seeker-export"
SCHEMA_VERSION = 1
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
HISTORY_TYPE_LABELS = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
}


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
