from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from crm.accounts import demo as accounts_demo
from crm.accounts import services

# Each app's seeder takes the demo organisation and returns what it created. Order matters.
SEEDERS = [
    "crm.accounts.demo.seed",
    "crm.matching.vocabulary.demo_seed",
    "crm.employers.demo.seed",
    "crm.candidates.demo.seed",
    "crm.matching.demo.seed",
]


class Command(BaseCommand):
    help = "Create organisation 'Demo' with demo users and Finnish demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        organization, _ = services.get_or_create_organization(name=accounts_demo.DEMO_ORGANIZATION)
        created: list[str] = []
        for path in SEEDERS:
            created += import_string(path)(organization)
        if created:
            self.stdout.write("Created: " + ", ".join(created))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(
            "Demo logins (password: DEMO_PASSWORD or 'demo-pass-2025'): "
            + ", ".join(u[0] for u in accounts_demo.DEMO_USERS)
        )
