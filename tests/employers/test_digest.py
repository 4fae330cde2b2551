"""Follow-ups in the morning digest, once per user per day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from crm.core.tasks import send_daily_digest
from crm.employers.digest import follow_ups_due
from crm.employers.services.follow_ups import create_follow_up
from tests.factories import FollowUpFactory, create_job_seeker

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


def test_the_digest_does_not_email_the_title_of_a_follow_up_about_a_person(alice):
    """The title of a follow-up about a job seeker is a note about them: it stays in the app."""
    aino = create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")
    today = timezone.localdate()
    create_follow_up(user=alice, due_on=today, title="Ainon lääkärinlausunto", job_seeker=aino)
    create_follow_up(user=alice, due_on=today, title="Soita HR:lle")

    with translation.override("en"):
        titles = sorted(item.title for item in follow_ups_due(alice, today).items)

    assert titles == ["Follow-up about a job seeker", "Soita HR:lle"]
