from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from crm.accounts import demo as accounts_demo
from crm.accounts import services
from crm.accounts.models import Organization
from crm.candidates.demo import seeder as candidates_demo
from crm.employers.demo import seeder as employers_demo
from crm.matching import demo as matching_demo
from crm.matching import vocabulary
from crm.placements import demo as placements_demo
from crm.reports import demo as reports_demo

# Each app's seeder takes the demo organisation and returns what it created. Order matters.
SEEDERS: list[Callable[[Organization], list[str]]] = [
    accounts_demo.seed,
    vocabulary.demo_seed,
    employers_demo.seed,
    candidates_demo.seed,
    matching_demo.seed,
    placements_demo.seed,
    reports_demo.seed,
]


class Command(BaseCommand):
    help = "Create organisation 'Demo' with demo users and Finnish demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        organization, _ = services.get_or_create_organization(name=accounts_demo.DEMO_ORGANIZATION)
        created: list[str] = []
        for seed in SEEDERS:
            created += seed(organization)
        if created:
            self.stdout.write("Created: " + ", ".join(created))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(
            "Demo logins (password: DEMO_PASSWORD or 'demo-pass-2025'): "
            + ", ".join(u[0] for u in accounts_demo.DEMO_USERS)
        )
