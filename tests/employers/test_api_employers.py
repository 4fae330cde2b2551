"""The employers API: list, search, create, edit with optimistic locking, archive, and the
contact persons of an employer. Role and organisation checks are in test_api_roles.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.accounts.models import Role
from crm.employers.models import Employer, StageChange
from tests.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMPLOYERS = "/api/v1/employers"


def field_errors(response) -> dict[str, list[str]]:
    """The 422 body as {field: [messages]}."""
    assert response.status_code == 422, response.content
    errors: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        errors.setdefault(error["loc"][-1], []).append(error["msg"])
    return errors


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["items"]]


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


# Listing and search ---------------------------------------------------------------------------


def test_the_list_is_paginated_with_items_and_count(api, org):
    for i in range(5):
        EmployerFactory(organization=org, name=f"Yritys {i}")

    response = api.get(EMPLOYERS, {"limit": 2, "offset": 2})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 5
    assert [row["name"] for row in body["items"]] == ["Yritys 2", "Yritys 3"]


def test_a_limit_above_the_maximum_is_refused(api):
    response = api.get(EMPLOYERS, {"limit": 501})

    assert response.status_code == 422


def test_a_list_row_has_the_contract_fields(api, org, alice):
    employer = EmployerFactory(
        organization=org,
        name="Saimaan Sähkö Oy",
        business_id="0112038-9",
        owner=alice,
        tags=["kesätyö", "IPS"],
    )
    OpeningFactory(employer=employer, organization=org)
    OpeningFactory(employer=employer, organization=org, status="filled")
    EmployerContactFactory(employer=employer, organization=org, user=alice)

    row = api.get(EMPLOYERS).json()["items"][0]

    assert row["id"] == employer.pk
    assert row["business_id"] == "0112038-9"
    assert row["industry"] == "G"
    assert row["municipality"] == "Lappeenranta"
    assert row["stage"] == "prospect"
    assert row["owner_id"] == alice.pk
    assert row["tags"] == ["IPS", "kesätyö"]
    assert row["open_openings"] == 1
    assert row["last_contact_at"] is not None
    assert row["archived"] is False
    assert row["version"] == 1


def test_search_tolerates_typos(api, org):
    EmployerFactory(organization=org, name="K-Market Lappeenranta")
    EmployerFactory(organization=org, name="Imatran Konepaja Oy")

    assert names(api.get(EMPLOYERS, {"q": "k-marketti lapenranta"})) == ["K-Market Lappeenranta"]


def test_search_finds_an_employer_by_business_id(api, org):
    EmployerFactory(organization=org, name="Saimaan Sähkö Oy", business_id="0112038-9")
    EmployerFactory(organization=org, name="Imatran Konepaja Oy")

    assert names(api.get(EMPLOYERS, {"q": "0112038-9"})) == ["Saimaan Sähkö Oy"]


def test_it_filters_by_several_stages(api, org):
    EmployerFactory(organization=org, name="Prospekti Oy")
    EmployerFactory(organization=org, name="Tavattu Oy", stage="met")
    EmployerFactory(organization=org, name="Kumppani Oy", stage="active_partner")

    response = api.get(f"{EMPLOYERS}?stage=met&stage=active_partner")

    assert names(response) == ["Kumppani Oy", "Tavattu Oy"]


def test_it_filters_by_a_municipality_as_typed(api, org):
    EmployerFactory(organization=org, name="Lappeenrannan Oy", municipality="Lappeenranta")
    EmployerFactory(organization=org, name="Imatran Oy", municipality="Imatra")

    assert names(api.get(EMPLOYERS, {"municipality": "Villmanstrand"})) == ["Lappeenrannan Oy"]


def test_it_filters_by_open_openings_and_owner(api, org, alice, bob):
    hiring = EmployerFactory(organization=org, name="Rekrytoiva Oy", owner=alice)
    OpeningFactory(employer=hiring, organization=org)
    EmployerFactory(organization=org, name="Hiljainen Oy", owner=alice)
    EmployerFactory(organization=org, name="Bobin Oy", owner=bob)

    assert names(api.get(EMPLOYERS, {"has_open_openings": "true"})) == ["Rekrytoiva Oy"]
    assert names(api.get(EMPLOYERS, {"owner": bob.pk})) == ["Bobin Oy"]


def test_archived_employers_are_listed_only_on_request(api, org, alice):
    EmployerFactory(organization=org, name="Aktiivinen Oy")
    archived = EmployerFactory(organization=org, name="Arkistoitu Oy")
    api.post(f"{EMPLOYERS}/{archived.pk}/archive")

    assert names(api.get(EMPLOYERS)) == ["Aktiivinen Oy"]
    assert names(api.get(EMPLOYERS, {"archived": "true"})) == ["Arkistoitu Oy"]


@pytest.mark.parametrize(
    ("param", "value"),
    [("stage", "hired"), ("municipality", "Atlantis"), ("industry", "Z"), ("owner", 999999)],
)
def test_a_bad_filter_value_gets_a_field_level_422(api, param, value):
    response = api.get(EMPLOYERS, {param: value})

    assert param in field_errors(response)


def test_the_list_costs_the_same_number_of_queries_for_3_and_30_employers(api, org, alice):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(EMPLOYERS, {"limit": 100}).status_code == 200
        return len(queries)

    def add_employers(n: int) -> None:
        for _ in range(n):
            employer = EmployerFactory(organization=org, owner=alice, tags=["a", "b"])
            OpeningFactory(employer=employer, organization=org)
            EmployerContactFactory(employer=employer, organization=org, user=alice)

    add_employers(3)
    queries_for_list()  # warm up: the token's "last used" is written once
    few = queries_for_list()
    add_employers(27)
    many = queries_for_list()

    assert many == few


def test_a_search_costs_a_constant_number_of_queries(api, org):
    def queries_for_search() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(EMPLOYERS, {"q": "saimaan tekijat"}).status_code == 200
        return len(queries)

    EmployerFactory.create_batch(3, organization=org, tags=["x"])
    queries_for_search()
    few = queries_for_search()
    EmployerFactory.create_batch(27, organization=org, tags=["x"])

    assert queries_for_search() == few


# Creating -------------------------------------------------------------------------------------


def test_it_creates_an_employer(api, org, alice):
    response = api.post(
        EMPLOYERS,
        {
            "name": "  Saimaan   Sähkö Oy ",
            "business_id": "01120389",
            "industry": "D",
            "municipality": "lappeenranta",
            "address": "Valtakatu 1",
            "website": "https://saimaansahko.example.fi",
            "size_class": "small",
            "owner_id": alice.pk,
            "tags": ["energia", "IPS", "IPS"],
            "notes": "Tavattu messuilla.",
            "stage": "contacted",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Saimaan Sähkö Oy"
    assert body["business_id"] == "0112038-9"
    assert body["municipality"] == "Lappeenranta"
    assert body["owner_id"] == alice.pk
    assert body["tags"] == ["IPS", "energia"]
    assert body["stage"] == "contacted"
    assert body["open_openings"] == 0
    assert body["version"] == 1
    employer = Employer.objects.get(pk=body["id"])
    assert employer.organization == org
    assert employer.created_by == alice


def test_a_municipality_in_swedish_is_stored_in_finnish(api):
    response = api.post(
        EMPLOYERS,
        {"name": "Villmanstrand Ab", "municipality": "Villmanstrand"},
        content_type="application/json",
    )

    assert response.json()["municipality"] == "Lappeenranta"


def test_an_unknown_municipality_gets_422_on_municipality(api):
    response = api.post(
        EMPLOYERS,
        {"name": "Atlantis Oy", "municipality": "Atlantis"},
        content_type="application/json",
    )

    assert "municipality" in field_errors(response)
    assert not Employer.objects.exists()


def test_a_business_id_with_a_wrong_check_digit_gets_422(api):
    response = api.post(
        EMPLOYERS,
        {"name": "Väärä Oy", "business_id": "1234567-8"},
        content_type="application/json",
    )

    assert "business_id" in field_errors(response)
    assert not Employer.objects.exists()


def test_a_duplicate_business_id_in_the_same_organisation_gets_422(api, org):
    EmployerFactory(organization=org, business_id="0112038-9")

    response = api.post(
        EMPLOYERS,
        {"name": "Tupla Oy", "business_id": "0112038-9"},
        content_type="application/json",
    )

    assert "business_id" in field_errors(response)
    assert Employer.objects.count() == 1


def test_the_same_business_id_in_another_organisation_is_allowed(api, other_org):
    EmployerFactory(organization=other_org, business_id="0112038-9")

    response = api.post(
        EMPLOYERS,
        {"name": "Saimaan Sähkö Oy", "business_id": "0112038-9"},
        content_type="application/json",
    )

    assert response.status_code == 201


def test_an_owner_from_another_organisation_gets_422_on_owner_id(api, charlie):
    response = api.post(
        EMPLOYERS, {"name": "Oy Ab", "owner_id": charlie.pk}, content_type="application/json"
    )

    assert "owner_id" in field_errors(response)


@pytest.mark.parametrize(
    ("field", "value"),
    [("industry", "Z"), ("size_class", "huge"), ("stage", "hired"), ("website", "not a url")],
)
def test_a_bad_choice_gets_a_field_level_422(api, field, value):
    response = api.post(EMPLOYERS, {"name": "Oy Ab", field: value}, content_type="application/json")

    assert field in field_errors(response)


def test_a_missing_name_gets_422(api):
    response = api.post(EMPLOYERS, {"business_id": "0112038-9"}, content_type="application/json")

    assert "name" in field_errors(response)


def test_a_platform_superuser_without_an_organisation_cannot_add_an_employer(client_for):
    superuser = UserFactory(organization=None, is_superuser=True, role=Role.ADMIN)
    client = client_for(superuser)  # the session: API tokens belong to an organisation's users

    response = client.post(EMPLOYERS, {"name": "Oy Ab"}, content_type="application/json")

    assert response.status_code == 403
    assert not Employer.objects.exists()


# Reading and editing --------------------------------------------------------------------------


def test_it_shows_one_employer_with_its_counts(api, org, alice):
    employer = EmployerFactory(organization=org)
    OpeningFactory(employer=employer, organization=org)
    EmployerContactFactory(employer=employer, organization=org, user=alice)

    response = api.get(f"{EMPLOYERS}/{employer.pk}")

    assert response.status_code == 200
    assert response.json()["open_openings"] == 1
    assert response.json()["last_contact_at"] is not None


def test_an_unknown_employer_is_404(api):
    assert api.get(f"{EMPLOYERS}/999999").status_code == 404


def test_it_edits_an_employer_and_bumps_the_version(api, org, bob):
    employer = EmployerFactory(organization=org, name="Vanha Nimi Oy", tags=["vanha"])

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {
            "version": 1,
            "name": "Uusi Nimi Oy",
            "municipality": "imatra",
            "owner_id": bob.pk,
            "tags": ["uusi"],
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["municipality"], body["owner_id"]) == (
        "Uusi Nimi Oy",
        "Imatra",
        bob.pk,
    )
    assert body["tags"] == ["uusi"]
    assert body["version"] == 2


def test_fields_left_out_of_a_patch_are_kept(api, org):
    employer = EmployerFactory(organization=org, name="Pysyvä Oy", notes="Tärkeä")

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "address": "Kauppakatu 2"},
        content_type="application/json",
    )

    assert response.json()["name"] == "Pysyvä Oy"
    assert response.json()["notes"] == "Tärkeä"
    assert response.json()["address"] == "Kauppakatu 2"


def test_a_stale_edit_gets_409_with_the_current_version_and_changes_nothing(api, org):
    employer = EmployerFactory(organization=org, name="Alkuperäinen Oy")
    first = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "name": "Ensimmäinen Oy"},
        content_type="application/json",
    )
    assert first.status_code == 200

    stale = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "name": "Toinen Oy", "stage": "met"},
        content_type="application/json",
    )

    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    employer.refresh_from_db()
    assert (employer.name, employer.stage) == ("Ensimmäinen Oy", "prospect")


def test_an_edit_without_a_version_gets_422(api, org):
    employer = EmployerFactory(organization=org)

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}", {"name": "Versioton Oy"}, content_type="application/json"
    )

    assert "version" in field_errors(response)


def test_an_invalid_edit_gets_422_and_keeps_the_version(api, org):
    employer = EmployerFactory(organization=org)

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "business_id": "1234567-8"},
        content_type="application/json",
    )

    assert "business_id" in field_errors(response)
    employer.refresh_from_db()
    assert employer.version == 1


def test_a_stage_change_is_recorded_for_the_funnel(api, org, alice):
    employer = EmployerFactory(organization=org)

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "stage": "needs_identified"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["stage"] == "needs_identified"
    change = StageChange.objects.filter(employer=employer).order_by("-id").first()
    assert (change.from_stage, change.to_stage, change.user) == (
        "prospect",
        "needs_identified",
        alice,
    )


def test_an_unknown_stage_gets_422_and_nothing_is_saved(api, org):
    employer = EmployerFactory(organization=org, name="Ennallaan Oy")

    response = api.patch(
        f"{EMPLOYERS}/{employer.pk}",
        {"version": 1, "name": "Muutettu Oy", "stage": "hired"},
        content_type="application/json",
    )

    assert "stage" in field_errors(response)
    employer.refresh_from_db()
    assert (employer.name, employer.version) == ("Ennallaan Oy", 1)


def test_it_archives_and_restores_an_employer(api, org):
    employer = EmployerFactory(organization=org)

    archived = api.post(f"{EMPLOYERS}/{employer.pk}/archive")
    restored = api.post(f"{EMPLOYERS}/{employer.pk}/restore")

    assert archived.status_code == 200
    assert archived.json()["archived"] is True
    assert restored.json()["archived"] is False


# Contact persons ------------------------------------------------------------------------------


def test_it_lists_an_employers_contact_persons(api, org):
    employer = EmployerFactory(organization=org)
    ContactPersonFactory(employer=employer, organization=org, name="Maija Myyjä")
    ContactPersonFactory(
        employer=employer, organization=org, name="Pekka Päällikkö", is_decision_maker=True
    )
    ContactPersonFactory(employer=EmployerFactory(organization=org), name="Muu Henkilö")

    response = api.get(f"{EMPLOYERS}/{employer.pk}/contacts")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    first = response.json()["items"][0]
    assert first["name"] == "Pekka Päällikkö"  # decision-makers first
    assert set(first) >= {
        "id",
        "name",
        "title",
        "phone",
        "email",
        "is_decision_maker",
        "preferred_channel",
    }


def test_contact_persons_can_be_searched_by_name(api, org):
    employer = EmployerFactory(organization=org)
    ContactPersonFactory(employer=employer, organization=org, name="Maija Virtanen")
    ContactPersonFactory(employer=employer, organization=org, name="Pekka Korhonen")

    response = api.get(f"{EMPLOYERS}/{employer.pk}/contacts", {"q": "virtanan"})

    assert names(response) == ["Maija Virtanen"]


def test_it_adds_a_contact_person_with_a_normalised_phone(api, org):
    employer = EmployerFactory(organization=org)

    response = api.post(
        f"{EMPLOYERS}/{employer.pk}/contacts",
        {
            "name": "Maija Myyjä",
            "title": "Kauppias",
            "phone": "040 123 4567",
            "email": "maija@example.fi",
            "is_decision_maker": True,
            "preferred_channel": "phone",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "+358401234567"
    assert response.json()["employer_id"] == employer.pk
    assert employer.contact_persons.get().name == "Maija Myyjä"


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "soita joskus"), ("email", "ei-osoite"), ("preferred_channel", "pigeon")],
)
def test_a_bad_contact_person_field_gets_422(api, org, field, value):
    employer = EmployerFactory(organization=org)

    response = api.post(
        f"{EMPLOYERS}/{employer.pk}/contacts",
        {"name": "Maija", field: value},
        content_type="application/json",
    )

    assert field in field_errors(response)


def test_it_edits_a_contact_person(api, org):
    person = ContactPersonFactory(employer=EmployerFactory(organization=org), title="Myyjä")

    response = api.patch(
        f"{EMPLOYERS}/{person.employer_id}/contacts/{person.pk}",
        {"title": "Myymäläpäällikkö", "phone": "+358 50 765 4321"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Myymäläpäällikkö"
    assert response.json()["phone"] == "+358507654321"


def test_a_contact_person_edited_under_another_employer_is_404(api, org):
    person = ContactPersonFactory(employer=EmployerFactory(organization=org))
    other = EmployerFactory(organization=org)

    response = api.patch(
        f"{EMPLOYERS}/{other.pk}/contacts/{person.pk}",
        {"title": "X"},
        content_type="application/json",
    )

    assert response.status_code == 404


def test_the_contact_persons_list_costs_a_constant_number_of_queries(api, org):
    employer = EmployerFactory(organization=org)
    url = f"{EMPLOYERS}/{employer.pk}/contacts"

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    ContactPersonFactory.create_batch(3, employer=employer, organization=org)
    queries_for_list()
    few = queries_for_list()
    ContactPersonFactory.create_batch(27, employer=employer, organization=org)

    assert queries_for_list() == few
