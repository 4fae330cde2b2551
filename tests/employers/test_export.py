"""Exporting the filtered employer list as CSV (Finnish Excel) and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from crm.accounts.models import Role
from crm.employers.exports import safe_cell
from crm.employers.services.employers import move_employer_to_stage
from tests.factories import EmployerContactFactory, EmployerFactory, OpeningFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Name",
    "Business ID (Y-tunnus)",
    "Industry",
    "Municipality",
    "Region",
    "Stage",
    "Owner",
    "Open openings",
    "Last contact",
    "Tags",
]


@pytest.fixture
def lead(make_user):
    return make_user(Role.LEAD, username="leena", language="en")


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel it is UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_exports_the_visible_columns_as_finnish_excel_csv(lead, org, client_for, make_user):
    owner = make_user(Role.RELATIONS, first_name="Riikka", last_name="Relander")
    employer = EmployerFactory(
        organization=org,
        name="Saimaan Leipä Oy",
        business_id="2000000-8",
        industry="C",
        municipality="Lappeenranta",
        owner=owner,
        tags=["leipomo", "kauppa"],
    )
    move_employer_to_stage(employer=employer, stage="met", by=owner)
    OpeningFactory(employer=employer, organization=org, status="open")
    OpeningFactory(employer=employer, organization=org, status="filled")
    EmployerContactFactory(
        employer=employer, organization=org, occurred_at=timezone.now() - timedelta(days=2)
    )

    response = client_for(lead).get("/employers/export/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="employers-')
    header, row = csv_rows(response)
    assert header == HEADER
    assert row == [
        "Saimaan Leipä Oy",
        "2000000-8",
        "C Manufacturing",
        "Lappeenranta",
        "Etelä-Karjala",
        "Met",
        "Riikka Relander",
        "1",
        (timezone.localdate() - timedelta(days=2)).isoformat(),
        "kauppa, leipomo",
    ]


def test_it_exports_xlsx(lead, org, client_for):
    EmployerFactory(organization=org, name="Imatran Kone Oy", municipality="Imatra")

    response = client_for(lead).get("/employers/export/?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, row = xlsx_rows(response)
    assert header == HEADER
    assert row[:6] == [
        "Imatran Kone Oy",
        None,
        "G Wholesale and retail trade; repair of motor vehicles",
        "Imatra",
        "Etelä-Karjala",
        "Prospect",
    ]
    assert row[7] == 0


def test_the_export_follows_the_list_filters_and_search(lead, org, client_for):
    EmployerFactory(organization=org, name="K-Market Lappeenranta", municipality="Lappeenranta")
    EmployerFactory(organization=org, name="Imatran Kone Oy", municipality="Imatra")
    EmployerFactory(organization=org, name="Lappeenrannan Kukka", municipality="Lappeenranta")
    archived = EmployerFactory(organization=org, name="Vanha Oy", municipality="Lappeenranta")
    archived.archived_at = timezone.now()
    archived.save()
    client = client_for(lead)

    by_town = csv_rows(client.get("/employers/export/?format=csv&municipality=Lappeenranta"))
    searched = csv_rows(client.get("/employers/export/?format=csv&q=k-marketti+lapenranta"))

    assert sorted(r[0] for r in by_town[1:]) == ["K-Market Lappeenranta", "Lappeenrannan Kukka"]
    assert [r[0] for r in searched[1:]] == ["K-Market Lappeenranta"]


def test_the_export_holds_only_the_users_organisation(lead, org, other_org, client_for):
    EmployerFactory(organization=org, name="Oma Oy")
    EmployerFactory(organization=other_org, name="Toisen Oy")

    rows = csv_rows(client_for(lead).get("/employers/export/"))

    assert [r[0] for r in rows[1:]] == ["Oma Oy"]


def test_cells_that_a_spreadsheet_would_run_are_escaped(lead, org, client_for):
    EmployerFactory(
        organization=org, name='=HYPERLINK("http://evil";"x")', tags=["@SUM(1)", "+1", "-2"]
    )
    EmployerFactory(organization=org, name="Tavallinen Oy")
    client = client_for(lead)

    [_, evil, plain] = csv_rows(client.get("/employers/export/?format=csv&ordering=name"))
    [_, evil_x, _plain_x] = xlsx_rows(client.get("/employers/export/?format=xlsx&ordering=name"))

    assert evil[0] == '\'=HYPERLINK("http://evil";"x")'
    assert evil[-1] == "'+1, -2, @SUM(1)"
    assert plain[0] == "Tavallinen Oy"
    assert evil_x[0] == '\'=HYPERLINK("http://evil";"x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+358", "'+358"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("Oy Ab", "Oy Ab"),
        (3, 3),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_the_export_costs_the_same_queries_for_more_employers(lead, org, client_for):
    client = client_for(lead)
    EmployerFactory.create_batch(2, organization=org, tags=["a"])
    with CaptureQueriesContext(connection) as few:
        client.get("/employers/export/?format=xlsx")
    EmployerFactory.create_batch(20, organization=org, tags=["a", "b"])
    with CaptureQueriesContext(connection) as many:
        client.get("/employers/export/?format=xlsx")

    assert len(many) == len(few)


def test_an_unknown_format_is_refused(lead, client_for):
    assert client_for(lead).get("/employers/export/?format=pdf").status_code == 400


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COACH, 200), (Role.RELATIONS, 200), (Role.LEAD, 200), (Role.ADMIN, 403)],
)
def test_who_may_export(make_user, client_for, role, status):
    response = client_for(make_user(role)).get("/employers/export/?format=xlsx")

    assert response.status_code == status


def test_an_anonymous_visitor_cannot_export(client):
    assert client.get("/employers/export/").status_code == 302
