"""The person's lifecycle hooks (crm/candidates/lifecycle.py): what the apps above candidates
are told when a person exits, is erased or exports their data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.candidates import lifecycle
from crm.candidates.models import Status
from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.rights.export import export_data
from crm.candidates.services.records import change_status, update_job_seeker
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    """Registers recording hooks for one test (the apps' own hooks stay registered)."""
    calls: list[tuple] = []
    monkeypatch.setattr(lifecycle, "_exit", list(lifecycle._exit))
    monkeypatch.setattr(lifecycle, "_erase", list(lifecycle._erase))
    monkeypatch.setattr(lifecycle, "_export", dict(lifecycle._export))
    lifecycle.register_exit(lambda *, job_seeker, by, on: calls.append(("exit", job_seeker.pk, on)))
    lifecycle.register_erase(lambda *, job_seeker, by: calls.append(("erase", job_seeker.pk)))
    lifecycle.register_export("work", lambda *, job_seeker, user: [{"who": job_seeker.pk}])
    return calls


def test_an_exit_tells_the_hooks_the_exit_date(alice, heard):
    seeker = create_job_seeker(coach=alice)
    exited_on = timezone.localdate() - timedelta(days=1)
    change_status(
        job_seeker=seeker,
        by=alice,
        version=seeker.version,
        status=Status.EXITED,
        exited_on=exited_on,
        exit_reason="employed",
    )
    assert heard == [("exit", seeker.pk, exited_on)]


def test_other_changes_tell_the_exit_hooks_nothing(alice, heard):
    seeker = create_job_seeker(coach=alice)
    update_job_seeker(job_seeker=seeker, by=alice, version=1, phone="040 123 4567")
    assert heard == []


def test_erasing_someone_in_service_exits_them_first_then_erases(alice, heard):
    seeker = create_job_seeker(coach=alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    assert heard == [("exit", seeker.pk, timezone.localdate()), ("erase", seeker.pk)]


def test_erasing_someone_who_has_exited_only_erases_and_a_second_erase_changes_nothing(
    alice, heard
):
    seeker = create_job_seeker(coach=alice)
    change_status(
        job_seeker=seeker, by=alice, version=1, status=Status.EXITED, exit_reason="employed"
    )
    heard.clear()
    erase_job_seeker(job_seeker=seeker, by=alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    assert heard == [("erase", seeker.pk)]


def test_the_export_carries_each_registered_section_under_its_key(alice, heard):
    seeker = create_job_seeker(coach=alice)
    data = export_data(user=alice, job_seeker=seeker)
    assert data["work"] == [{"who": seeker.pk}]
    assert data["proposals"] == []  # matching's section


def test_an_export_key_is_registered_once(heard):
    with pytest.raises(ValueError, match="already registered"):
        lifecycle.register_export("work", lambda *, job_seeker, user: [])


def test_registering_the_same_hook_twice_runs_it_once(alice, heard):
    hook = lifecycle._erase[-1]
    lifecycle.register_erase(hook)
    seeker = create_job_seeker(coach=alice)
    erase_job_seeker(job_seeker=seeker, by=alice)
    assert heard.count(("erase", seeker.pk)) == 1
