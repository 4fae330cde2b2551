"""`rebuild_match_features`: recompute the features of one or all organisations, with progress."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from crm.candidates.services.profile import save_profile
from crm.employers.services.openings import create_opening
from crm.matching.models import CandidateFeatures, OpeningFeatures
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org, other_org, alice, charlie):
    for coach in (alice, alice, charlie):
        seeker = create_job_seeker(coach=coach)
        save_profile(
            job_seeker=seeker, by=coach, version=seeker.profile.version, occupations=["siivooja"]
        )
    for organization in (org, other_org):
        create_opening(
            employer=EmployerFactory(organization=organization),
            by=None,
            title="Siivooja",
            occupation="Siivooja",
            municipality="Lappeenranta",
        )


def rebuild(*args: str) -> str:
    out = StringIO()
    call_command("rebuild_match_features", *args, stdout=out)
    return out.getvalue()


def test_one_organisation_is_rebuilt_with_progress(org, other_org, data):
    CandidateFeatures.objects.all().delete()
    OpeningFeatures.objects.all().delete()

    output = rebuild("--organization", str(org.pk))

    assert "job seekers: 2/2 (100 %)" in output
    assert "openings: 1/1 (100 %)" in output
    assert "refreshed 2 job seekers and 1 openings" in output
    assert CandidateFeatures.objects.filter(organization=org, active=True).count() == 2
    assert OpeningFeatures.objects.filter(organization=org, active=True).count() == 1
    assert not CandidateFeatures.objects.filter(organization=other_org).exists()


def test_all_organisations_by_default_and_by_name(org, other_org, data):
    CandidateFeatures.objects.all().delete()

    output = rebuild()

    assert org.name in output and other_org.name in output
    assert CandidateFeatures.objects.count() == 3
    assert "refreshed 1 job seekers" in rebuild("--organization", other_org.name)


def test_stale_only_recomputes_just_what_changed(org, alice, data):
    rebuild()  # everything fresh
    CandidateFeatures.objects.filter(organization=org).first().delete()

    output = rebuild("--organization", str(org.pk), "--stale-only")

    assert "refreshed 1 job seekers and 0 openings" in output
    assert CandidateFeatures.objects.filter(organization=org).count() == 2


def test_the_features_are_recomputed_from_the_records(org, data):
    rebuild()
    stored = CandidateFeatures.objects.filter(organization=org)
    stored.update(occupations=[], active=False)  # e.g. computed by an older rule

    rebuild("--organization", str(org.pk))

    assert len(stored) == 2
    assert all(row.active and row.occupations for row in stored)


def test_an_unknown_organisation_is_an_error(data):
    with pytest.raises(CommandError, match="No organisation"):
        rebuild("--organization", "Ei ole")
