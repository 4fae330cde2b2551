"""Repair contact-log times that no page can show (issue 13, item 2).

Before every date input had a range, `"occurred_at": "0001-01-01"` was stored: through
Helsinki's historical offset it became a time in 1 BC on PostgreSQL, which no page, list or API
call reading the row could load afterwards. Such a time (before 1900 or from 2100 on) is set to
when the contact was logged (`created_at`), and each repaired row gets an audit event
`crm.employer.contact_time_repaired`. The comparison runs in the database: the bad values are
never loaded into Python.
"""

from datetime import UTC, datetime

from django.db import migrations
from django.db.models import F, Q

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def repair_contact_times(apps, schema_editor):
    EmployerContact = apps.get_model("employers", "EmployerContact")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    outside = Q(occurred_at__lt=EARLIEST) | Q(occurred_at__gte=LATEST)
    broken = EmployerContact.objects.filter(outside)
    rows = list(broken.values_list("pk", "organization_id"))
    if not rows:
        return
    EmployerContact.objects.filter(pk__in=[pk for pk, _org in rows]).update(
        occurred_at=F("created_at")
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organization_id=organization_id,
            username="",
            action="crm.employer.contact_time_repaired",
            object_type="employers.employercontact",
            object_id=str(pk),
            fields=["occurred_at"],
        )
        for pk, organization_id in rows
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0005_date_ranges"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(repair_contact_times, migrations.RunPython.noop)]
