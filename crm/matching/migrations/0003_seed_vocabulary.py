"""Give every existing organisation the curated vocabulary (data/vocabulary.csv).

New organisations get it when they are created; the seeding is idempotent and never deletes
or renames a term an organisation made itself, so reversing this migration is a no-op.
"""

from django.db import migrations


def seed_existing_organisations(apps, schema_editor):
    from crm.matching.vocabulary import seed_terms

    organization_model = apps.get_model("accounts", "Organization")
    term_model = apps.get_model("matching", "Term")
    for organization_id in organization_model.objects.values_list("pk", flat=True):
        seed_terms(term_model=term_model, organization_id=organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_term_vocabulary_fields"),
    ]

    operations = [
        migrations.RunPython(seed_existing_organisations, migrations.RunPython.noop),
    ]
