"""Writing a checked import: every valid row in one transaction, or nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.employers.imports.check import find_duplicates
from crm.employers.imports.plan import ImportPlan, ImportResult, ImportRow, RowStatus
from crm.employers.models import ContactPerson, Employer, StageChange, Tag


def _save_tags(rows: list[ImportRow], organization_id: int) -> None:
    names = sorted({name for row in rows for name in row.tags})
    if not names:
        return
    Tag.objects.bulk_create(
        [Tag(organization_id=organization_id, name=name) for name in names],
        ignore_conflicts=True,
    )
    tags = Tag.objects.filter(organization_id=organization_id, name__in=names)
    tag_ids = dict(tags.values_list("name", "pk"))
    through = Employer.tags.through
    through.objects.bulk_create(
        [
            through(employer_id=row.employer.pk, tag_id=tag_ids[name])
            for row in rows
            for name in row.tags
        ],
        batch_size=1000,
    )


@transaction.atomic
def run_import(*, plan: ImportPlan, user: User) -> ImportResult:
    """Find the duplicates again against the current data, then write all valid rows or
    nothing. `plan` comes from check_file, plan_import or ImportPlan.loads of this user."""
    find_duplicates(plan, organization_id=user.organization_id)
    new_rows = [row for row in plan.rows if row.status == RowStatus.NEW]
    employers = Employer.objects.bulk_create([row.employer for row in new_rows], batch_size=500)
    _save_tags(new_rows, user.organization_id)

    persons = []
    for row in plan.rows:
        if row.contact is not None and row.status in (RowStatus.NEW, RowStatus.CONTACT):
            owner = row.match_row.employer if row.match_row else row.employer
            row.contact.employer_id = row.match_employer_id or owner.pk
            persons.append(row.contact)
    ContactPerson.objects.bulk_create(persons, batch_size=1000)

    now = timezone.now()
    StageChange.objects.bulk_create(
        [
            StageChange(
                organization_id=user.organization_id,
                employer_id=employer.pk,
                from_stage="",
                to_stage=employer.stage,
                changed_at=now,
                user=user,
            )
            for employer in employers
        ],
        batch_size=1000,
    )
    record_access(user, "crm.employer.imported")
    return ImportResult(plan=plan, employers=employers, contacts_added=len(persons))
