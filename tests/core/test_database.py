"""CI must exercise PostgreSQL, not the SQLite default."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from tests.conftest import require_service
from tests.factories import TeamFactory


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_services_are_required():
    require_service(
        connection.vendor == "postgresql",
        f"PostgreSQL (the suite is on {connection.vendor})",
        "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm",
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000


@pytest.mark.django_db
def test_team_names_are_unique_within_an_organization_only(org, other_org):
    TeamFactory(organization=org, name="Imatra")
    TeamFactory(organization=other_org, name="Imatra")  # another organisation may reuse it

    with pytest.raises(IntegrityError), transaction.atomic():
        TeamFactory(organization=org, name="Imatra")
