"""Seed the Kykyviisari form versions. Editable in the admin: the domain ranges were not
verified against TTL's documentation (see README, Privacy and data)."""

from django.db import migrations

FORMS = [
    ("web-2020", "Kykyviisari, web form (TTL)", 0, 10),
    ("paper-2020", "Kykyviisari, paper form (TTL)", 0, 10),
]


def seed(apps, schema_editor):
    KykyviisariForm = apps.get_model("candidates", "KykyviisariForm")
    for version, description, low, high in FORMS:
        KykyviisariForm.objects.get_or_create(
            version=version,
            defaults={"description": description, "domain_min": low, "domain_max": high},
        )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
