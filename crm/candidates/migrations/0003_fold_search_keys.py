"""Recompute search keys: names are now folded ("Mäkelä" → "makela") so that searches typed
without the Nordic letters find them."""

from django.db import migrations

from crm.core.search import search_key


def recompute(apps, schema_editor):
    Model = apps.get_model("candidates", "JobSeeker")
    for row in Model.objects.only("pk", "first_name", "last_name").iterator(chunk_size=2000):
        Model.objects.filter(pk=row.pk).update(search_key=search_key(f"{row.first_name} {row.last_name}"))


class Migration(migrations.Migration):
    dependencies = [("candidates", "0002_seed_kykyviisari_forms")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
