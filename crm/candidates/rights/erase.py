"""Erasure: anonymise a person's identity and every free text about them, keep the figures
reports need. What erasure keeps is listed in README.md ("Privacy and data protection") and on
the erase page (`ERASE_KEEPS`); keep the three in step."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.candidates import lifecycle
from crm.candidates.models import (
    CareerProfile,
    CaseNote,
    CoachTransfer,
    Consent,
    ExitReason,
    JobSeeker,
    Milestone,
    Status,
    StatusChange,
    WorkHistoryEntry,
)
from crm.core.search import search_key
from crm.core.terms import features_changed
from crm.employers.services.contacts import scrub_texts_about

# Stored in place of names and required free text; the same in every UI language on purpose.
ERASED_TEXT = "Poistettu"


def ensure_not_erased(job_seeker: JobSeeker) -> None:
    """Services call this before any change: an erased person's record is closed for good."""
    if job_seeker.erased_at is not None:
        raise ValidationError(
            _("This person's data has been erased; the record can no longer be changed."),
            code="erased",
        )


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
    scrub_texts_about(
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
