"""Issue 13, item 2: a year-1 date answered 500 but was stored, and then took the employer
page, the contact-log API and the contact-log page down for everyone. Every date input has a
sane range (crm/core/dates.py); refused values are field-level errors and nothing is stored."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest
from django.apps import apps as django_apps
from django.db import DataError, connection
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import AuditEvent
from crm.employers.models import EmployerContact, FollowUp, Opening
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db

LOG = "/api/v1/employer-contacts"
RANGE_FI = "Anna päivämäärä väliltä"  # "Enter a date between …" in Finnish


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


def contact(employer, **fields) -> dict:
    return {
        "employer_id": employer.pk,
        "channel": "phone",
        "purpose": "follow_up",
        "summary": "Soitto",
        **fields,
    }


def log(api, body: dict):
    return api.post(LOG, body, content_type="application/json")


def test_a_contact_in_year_1_is_a_field_error_and_nothing_is_stored(api, employer):
    body = contact(employer, occurred_at="0001-01-01", follow_up_on="0001-01-02")

    response = api.post(LOG, body, content_type="application/json")

    errors = field_errors(response)
    assert set(errors) == {"occurred_at", "follow_up_on"}
    assert errors["occurred_at"][0].startswith(RANGE_FI)
    assert not EmployerContact.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    "occurred_at",
    [
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00-12:00",
        "9999-12-31T23:59:59+14:00",
        "9999-12-31T23:59:59-12:00",
        "2000-01-01T00:00:00+14:00",  # 31.12.1999 12:00 in Helsinki: before the range
        "0001-01-01T00:00:00",  # naive: Helsinki's local mean time, 1 BC in UTC
        "9999-12-31T23:59:59",
    ],
)
def test_a_contact_time_at_the_ends_of_the_calendar_is_a_422_not_a_500(api, employer, occurred_at):
    response = api.post(
        LOG, contact(employer, occurred_at=occurred_at), content_type="application/json"
    )

    assert set(field_errors(response)) == {"occurred_at"}
    assert not EmployerContact.objects.exists()


@pytest.mark.parametrize(
    "occurred_at",
    [
        "2000-01-01T00:00:00+02:00",
        "1999-12-31T22:00:00+00:00",
        "1999-12-31T23:59:59-12:00",  # 1.1.2000 13:59 in Helsinki
    ],
)
def test_the_first_moment_of_the_range_in_helsinki_is_accepted(api, employer, occurred_at):
    response = api.post(
        LOG, contact(employer, occurred_at=occurred_at), content_type="application/json"
    )

    assert response.status_code == 201, response.content


def test_a_contact_far_in_the_future_with_an_offset_is_a_422(api, employer):
    next_year_end = f"{timezone.localdate().year + 1}-12-31T23:59:59-12:00"

    response = api.post(
        LOG, contact(employer, occurred_at=next_year_end), content_type="application/json"
    )

    assert set(field_errors(response)) == {"occurred_at"}


def test_the_contact_form_refuses_year_1_with_a_field_message(employer, alice, client_for):
    response = client_for(alice).post(
        reverse("contact_create", args=[employer.pk]),
        {
            "occurred_at": "0001-01-01T00:00",
            "channel": "phone",
            "purpose": "follow_up",
            "summary": "Soitto",
            "next_step": "Soita uudelleen",
            "follow_up_on": "9999-12-31",
        },
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"occurred_at", "follow_up_on"}
    assert form.errors["occurred_at"][0].startswith(RANGE_FI)
    assert not EmployerContact.objects.exists()
    assert not FollowUp.objects.exists()


def test_the_services_refuse_year_1_before_converting_it(employer, alice):
    """A caller that bypasses forms and API (an import, a task) gets the same field error."""
    from django.core.exceptions import ValidationError

    from crm.employers.services.contacts import log_employer_contact

    year_1 = timezone.make_aware(datetime(1, 1, 1))
    with pytest.raises(ValidationError) as raised:
        log_employer_contact(
            employer=employer,
            by=alice,
            channel="phone",
            purpose="other",
            summary="x",
            occurred_at=year_1,
        )

    assert set(raised.value.message_dict) == {"occurred_at"}
    assert not EmployerContact.objects.exists()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/follow-ups", {"due_on": "0001-01-01", "title": "Soita"}),
        ("/api/v1/follow-ups", {"due_on": "9999-12-31", "title": "Soita"}),
    ],
)
def test_a_follow_up_out_of_range_is_a_422(api, path, body):
    response = api.post(path, body, content_type="application/json")

    assert set(field_errors(response)) == {"due_on"}
    assert not FollowUp.objects.exists()


def test_an_opening_starting_in_year_9999_is_a_422(api, employer):
    body = {"employer_id": employer.pk, "title": "Kassa", "start_on": "9999-01-01"}

    response = api.post("/api/v1/openings", body, content_type="application/json")

    assert set(field_errors(response)) == {"start_on"}
    assert not Opening.objects.exists()


@pytest.mark.parametrize("param", ["occurred_from", "occurred_to"])
def test_a_contact_log_filter_at_year_1_is_a_422(api, param):
    response = api.get(LOG, {param: "0001-01-01"})

    assert set(field_errors(response)) == {param}


def _store_raw(contact_pk: int, value: str) -> None:
    """Put a value in the database as the old code did, past every check."""
    table = EmployerContact._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET occurred_at = %s WHERE id = %s", [value, contact_pk])  # noqa: S608


def _pages(employer, client, api) -> list[int]:
    return [
        client.get(reverse("employer_detail", args=[employer.pk])).status_code,
        client.get(reverse("contact_log")).status_code,
        api.get(LOG).status_code,
        api.get(LOG, {"employer": employer.pk}).status_code,
    ]


# What was kept of "0001-01-01" in Helsinki time (+01:39:49): a moment in 1 BC, which
# PostgreSQL writes with "BC" and SQLite as year 0. Neither can be loaded into Python.
ONE_BC = "0001-12-31 22:20:11+00 BC" if connection.vendor == "postgresql" else "0000-12-31 22:20:11"


@pytest.mark.parametrize(
    "stored",
    [
        ONE_BC,
        "9999-12-31 23:59:59",  # shown in Helsinki time, a year past the calendar
    ],
)
def test_the_migration_repairs_contact_times_no_page_can_show(
    employer, alice, client_for, api, stored
):
    repair = importlib.import_module("crm.employers.migrations.0006_repair_contact_times")
    row = EmployerContactFactory(employer=employer, user=alice, summary="Vanha kirjaus")
    fine = EmployerContactFactory(employer=employer, user=alice, summary="Hyvä kirjaus")
    _store_raw(row.pk, stored)
    with pytest.raises((ValueError, OverflowError, DataError)):  # every user's 500
        client_for(alice).get(reverse("employer_detail", args=[employer.pk]))

    repair.repair_contact_times(django_apps, None)

    assert _pages(employer, client_for(alice), api) == [200, 200, 200, 200]
    row.refresh_from_db()
    fine_before = fine.occurred_at
    fine.refresh_from_db()
    assert row.occurred_at == row.created_at
    assert fine.occurred_at == fine_before
    event = AuditEvent.objects.get(action="crm.employer.contact_time_repaired")
    assert (event.object_id, event.organization_id) == (str(row.pk), employer.organization_id)
