"""The pseudonymised evaluation extract (THL/TTL-style evaluation).

One row per person with a valid research consent on the extraction day, as of that day: a
stable pseudonym (HMAC-SHA256 of organisation and person under the key
`EVALUATION_PSEUDONYM_KEY`), birth year in five-year bands, region, referral source, months
(YYYY-MM) of referral, intake, first employer contact, first job and exit, counts of employer
and support contacts, up to three jobs (start month, whole months kept, competitive, hours band)
and the first and latest Kykyviisari work ability. No names, identity codes, free text or exact
dates. Every extract is audited.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.candidates.models import ConsentPurpose, JobSeeker, KykyviisariResult
from crm.core.reference import municipalities
from crm.employers.models import Channel, EmployerContact, Purpose
from crm.placements.models import Placement, SupportContact
from crm.reports.access import require_extract
from crm.reports.periods import HELSINKI

KEY_SETTING = "EVALUATION_PSEUDONYM_KEY"
JOB_COLUMNS = 3
HOURS_BANDS = ((10, "0-9"), (20, "10-19"), (30, "20-29"), (38, "30-37"))
TOP_HOURS_BAND = "38+"

COLUMNS = [
    "pseudonym",
    "birth_year_band",
    "region",
    "referral_source",
    "referral_month",
    "intake_month",
    "first_employer_contact_month",
    "first_job_month",
    "exit_month",
    "employer_contacts",
    "support_contacts",
    "jobs",
    *(
        f"job{number}_{field}"
        for number in range(1, JOB_COLUMNS + 1)
        for field in ("start_month", "months_kept", "competitive", "hours_band")
    ),
    "kykyviisari_first_work_ability",
    "kykyviisari_latest_work_ability",
]


def pseudonym_key() -> bytes:
    key = getattr(settings, KEY_SETTING, None)
    if not key:
        raise ValidationError(
            _(
                "The evaluation extract needs a pseudonym key: set %(setting)s (at least 32 "
                "characters) in the server's environment."
            )
            % {"setting": KEY_SETTING}
        )
    return str(key).encode()


def pseudonym(key: bytes, organization_id: int, person_id: int) -> str:
    message = f"{organization_id}:{person_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def month(day: date | None) -> str:
    return f"{day:%Y-%m}" if day else ""


def birth_year_band(born: date | None) -> str:
    if born is None:
        return ""
    first = born.year // 5 * 5
    return f"{first}-{first + 4}"


def region(municipality: str) -> str:
    found = municipalities().get(municipality or "")
    return found.region_fi if found else ""


def hours_band(hours: Any) -> str:
    for limit, label in HOURS_BANDS:
        if hours < limit:
            return label
    return TOP_HOURS_BAND


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


def consenting_people(organization_id: int, on: date):
    valid = (
        Q(consents__purpose=ConsentPurpose.RESEARCH, consents__granted_on__lte=on)
        & (Q(consents__expires_on__isnull=True) | Q(consents__expires_on__gte=on))
        & (Q(consents__revoked_on__isnull=True) | Q(consents__revoked_on__gt=on))
    )
    return JobSeeker.objects.filter(valid, organization_id=organization_id).distinct()


def evaluation_rows(*, user: Any, on: date) -> list[dict[str, Any]]:
    """The extract as rows (column → value); refuses without the key, audits every extract."""
    require_extract(user)
    key = pseudonym_key()
    org_id = user.organization_id
    first_contact = (
        EmployerContact.objects.filter(
            candidates=OuterRef("pk"), channel=Channel.FACE_TO_FACE, occurred_at__date__lte=on
        )
        .exclude(purpose=Purpose.SUPPORT)
        .order_by("occurred_at", "pk")
        .annotate(on=TruncDate("occurred_at", tzinfo=HELSINKI))
        .values("on")[:1]
    )
    results = KykyviisariResult.objects.filter(job_seeker=OuterRef("pk"), assessed_on__lte=on)
    people = list(
        consenting_people(org_id, on)
        .annotate(
            first_contact_on=Subquery(first_contact),
            kyky_first=Subquery(results.order_by("assessed_on", "pk").values("work_ability")[:1]),
            kyky_latest=Subquery(
                results.order_by("-assessed_on", "-pk").values("work_ability")[:1]
            ),
        )
        .order_by("pk")
        .values(
            "pk",
            "birth_date",
            "municipality",
            "referral_source",
            "referred_on",
            "intake_on",
            "exited_on",
            "first_contact_on",
            "kyky_first",
            "kyky_latest",
        )
    )
    ids = consenting_people(org_id, on).values("pk")
    contact_counts = dict(
        EmployerContact.objects.filter(candidates__in=ids, occurred_at__date__lte=on)
        .values_list("candidates")
        .annotate(n=Count("pk", distinct=True))
        .values_list("candidates", "n")
    )
    support_counts = dict(
        SupportContact.objects.filter(placement__candidate__in=ids, occurred_on__lte=on)
        .values_list("placement__candidate")
        .annotate(n=Count("pk"))
        .values_list("placement__candidate", "n")
    )
    jobs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    job_rows: Any = (
        Placement.objects.filter(candidate__in=ids, start_on__lte=on)
        .order_by("start_on", "pk")
        .values("candidate_id", "start_on", "ended_on", "competitive", "hours_per_week")
    )
    for job in job_rows:
        jobs[job["candidate_id"]].append(job)
    rows = [
        _row(key, org_id, on, person, contact_counts, support_counts, jobs) for person in people
    ]
    record_access(user, "crm.reports.evaluation_extract", None, [f"on={on}", f"rows={len(rows)}"])
    return rows


def _score(value: Any) -> str:
    """A Kykyviisari score with its one decimal, or empty."""
    return "" if value is None else f"{Decimal(str(value)):.1f}"


def _row(key, org_id, on, person, contact_counts, support_counts, jobs) -> dict[str, Any]:
    def on_or_before(day: date | None) -> date | None:
        return day if day and day <= on else None

    own_jobs = jobs.get(person["pk"], [])
    row: dict[str, Any] = {
        "pseudonym": pseudonym(key, org_id, person["pk"]),
        "birth_year_band": birth_year_band(person["birth_date"]),
        "region": region(person["municipality"]),
        "referral_source": person["referral_source"],
        "referral_month": month(on_or_before(person["referred_on"])),
        "intake_month": month(on_or_before(person["intake_on"])),
        "first_employer_contact_month": month(person["first_contact_on"]),
        "first_job_month": month(own_jobs[0]["start_on"]) if own_jobs else "",
        "exit_month": month(on_or_before(person["exited_on"])),
        "employer_contacts": contact_counts.get(person["pk"], 0),
        "support_contacts": support_counts.get(person["pk"], 0),
        "jobs": len(own_jobs),
        "kykyviisari_first_work_ability": _score(person["kyky_first"]),
        "kykyviisari_latest_work_ability": _score(person["kyky_latest"]),
    }
    for number in range(1, JOB_COLUMNS + 1):
        job = own_jobs[number - 1] if number <= len(own_jobs) else None
        ended = job and job["ended_on"] and job["ended_on"] <= on and job["ended_on"]
        row[f"job{number}_start_month"] = month(job["start_on"]) if job else ""
        kept = months_between(job["start_on"], ended or on) if job else ""
        row[f"job{number}_months_kept"] = kept
        row[f"job{number}_competitive"] = (1 if job["competitive"] else 0) if job else ""
        row[f"job{number}_hours_band"] = hours_band(job["hours_per_week"]) if job else ""
    return row


def evaluation_csv(*, user: Any, on: date) -> str:
    rows = evaluation_rows(user=user, on=on)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
