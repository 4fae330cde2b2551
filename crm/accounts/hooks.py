"""What accounts lets the apps above it do when an organisation is created (the curated
vocabulary, default settings...). Apps register in their AppConfig.ready(), so accounts imports
none of them."""

from __future__ import annotations

from collections.abc import Callable

from crm.accounts.models import Organization

OrganizationCreated = Callable[[Organization], None]

_on_organization_created: list[OrganizationCreated] = []


def register_organization_created(fn: OrganizationCreated) -> None:
    """`fn(organization)` runs in the transaction that created the organisation."""
    if fn not in _on_organization_created:
        _on_organization_created.append(fn)


def organization_created(organization: Organization) -> None:
    for fn in _on_organization_created:
        fn(organization)
