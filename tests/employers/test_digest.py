"""Follow-ups in the morning digest, once per user per day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from crm.core.tasks import send_daily_digest
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db


def test_todays_and_overdue_follow_ups_are_e_mailed_once(alice, bob):
    today = timezone.localdate()
    FollowUpFactory(user=alice, title="Soita kauppiaalle")
    FollowUpFactory(user=alice, title="Käy leipomolla", due_on=today - timedelta(days=2))
    FollowUpFactory(user=alice, title="Ensi viikolla", due_on=today + timedelta(days=7))
    FollowUpFactory(user=bob, title="Bobin oma")

    send_daily_digest(alice.pk, today.isoformat())
    send_daily_digest(alice.pk, today.isoformat())

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Soita kauppiaalle" in body
    assert "Käy leipomolla" in body
    assert "Ensi viikolla" not in body
    assert "Bobin oma" not in body
    assert body.index("Käy leipomolla") < body.index("Soita kauppiaalle")


def test_done_follow_ups_are_not_in_the_digest(alice):
    FollowUpFactory(user=alice, done=True)

    assert send_daily_digest(alice.pk, timezone.localdate().isoformat()) is False
    assert mail.outbox == []
