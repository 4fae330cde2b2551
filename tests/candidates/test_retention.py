"""The organisation's retention period: people who exited longer ago are anonymised by a nightly
Celery task; admins set the period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from crm.accounts.models import AuditEvent, Organization, Role
from crm.candidates.models import JobSeeker
from crm.candidates.rights.retention import apply_retention, months_before
from crm.candidates.tasks import apply_retention_policy
from crm.celery import app
from tests.core.test_celery_worker import redis_worker, wait_for  # noqa: F401  (fixture)
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db


# Page text is asserted in English, the source language: the personas use the English UI.
@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def alice(alice):
    alice.language = "en"
    alice.save(update_fields=["language"])
    return alice


@pytest.fixture
def bob(bob):
    bob.language = "en"
    bob.save(update_fields=["language"])
    return bob


@pytest.fixture
def make_user(make_user):
    def make(*args, **kwargs):
        kwargs.setdefault("language", "en")
        return make_user(*args, **kwargs)

    return make


TODAY = timezone.localdate()


def exited(coach, months_ago: int, days: int = 0, **fields) -> JobSeeker:
    """A person who exited `months_ago` months (and `days` more days) before today."""
    exited_on = months_before(TODAY, months_ago) - timedelta(days=days)
    return create_job_seeker(
        coach=coach,
        last_name=fields.pop("last_name", f"Poistunut {months_ago} kk"),
        referred_on=exited_on - timedelta(days=200),
        intake_on=exited_on - timedelta(days=190),
        status="exited",
        exit_reason="employed",
        exited_on=exited_on,
        **fields,
    )


def set_months(org: Organization, months: int) -> None:
    Organization.objects.filter(pk=org.pk).update(retention_months=months)


def test_it_anonymises_only_people_past_the_retention_period(org, alice):
    set_months(org, 12)
    past = exited(alice, 12, days=1, last_name="Vanha")
    on_the_day = exited(alice, 12, last_name="Rajalla")
    recent = exited(alice, 11, last_name="Tuore")
    active = create_job_seeker(coach=alice, last_name="Aktiivinen")

    assert apply_retention() == 1

    assert JobSeeker.objects.get(pk=past.pk).last_name == f"henkilö #{past.pk}"
    for kept in (on_the_day, recent, active):
        assert JobSeeker.objects.get(pk=kept.pk).erased_at is None
    event = AuditEvent.objects.get(action="crm.candidate.retention_erased")
    assert event.object_id == str(past.pk) and event.user is None
    assert event.organization_id == org.pk


def test_each_organisation_uses_its_own_period(org, alice, charlie):
    set_months(org, 6)
    ours = exited(alice, 8)
    theirs = exited(charlie, 8)  # the other organisation keeps the default 24 months
    assert apply_retention() == 1
    assert JobSeeker.objects.get(pk=ours.pk).is_erased
    assert not JobSeeker.objects.get(pk=theirs.pk).is_erased


def test_the_task_runs_the_policy_and_a_second_run_changes_nothing(org, alice):
    set_months(org, 12)
    person = exited(alice, 30)
    assert apply_retention_policy.apply().get() == 1
    erased_at = JobSeeker.objects.get(pk=person.pk).erased_at
    assert apply_retention_policy.apply().get() == 0
    assert JobSeeker.objects.get(pk=person.pk).erased_at == erased_at
    assert AuditEvent.objects.filter(action="crm.candidate.retention_erased").count() == 1


def test_the_task_can_be_run_for_a_given_day(org, alice):
    set_months(org, 12)
    person = exited(alice, 6)
    later = months_before(TODAY, -7).isoformat()  # seven months from now
    assert apply_retention_policy.apply(args=[TODAY.isoformat()]).get() == 0
    assert apply_retention_policy.apply(args=[later]).get() == 1
    assert JobSeeker.objects.get(pk=person.pk).is_erased


def test_the_task_is_scheduled_nightly():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "retention" in e["task"]]
    assert entries[0]["task"] == "crm.candidates.tasks.apply_retention_policy"
    assert entries[0]["schedule"].hour == {3}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_retention_task_runs_in_a_real_worker(org, alice, redis_worker):  # noqa: F811
    set_months(org, 12)
    person = exited(alice, 13)
    result = apply_retention_policy.delay()
    assert not app.conf.task_always_eager
    assert wait_for(lambda: result.id in set(redis_worker))
    assert JobSeeker.objects.get(pk=person.pk).is_erased


# The admin page -----------------------------------------------------------------------------


@pytest.fixture
def admin_user(make_user):
    return make_user(role=Role.ADMIN)


def test_the_admin_sees_the_period_and_how_many_will_be_anonymised(
    org, alice, admin_user, client_for
):
    set_months(org, 12)
    exited(alice, 13)
    exited(alice, 14)
    exited(alice, 2)
    response = client_for(admin_user).get(reverse("retention_settings"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="12"' in page
    assert "2 people who exited" in page


def test_the_admin_changes_the_period(org, admin_user, client_for):
    response = client_for(admin_user).post(reverse("retention_settings"), {"retention_months": 36})
    assert response.status_code == 302
    assert Organization.objects.get(pk=org.pk).retention_months == 36
    assert AuditEvent.objects.filter(
        action="crm.organization.retention_changed", user=admin_user
    ).exists()


@pytest.mark.parametrize("value", ["0", "241", "abc", "", "12.5"])
def test_the_period_must_be_1_to_240_months(value, org, admin_user, client_for):
    response = client_for(admin_user).post(
        reverse("retention_settings"), {"retention_months": value}
    )
    assert response.status_code == 422
    assert "Give a whole number of months from 1 to 240." in response.content.decode()
    assert 'id="id_retention_months_error"' in response.content.decode()
    assert Organization.objects.get(pk=org.pk).retention_months == 24


@pytest.mark.parametrize("role", [Role.COACH, Role.LEAD, Role.RELATIONS])
def test_other_roles_cannot_change_the_period(role, org, make_user, client_for):
    client = client_for(make_user(role=role))
    assert client.get(reverse("retention_settings")).status_code == 403
    assert client.post(reverse("retention_settings"), {"retention_months": 1}).status_code == 403
    assert Organization.objects.get(pk=org.pk).retention_months == 24


def test_the_organisation_page_links_to_the_retention_setting(admin_user, client_for):
    page = client_for(admin_user).get(reverse("organization_overview")).content.decode()
    assert reverse("retention_settings") in page
