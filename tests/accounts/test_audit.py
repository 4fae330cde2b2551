from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from crm.accounts.audit import record_access
from crm.accounts.models import AuditEvent
from tests.factories import PASSWORD, TeamFactory


@pytest.mark.django_db
def test_record_access_writes_who_what_and_which_fields(alice):
    team = TeamFactory(organization=alice.organization)

    event = record_access(alice, "crm.accounts.team_viewed", team, ["name", "members", "name"])

    assert event.organization_id == alice.organization_id
    assert event.username == "alice"
    assert event.object_type == "accounts.team"
    assert event.object_id == str(team.pk)
    assert event.fields == ["members", "name"]


@pytest.mark.django_db
def test_the_audit_log_cannot_be_changed_or_deleted(alice):
    event = record_access(alice, "crm.test.viewed")

    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "crm.test.viewed"


@pytest.mark.django_db
def test_logging_in_is_audited(alice, client):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    event = AuditEvent.objects.get(action="crm.auth.logged_in")
    assert event.user == alice
    assert event.ip_address == "127.0.0.1"


@pytest.mark.django_db
def test_audit_events_of_another_organization_stay_hidden(alice, charlie):
    record_access(charlie, "crm.test.viewed")

    assert not AuditEvent.objects.for_user(alice).exists()


@pytest.mark.django_db
def test_behind_a_proxy_audit_and_throttling_record_the_same_client_address(
    alice, client, settings
):
    # What settings.py derives from PROXY_COUNT=1 (test_configuration checks that part).
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    via_proxy = {"headers": {"x-forwarded-for": "203.0.113.7, 10.0.0.2"}, "REMOTE_ADDR": "10.0.0.3"}

    client.post(reverse("login"), {"username": "alice", "password": "wrong"}, **via_proxy)
    attempt = AccessAttempt.objects.get(username="alice")
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD}, **via_proxy)

    assert attempt.ip_address == "203.0.113.7"
    assert AuditEvent.objects.get(action="crm.auth.logged_in").ip_address == "203.0.113.7"
