"""The morning digest: sent once per user per day, only when there is something to say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from crm.accounts.models import APIToken
from crm.accounts.services import create_api_token
from crm.core.models import DigestDelivery
from crm.core.tasks import send_daily_digest, send_daily_digests


def expiring_token(user, days_left: int = 3):
    token, _raw = create_api_token(user=user, name="Raportointi")
    APIToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + timedelta(days=days_left)
    )
    return token


@pytest.mark.django_db
def test_a_user_with_something_due_gets_one_digest(alice):
    expiring_token(alice)
    today = timezone.localdate().isoformat()

    assert send_daily_digest(alice.pk, today) is True

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "Raportointi" in message.body


@pytest.mark.django_db
def test_running_the_digest_twice_sends_it_once(alice):
    expiring_token(alice)
    today = timezone.localdate().isoformat()

    send_daily_digest(alice.pk, today)
    assert send_daily_digest(alice.pk, today) is False

    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_nothing_to_say_means_no_email(alice):
    create_api_token(user=alice, days=365)  # far from expiry

    assert send_daily_digest(alice.pk, timezone.localdate().isoformat()) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_digest_is_in_the_users_language(alice):
    alice.language = "sv"
    alice.save()
    expiring_token(alice)

    send_daily_digest(alice.pk, timezone.localdate().isoformat())

    assert "God morgon" in mail.outbox[0].body


@pytest.mark.django_db
def test_inactive_users_and_users_without_email_get_nothing(alice, bob):
    expiring_token(alice)
    expiring_token(bob)
    alice.is_active = False
    alice.save()
    bob.email = ""
    bob.save()
    today = timezone.localdate().isoformat()

    assert not send_daily_digest(alice.pk, today)
    assert not send_daily_digest(bob.pk, today)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_removed_user_is_skipped_quietly():
    assert send_daily_digest(999_999, timezone.localdate().isoformat()) is False


@pytest.mark.django_db
def test_the_periodic_task_fans_out_one_task_per_user(alice, bob, monkeypatch):
    queued = []
    monkeypatch.setattr(send_daily_digest, "delay", lambda *args: queued.append(args))

    count = send_daily_digests("2026-11-23")

    assert count == 2
    assert sorted(queued) == sorted([(alice.pk, "2026-11-23"), (bob.pk, "2026-11-23")])
