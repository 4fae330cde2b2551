"""The openings API with its job tailoring notes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.employers.models import Opening, TailoringNote
from crm.employers.services.openings import create_opening
from tests.employers.test_api_employers import field_errors
from tests.factories import ContactPersonFactory, EmployerFactory, OpeningFactory

pytestmark = pytest.mark.django_db

OPENINGS = "/api/v1/openings"


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["items"]]


def new_opening(api, employer, **fields):
    body = {"employer_id": employer.pk, "title": "Myyjä", **fields}
    return api.post(OPENINGS, body, content_type="application/json")


# Creating -------------------------------------------------------------------------------------


def test_it_adds_an_opening_with_its_skills_resolved_to_the_vocabulary(api, alice, employer):
    response = new_opening(
        api,
        employer,
        title="Kassatyöntekijä",
        occupation="Myyjä",
        tasks="Kassa, hyllytys",
        required_skills=["asiakaspalvelua", "  kassatyö "],
        nice_skills=["Hyllytys"],
        licences=["hygieniapassi", "b-ajokortti"],
        languages=["FI", "en"],
        hours_per_week=20,
        schedule=["day", "weekend"],
        municipality="villmanstrand",
        remote=False,
        wage_subsidy=True,
        positions=2,
        start_on="2025-06-01",
        status="open",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employer_id"] == employer.pk
    assert body["required_skills"] == ["Asiakaspalvelu", "Kassatyö"]
    assert body["nice_skills"] == ["Hyllytys"]
    assert body["licences"] == ["Ajokortti B", "Hygieniapassi"]
    assert body["languages"] == ["fi", "en"]
    assert body["schedule"] == ["day", "weekend"]
    assert body["municipality"] == "Lappeenranta"
    assert (body["hours_per_week"], body["positions"], body["wage_subsidy"]) == (20, 2, True)
    assert body["start_on"] == "2025-06-01"
    assert (body["status"], body["version"]) == ("open", 1)
    assert Opening.objects.get().created_by == alice


def test_a_skill_spelt_another_way_meets_the_existing_term(api, employer):
    create_opening(employer=employer, by=None, title="Kokki", required_skills=["Asiakaspalvelu"])

    response = new_opening(api, employer, required_skills=["asiakaspalvelua"])

    assert response.json()["required_skills"] == ["Asiakaspalvelu"]


@pytest.mark.parametrize("hours", [0, 61])
def test_hours_outside_1_to_60_get_422(api, employer, hours):
    response = new_opening(api, employer, hours_per_week=hours)

    assert "hours_per_week" in field_errors(response)
    assert not Opening.objects.exists()


@pytest.mark.parametrize("hours", [1, 60])
def test_hours_at_the_limits_are_accepted(api, employer, hours):
    assert new_opening(api, employer, hours_per_week=hours).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("languages", ["klingon"]),
        ("schedule", ["sometimes"]),
        ("status", "maybe"),
        ("municipality", "Atlantis"),
        ("positions", 0),
    ],
)
def test_a_bad_value_gets_a_field_level_422(api, employer, field, value):
    response = new_opening(api, employer, **{field: value})

    assert field in field_errors(response)


def test_an_opening_without_a_title_gets_422(api, employer):
    response = api.post(OPENINGS, {"employer_id": employer.pk}, content_type="application/json")

    assert "title" in field_errors(response)


def test_an_employer_of_another_organisation_gets_422_on_employer_id(api, other_org):
    theirs = EmployerFactory(organization=other_org)

    response = new_opening(api, theirs)

    assert "employer_id" in field_errors(response)
    assert not Opening.objects.exists()


# Listing --------------------------------------------------------------------------------------


def test_the_list_is_paginated_with_items_and_count(api, employer):
    OpeningFactory.create_batch(3, employer=employer)

    response = api.get(OPENINGS, {"limit": 2})

    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 2
    row = response.json()["items"][0]
    assert set(row) >= {
        "id",
        "employer_id",
        "title",
        "required_skills",
        "nice_skills",
        "licences",
        "languages",
        "hours_per_week",
        "schedule",
        "municipality",
        "remote",
        "wage_subsidy",
        "status",
        "version",
    }


def test_the_list_filters_by_status_employer_municipality_and_subsidy(api, org, employer):
    OpeningFactory(employer=employer, title="Avoin", wage_subsidy=True)
    OpeningFactory(employer=employer, title="Täytetty", status="filled")
    imatra = EmployerFactory(organization=org, municipality="Imatra")
    OpeningFactory(employer=imatra, title="Imatralla", municipality="Imatra", status="on_hold")

    assert titles(api.get(f"{OPENINGS}?status=open&status=on_hold")) == ["Imatralla", "Avoin"]
    assert titles(api.get(OPENINGS, {"employer": imatra.pk})) == ["Imatralla"]
    assert titles(api.get(OPENINGS, {"municipality": "imatra"})) == ["Imatralla"]
    assert titles(api.get(OPENINGS, {"wage_subsidy": "true"})) == ["Avoin"]


def test_the_list_can_be_searched_with_typos(api, org, employer):
    OpeningFactory(employer=employer, title="Kassatyöntekijä", occupation="Myyjä")
    OpeningFactory(
        employer=EmployerFactory(organization=org, name="Imatran Konepaja"),
        title="Hitsaaja",
        occupation="Hitsaaja",
    )

    assert titles(api.get(OPENINGS, {"q": "hitsaja"})) == ["Hitsaaja"]
    assert titles(api.get(OPENINGS, {"q": "k-marketti lapenranta"})) == ["Kassatyöntekijä"]


def test_a_bad_filter_value_gets_422(api):
    assert "status" in field_errors(api.get(OPENINGS, {"status": "maybe"}))


def test_the_list_costs_the_same_number_of_queries_for_3_and_30_openings(api, org):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(OPENINGS, {"limit": 100}).status_code == 200
        return len(queries)

    def add_openings(n: int) -> None:
        for i in range(n):
            create_opening(
                employer=EmployerFactory(organization=org),
                by=None,
                title=f"Myyjä {i}",
                required_skills=["Asiakaspalvelu", f"Taito {i}"],
                nice_skills=["Kassatyö"],
                licences=["Hygieniapassi"],
            )

    add_openings(3)
    queries_for_list()
    few = queries_for_list()
    add_openings(27)

    assert queries_for_list() == few


# Reading and editing --------------------------------------------------------------------------


def test_it_shows_one_opening(api, employer):
    opening = create_opening(employer=employer, by=None, title="Myyjä", licences=["trukki"])

    response = api.get(f"{OPENINGS}/{opening.pk}")

    assert response.status_code == 200
    assert response.json()["licences"] == ["Trukkikortti"]
    assert response.json()["employer_name"] == "K-Market Lappeenranta"


def test_an_unknown_opening_is_404(api):
    assert api.get(f"{OPENINGS}/999999").status_code == 404


def test_it_edits_an_opening_and_bumps_the_version(api, employer):
    opening = create_opening(
        employer=employer,
        by=None,
        title="Myyjä",
        required_skills=["Kassatyö"],
        licences=["Hygieniapassi"],
    )

    response = api.patch(
        f"{OPENINGS}/{opening.pk}",
        {"version": 1, "status": "on_hold", "hours_per_week": 30, "required_skills": ["Hyllytys"]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["hours_per_week"], body["version"]) == ("on_hold", 30, 2)
    assert body["required_skills"] == ["Hyllytys"]
    assert body["licences"] == ["Hygieniapassi"]  # left out, so kept


def test_a_stale_edit_gets_409_with_the_current_version_and_changes_nothing(api, employer):
    opening = OpeningFactory(employer=employer, title="Alkuperäinen")
    url = f"{OPENINGS}/{opening.pk}"
    first = api.patch(url, {"version": 1, "title": "Eka"}, content_type="application/json")
    assert first.status_code == 200

    stale = api.patch(url, {"version": 1, "title": "Toka"}, content_type="application/json")

    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    opening.refresh_from_db()
    assert opening.title == "Eka"


@pytest.mark.parametrize("hours", [0, 61])
def test_an_edit_with_hours_outside_1_to_60_gets_422(api, employer, hours):
    opening = OpeningFactory(employer=employer)

    response = api.patch(
        f"{OPENINGS}/{opening.pk}",
        {"version": 1, "hours_per_week": hours},
        content_type="application/json",
    )

    assert "hours_per_week" in field_errors(response)
    opening.refresh_from_db()
    assert (opening.hours_per_week, opening.version) == (25, 1)


def test_an_edit_without_a_version_gets_422(api, employer):
    opening = OpeningFactory(employer=employer)

    response = api.patch(
        f"{OPENINGS}/{opening.pk}", {"title": "X"}, content_type="application/json"
    )

    assert "version" in field_errors(response)


# Job tailoring notes --------------------------------------------------------------------------


def test_it_records_job_tailoring_agreed_with_a_contact_person(api, alice, employer):
    opening = OpeningFactory(employer=employer)
    person = ContactPersonFactory(employer=employer)

    response = api.post(
        f"{OPENINGS}/{opening.pk}/tailoring-notes",
        {
            "tasks_carved_out": "Ei kassatyötä ruuhka-aikaan",
            "adjustments": "Lyhyemmät vuorot",
            "agreed_with_id": person.pk,
            "agreed_on": "2025-05-20",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["employer_id"], body["opening_id"], body["agreed_with_id"]) == (
        employer.pk,
        opening.pk,
        person.pk,
    )
    assert (body["user_id"], body["agreed_on"]) == (alice.pk, "2025-05-20")
    assert body["created_at"]


def test_a_tailoring_note_is_agreed_today_by_default(api, employer):
    opening = OpeningFactory(employer=employer)

    response = api.post(
        f"{OPENINGS}/{opening.pk}/tailoring-notes",
        {"adjustments": "Rauhallinen taukotila"},
        content_type="application/json",
    )

    assert response.json()["agreed_on"] == str(timezone.localdate())


def test_an_empty_tailoring_note_gets_422(api, employer):
    opening = OpeningFactory(employer=employer)

    response = api.post(
        f"{OPENINGS}/{opening.pk}/tailoring-notes", {}, content_type="application/json"
    )

    assert "tasks_carved_out" in field_errors(response)
    assert not TailoringNote.objects.exists()


def test_agreeing_with_a_contact_person_of_another_employer_gets_422(api, org, employer):
    opening = OpeningFactory(employer=employer)
    stranger = ContactPersonFactory(employer=EmployerFactory(organization=org))

    response = api.post(
        f"{OPENINGS}/{opening.pk}/tailoring-notes",
        {"adjustments": "Lyhyet vuorot", "agreed_with_id": stranger.pk},
        content_type="application/json",
    )

    assert "agreed_with_id" in field_errors(response)


def test_it_lists_the_tailoring_notes_of_an_opening(api, alice, employer):
    opening = OpeningFactory(employer=employer)
    other = OpeningFactory(employer=employer)
    for text in ("Ei puhelintyötä", "Kirjalliset ohjeet"):
        api.post(
            f"{OPENINGS}/{opening.pk}/tailoring-notes",
            {"adjustments": text},
            content_type="application/json",
        )
    api.post(
        f"{OPENINGS}/{other.pk}/tailoring-notes",
        {"adjustments": "Muu"},
        content_type="application/json",
    )

    response = api.get(f"{OPENINGS}/{opening.pk}/tailoring-notes")
    searched = api.get(f"{OPENINGS}/{opening.pk}/tailoring-notes", {"q": "kirjaliset ohjet"})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [n["adjustments"] for n in searched.json()["items"]] == ["Kirjalliset ohjeet"]
