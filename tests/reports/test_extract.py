"""The pseudonymised evaluation extract: who is in it, what it says, what it never says."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from crm.accounts.models import AuditEvent, Role
from crm.candidates.models import Consent
from crm.reports.selectors.extract import COLUMNS, hours_band, months_between
from tests.reports import dataset

pytestmark = pytest.mark.django_db

KEY = "k" * 40
URL = "/api/v1/reports/evaluation-extract"


@pytest.fixture
def ns(settings):
    settings.EVALUATION_PSEUDONYM_KEY = KEY
    ns = dataset.build()
    ns.p1.birth_date = date(1983, 5, 17)
    ns.p1.municipality = "Lappeenranta"
    ns.p1.henkilotunnus = "170583-9987"
    ns.p1.save()

    def consent(person, granted, expires=None, revoked=None, purpose="research"):
        Consent.objects.create(
            organization=ns.org,
            job_seeker=person,
            purpose=purpose,
            granted_on=date.fromisoformat(granted),
            expires_on=date.fromisoformat(expires) if expires else None,
            revoked_on=date.fromisoformat(revoked) if revoked else None,
        )

    consent(ns.p1, "2025-10-15")
    consent(ns.p2, "2026-01-20", expires="2026-03-31")  # valid on its last day
    consent(ns.p3, "2026-01-01", revoked="2026-03-31")  # revoked that day: not valid
    consent(ns.p8, "2026-04-01")  # granted after the day
    consent(ns.p9, "2025-10-01", purpose="kela")  # another purpose
    return ns


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_one_row_per_person_with_a_valid_research_consent(ns, api_for):
    response = api_for(ns.lead).get(URL, {"on": "2026-03-31"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    data = rows(response)
    assert len(data) == 2  # P1 and P2
    assert list(data[0]) == COLUMNS


def test_p1_as_of_the_extraction_day(ns, api_for):
    data = rows(api_for(ns.lead).get(URL, {"on": "2026-03-31"}))
    p1 = data[0]
    assert p1["birth_year_band"] == "1980-1984"
    assert p1["region"] == "Etelä-Karjala"
    assert p1["referral_source"] == "employment_services"
    assert (p1["referral_month"], p1["intake_month"]) == ("2025-10", "2025-10")
    assert p1["first_employer_contact_month"] == ""
    assert p1["first_job_month"] == "2025-11"
    assert p1["exit_month"] == ""
    assert p1["jobs"] == "2"
    # J1: 1.11.2025 to 1.1.2026 = 2 whole months; J10 from 1.3.2026, ongoing on 31.3. = 0.
    assert (p1["job1_start_month"], p1["job1_months_kept"], p1["job1_competitive"]) == (
        "2025-11",
        "2",
        "1",
    )
    assert (p1["job2_start_month"], p1["job2_months_kept"]) == ("2026-03", "0")
    assert p1["job1_hours_band"] == "20-29"
    assert p1["job3_start_month"] == ""
    assert (p1["kykyviisari_first_work_ability"], p1["kykyviisari_latest_work_ability"]) == (
        "4.0",
        "6.5",
    )
    p2 = data[1]
    # P2 was named on four contacts (a phone call, a support visit and two meetings).
    assert (p2["employer_contacts"], p2["support_contacts"]) == ("4", "4")
    assert p2["first_employer_contact_month"] == "2026-02"


def test_no_names_codes_free_text_or_exact_dates(ns, api_for):
    text = api_for(ns.lead).get(URL, {"on": "2026-03-31"}).content.decode()
    for secret in ("P1", "Laskettu", "170583", "2025-10-15", "2025-10-01", "Lappeenranta"):
        assert secret not in text


def test_the_pseudonym_is_stable_and_keyed(ns, api_for, settings):
    client = api_for(ns.lead)
    first = rows(client.get(URL, {"on": "2026-03-31"}))[0]["pseudonym"]
    again = rows(client.get(URL, {"on": "2026-03-30"}))[0]["pseudonym"]
    assert first == again and len(first) == 32
    settings.EVALUATION_PSEUDONYM_KEY = "another-key-" + "x" * 30
    assert rows(client.get(URL, {"on": "2026-03-31"}))[0]["pseudonym"] != first


def test_without_the_key_the_answer_names_the_setting(ns, api_for, settings):
    settings.EVALUATION_PSEUDONYM_KEY = None
    response = api_for(ns.lead).get(URL, {"on": "2026-03-31"})
    assert response.status_code == 422
    assert "EVALUATION_PSEUDONYM_KEY" in response.json()["detail"][0]["msg"]


def test_every_extract_is_audited(ns, api_for):
    api_for(ns.lead).get(URL, {"on": "2026-03-31"})
    event = AuditEvent.objects.get(action="crm.reports.evaluation_extract")
    assert event.user == ns.lead and "rows=2" in event.fields


@pytest.mark.parametrize(
    ("who", "status"), [("lead", 200), ("alice", 403), ("relations", 403), ("charlie", 403)]
)
def test_leads_and_admins_only(ns, api_for, who, status):
    assert api_for(getattr(ns, who)).get(URL, {"on": "2026-03-31"}).status_code == status


def test_an_admin_may_extract(ns, api_for, make_user):
    admin = make_user(Role.ADMIN, organization=ns.org)
    assert api_for(admin).get(URL, {"on": "2026-03-31"}).status_code == 200


@pytest.mark.parametrize(
    ("hours", "band"),
    [
        ("0.5", "0-9"),
        ("9.9", "0-9"),
        ("10", "10-19"),
        ("29.5", "20-29"),
        ("37.5", "30-37"),
        ("38", "38+"),
        ("60", "38+"),
    ],
)
def test_hours_bands(hours, band):
    assert hours_band(Decimal(hours)) == band


def test_months_between():
    assert months_between(date(2025, 11, 1), date(2026, 1, 1)) == 2
    assert months_between(date(2025, 11, 15), date(2026, 1, 14)) == 1
    assert months_between(date(2026, 3, 1), date(2026, 3, 31)) == 0
