"""Recompute search keys: names are now folded ("Mäkelä" → "makela") so that searches typed
without the Nordic letters find them."""

from django.db import migrations

from crm.core.search import search_key


def recompute(apps, schema_editor):
    Model = apps.get_model("employers", "Employer")
    for row in Model.objects.only("pk", "name", "business_id").iterator(chunk_size=2000):
        Model.objects.filter(pk=row.pk).update(search_key=search_key(row.name, row.business_id))


class Migration(migrations.Migration):
    dependencies = [("employers", "0002_employercontact_candidates_followup_job_seeker")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
