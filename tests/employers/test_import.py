"""Importing employers and contact persons from CSV and XLSX: parsing, per-row errors,
duplicates, the all-or-nothing write, the two-step page and who may use it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.utils import translation
from openpyxl import Workbook

from crm.accounts.models import AuditEvent, Role
from crm.employers.imports.apply import run_import
from crm.employers.imports.check import check_file, parse_industry, parse_size, plan_import
from crm.employers.imports.plan import ImportFileError, ImportPlan, RowStatus
from crm.employers.imports.read import MAX_UPLOAD_BYTES, map_columns
from crm.employers.models import ContactPerson, Employer, StageChange, Tag
from tests.factories import ContactPersonFactory, EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["Nimi", "Y-tunnus", "Toimiala", "Kunta", "Yhteyshenkilö", "Puhelin", "Sähköposti"]


def business_id(n: int) -> str:
    """A valid Y-tunnus (weights 7,9,10,5,8,4,2; remainder 1 has no check digit)."""
    digits = str(n).zfill(7)
    remainder = sum(int(d) * w for d, w in zip(digits, [7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
    assert remainder != 1, "choose another number"
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def import_file(data: bytes, ext: str, user):
    return run_import(plan=check_file(data=data, ext=ext, user=user), user=user)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    lines = [delimiter.join(cells) for cells in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.BASE_DIR = tmp_path


@pytest.fixture
def relations(make_user):
    return make_user(Role.RELATIONS, username="riikka", language="en")


def imports_dir(settings) -> Path:
    return Path(settings.BASE_DIR) / "var" / "imports"


# Parsing -------------------------------------------------------------------------------------


def test_it_reads_a_finnish_excel_semicolon_csv_with_bom(relations):
    data = csv_file(
        [
            HEADER,
            [
                "Saimaan Leipä Oy",
                "2000000-8",
                "C",
                "Lappeenranta",
                "Anna Virtanen",
                "040 123 4567",
                "anna@saimaanleipa.fi",
            ],
        ]
    )

    plan = plan_import(data=data, ext="csv", user=relations)

    [row] = plan.rows
    assert row.status == RowStatus.NEW
    assert row.number == 2
    assert row.employer.name == "Saimaan Leipä Oy"
    assert row.employer.business_id == "2000000-8"
    assert row.contact.phone == "+358401234567"
    assert plan.unknown_columns == []


def test_it_reads_a_comma_csv_without_bom_with_english_headers(relations):
    data = csv_file(
        [
            ["Name", "Business ID", "Industry", "Municipality", "Tags", "Notes"],
            [
                "Imatran Kone Oy",
                "2000001-6",
                "c",
                "imatra",
                '"metalli, hitsaus"',
                '"Soita, kun uusi halli valmis"',
            ],
        ],
        delimiter=",",
        encoding="utf-8",
    )

    plan = plan_import(data=data, ext="csv", user=relations)

    [row] = plan.rows
    assert row.errors == []
    assert row.employer.industry == "C"
    assert row.employer.municipality == "Imatra"
    assert row.tags == ["hitsaus", "metalli"]
    assert row.employer.notes == "Soita, kun uusi halli valmis"


def test_it_reads_a_windows_excel_csv_in_cp1252(relations):
    data = csv_file([["Nimi", "Kunta"], ["Pääkallon Pöytä Oy", "Lappeenranta"]], encoding="cp1252")

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert row.employer.name == "Pääkallon Pöytä Oy"


def test_it_reads_an_xlsx_workbook_with_numbers_as_cells(relations):
    data = xlsx(
        [
            [*HEADER, "Päättäjä", "Koko", "WWW"],
            [
                "Saimaan Leipä Oy",
                "2000000-8",
                "10711",
                "Lappeenranta",
                "Anna Virtanen",
                401234567,
                "anna@saimaanleipa.fi",
                "x",
                35,
                "saimaanleipa.fi",
            ],
            [],
            ["Joutsenon Puu Oy", None, "F", "Lappeenranta", None, None, None, "ei", None, None],
        ]
    )

    plan = plan_import(data=data, ext="xlsx", user=relations)

    first, second = plan.rows
    assert (first.number, second.number) == (2, 4)  # the blank row keeps its number
    assert first.employer.industry == "C"
    assert first.employer.size_class == "small"
    assert first.employer.website == "https://saimaanleipa.fi"
    assert first.contact.phone == "+358401234567"
    assert first.contact.is_decision_maker is True
    assert second.contact is None


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("NIMI", "name"),
        ("Name", "name"),
        ("y-tunnus", "business_id"),
        ("Ytunnus", "business_id"),
        ("Business ID", "business_id"),
        ("TOIMIALA", "industry"),
        ("industry", "industry"),
        ("Kunta", "municipality"),
        ("municipality", "municipality"),
        ("Osoite", "address"),
        ("WWW", "website"),
        ("Verkkosivu", "website"),
        ("website", "website"),
        ("koko", "size_class"),
        ("Size", "size_class"),
        ("Tagit", "tags"),
        ("tags", "tags"),
        ("Muistiinpanot", "notes"),
        ("notes", "notes"),
        ("Yhteyshenkilö", "contact_name"),
        ("contact person", "contact_name"),
        ("Titteli", "contact_title"),
        ("Title", "contact_title"),
        ("PUHELIN", "contact_phone"),
        ("phone", "contact_phone"),
        ("Sähköposti", "contact_email"),
        ("E-mail", "contact_email"),
        ("Päättäjä", "contact_decision_maker"),
        ("Decision-maker", "contact_decision_maker"),
        ("Päättäjä (kyllä/ei)", "contact_decision_maker"),
        ("  y-tunnus  ", "business_id"),
    ],
)
def test_it_recognises_finnish_and_english_headers_in_any_case(header, column):
    positions, headers, unknown = map_columns(["Nimi", header] if column != "name" else [header])

    assert column in positions
    assert headers[column] == header
    assert unknown == []


def test_unknown_columns_are_reported_not_fatal(relations):
    data = csv_file(
        [
            ["Nimi", "Kunta", "Liikevaihto", "Perustettu"],
            ["Saimaan Leipä Oy", "Lappeenranta", "2 M€", "1999"],
        ]
    )

    plan = plan_import(data=data, ext="csv", user=relations)

    assert plan.unknown_columns == ["Liikevaihto", "Perustettu"]
    assert plan.new_count == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("G", "G"),
        ("g", "G"),
        ("G Tukkukauppa", "G"),
        ("47111", "G"),
        ("56", "I"),
        ("", ""),
        ("ZZ", None),
        ("Z", None),
    ],
)
def test_industry_accepts_a_section_letter_or_a_tol_code(text, expected):
    assert parse_industry(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("micro", "micro"),
        ("1-9", "micro"),
        ("10-49", "small"),
        ("pieni", "small"),
        ("120", "medium"),
        ("250+", "large"),
        ("", ""),
        ("iso firma?", None),
    ],
)
def test_size_accepts_classes_ranges_and_head_counts(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize(
    ("data", "ext", "message"),
    [
        (b"", "csv", "The file is empty."),
        (b"\r\n\r\n", "csv", "The file is empty."),
        (b"Nimi;Kunta\r\n", "csv", "no rows below the column names"),
        (b"Kunta;Osoite\r\nImatra;Tie 1\r\n", "csv", "No name column found"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "csv", "could not be read"),
        (b"PK\x03\x04 this is not really a workbook", "xlsx", "could not be read"),
        (b"Nimi;Kunta\r\n", "xlsx", "could not be read"),
    ],
)
def test_a_bad_file_gets_one_clear_message(relations, data, ext, message):
    with pytest.raises(ImportFileError) as error:
        plan_import(data=data, ext=ext, user=relations)

    assert message in error.value.message


def test_a_workbook_that_unpacks_too_large_is_refused(relations, monkeypatch):
    monkeypatch.setattr("crm.employers.imports.read.MAX_UNPACKED_BYTES", 1000)

    with pytest.raises(ImportFileError) as error:
        plan_import(data=xlsx([["Nimi"], ["Saimaan Leipä Oy"]]), ext="xlsx", user=relations)

    assert "too large" in error.value.message


def test_a_long_file_previews_every_problem_and_the_first_new_rows(relations):
    rows = [["Nimi", "Y-tunnus"]] + [[f"Yritys {n} Oy", ""] for n in range(400)]
    rows[300][1] = "123"

    plan = plan_import(data=xlsx(rows), ext="xlsx", user=relations)

    shown = [row.number for row in plan.shown_rows]
    assert 301 in shown
    assert shown == sorted(shown)
    assert plan.hidden_count == 400 - len(shown)
    assert plan.error_count == 1


# Row errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Y-tunnus", "1234567-8", "1234567-8 is not a valid business ID (Y-tunnus)"),
        ("Kunta", "Atlantis", "Atlantis is not a Finnish municipality."),
        ("Toimiala", "kauppa", "kauppa is not a TOL 2008 industry"),
        ("Koko", "jättimäinen", "jättimäinen is not a size class"),
        ("WWW", "http://exa mple", "Enter a valid URL."),
        ("Puhelin", "12", "12 is not a phone number"),
        ("Sähköposti", "anna(at)example.fi", "Enter a valid email address."),
        ("Päättäjä", "ehkä", "ehkä is not a yes/no value"),
        ("Nimi", "", "The name is missing."),
        ("Nimi", "x" * 201, "Ensure this value has at most 200 characters"),
        ("Titteli", "t" * 151, "Ensure this value has at most 150 characters"),
    ],
)
def test_each_bad_value_is_reported_with_its_row_and_column(relations, column, value, message):
    header = [
        "Nimi",
        "Y-tunnus",
        "Kunta",
        "Toimiala",
        "Koko",
        "WWW",
        "Yhteyshenkilö",
        "Titteli",
        "Puhelin",
        "Sähköposti",
        "Päättäjä",
    ]
    good = [
        "Saimaan Leipä Oy",
        "2000000-8",
        "Lappeenranta",
        "C",
        "10-49",
        "www.leipa.fi",
        "Anna Virtanen",
        "Myymäläpäällikkö",
        "040 123 4567",
        "anna@leipa.fi",
        "kyllä",
    ]
    bad = list(good)
    bad[header.index(column)] = value
    bad[0] = bad[0] if column == "Nimi" else "Imatran Kone Oy"
    bad[1] = bad[1] if column == "Y-tunnus" else "2000001-6"
    data = xlsx([header, good, bad])

    plan = plan_import(data=data, ext="xlsx", user=relations)

    ok, broken = plan.rows
    assert ok.status == RowStatus.NEW, ok.errors
    assert broken.status == RowStatus.ERROR
    [error] = broken.errors
    assert error.startswith(f"Row 3, column {column}: ")
    assert message in error
    assert (plan.new_count, plan.error_count) == (1, 1)


def test_a_contact_without_a_name_is_an_error_even_without_that_column(relations):
    data = csv_file([["Nimi", "Puhelin"], ["Saimaan Leipä Oy", "040 123 4567"]])

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert row.errors == ["Row 2, column Contact person: The contact person's name is missing."]


def test_a_row_can_have_several_errors(relations):
    data = csv_file([HEADER, ["", "123", "Q", "Atlantis", "", "", ""]])

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert [e.split(":")[0] for e in row.errors] == [
        "Row 2, column Nimi",
        "Row 2, column Kunta",
        "Row 2, column Y-tunnus",
    ]


# Duplicates ----------------------------------------------------------------------------------


def test_a_business_id_already_in_the_organisation_is_a_duplicate(relations, org):
    existing = EmployerFactory(organization=org, name="Saimaan Leipä", business_id="2000000-8")
    data = csv_file([["Nimi", "Y-tunnus", "Kunta"], ["Leipomo Saimaa Oy", "20000008", "Imatra"]])

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert row.status == RowStatus.DUPLICATE
    assert row.match_employer_id == existing.pk
    assert "Same business ID as Saimaan Leipä" in row.match_note


def test_the_same_business_id_in_another_organisation_is_not_a_duplicate(relations, other_org):
    EmployerFactory(organization=other_org, business_id="2000000-8")
    data = csv_file([["Nimi", "Y-tunnus"], ["Saimaan Leipä Oy", "2000000-8"]])

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert row.status == RowStatus.NEW


def test_a_similar_name_in_the_same_municipality_is_a_duplicate(relations, org):
    existing = EmployerFactory(
        organization=org, name="K-Market Lappeenranta", municipality="Lappeenranta"
    )
    data = csv_file(
        [
            ["Nimi", "Kunta"],
            ["K-market Lapeenranta", "lappeenranta"],
            ["K-Market Lappeenranta", "Imatra"],
        ]
    )

    same_town, other_town = plan_import(data=data, ext="csv", user=relations).rows

    assert same_town.status == RowStatus.DUPLICATE
    assert same_town.match_employer_id == existing.pk
    assert "Name similar to K-Market Lappeenranta" in same_town.match_note
    assert other_town.status == RowStatus.NEW


def test_similar_names_with_different_business_ids_are_different_employers(relations, org):
    EmployerFactory(organization=org, name="Siivous Oy", business_id="2000000-8")
    data = csv_file([["Nimi", "Y-tunnus", "Kunta"], ["Siivous Oy", "2000001-6", "Lappeenranta"]])

    [row] = plan_import(data=data, ext="csv", user=relations).rows

    assert row.status == RowStatus.NEW


def test_duplicates_inside_the_file_are_found_by_business_id_and_by_name(relations):
    data = csv_file(
        [
            ["Nimi", "Y-tunnus", "Kunta"],
            ["Saimaan Leipä Oy", "2000000-8", "Lappeenranta"],
            ["Leipomo Saimaa", "2000000-8", "Imatra"],
            ["Lappeenrannan Kukka", "", "Lappeenranta"],
            ["Lappeenrannan kukka Oy", "", "Lappeenranta"],
        ]
    )

    rows = plan_import(data=data, ext="csv", user=relations).rows

    assert [r.status for r in rows] == [
        RowStatus.NEW,
        RowStatus.DUPLICATE,
        RowStatus.NEW,
        RowStatus.DUPLICATE,
    ]
    assert rows[1].match_note == "Same business ID as row 2."
    assert rows[3].match_note == "Name similar to row 4."


def test_a_duplicate_adds_only_a_new_contact_person(relations, org):
    employer = EmployerFactory(organization=org, name="Saimaan Leipä Oy", business_id="2000000-8")
    ContactPersonFactory(employer=employer, name="Anna Virtanen", email="anna@leipa.fi")
    data = csv_file(
        [
            ["Nimi", "Y-tunnus", "Yhteyshenkilö", "Sähköposti"],
            ["Saimaan Leipä Oy", "2000000-8", "ANNA  VIRTANEN", ""],
            ["Saimaan Leipä Oy", "2000000-8", "A. Virtanen", "Anna@Leipa.fi"],
            ["Saimaan Leipä Oy", "2000000-8", "Pekka Korhonen", "pekka@leipa.fi"],
            ["Saimaan Leipä Oy", "2000000-8", "Pekka Korhonen", ""],
        ]
    )

    plan = plan_import(data=data, ext="csv", user=relations)

    assert [r.status for r in plan.rows] == [
        RowStatus.DUPLICATE,
        RowStatus.DUPLICATE,
        RowStatus.CONTACT,
        RowStatus.DUPLICATE,
    ]
    assert "is already a contact person" in plan.rows[0].match_note
    result = import_file(data, "csv", relations)
    assert result.employers == []
    assert sorted(employer.contact_persons.values_list("name", flat=True)) == [
        "Anna Virtanen",
        "Pekka Korhonen",
    ]
    assert Employer.objects.count() == 1


def test_an_employer_repeated_on_rows_gets_each_contact_person_once(relations):
    data = csv_file(
        [
            ["Nimi", "Kunta", "Yhteyshenkilö", "Titteli"],
            ["Saimaan Leipä Oy", "Lappeenranta", "Anna Virtanen", "Toimitusjohtaja"],
            ["Saimaan Leipä Oy", "Lappeenranta", "Pekka Korhonen", "Leipuri"],
            ["Saimaan Leipä Oy", "Lappeenranta", "Pekka Korhonen", "Leipuri"],
        ]
    )

    result = import_file(data, "csv", relations)

    [employer] = result.employers
    assert sorted(employer.contact_persons.values_list("name", flat=True)) == [
        "Anna Virtanen",
        "Pekka Korhonen",
    ]
    assert [r.status for r in result.plan.rows] == [
        RowStatus.NEW,
        RowStatus.CONTACT,
        RowStatus.DUPLICATE,
    ]


# Writing -------------------------------------------------------------------------------------


def test_it_imports_the_valid_rows_as_create_employer_would(relations, org):
    Tag.objects.create(organization=org, name="kauppa")
    data = xlsx(
        [
            [*HEADER, "Tagit", "Päättäjä"],
            [
                "  Saimaan   Leipä Oy ",
                "20000008",
                "c",
                "villmanstrand",
                "Anna Virtanen",
                "040 123 4567",
                "anna@leipa.fi",
                "kauppa, leipomo",
                "kyllä",
            ],
            ["Huono Oy", "1234567-8", "C", "Imatra", "", "", "", "", ""],
            ["Imatran Kone Oy", "", "", "Imatra", "", "", "", "", ""],
        ]
    )

    result = import_file(data, "xlsx", relations)

    assert [e.name for e in result.employers] == ["Saimaan Leipä Oy", "Imatran Kone Oy"]
    leipa = Employer.objects.get(name="Saimaan Leipä Oy")
    assert leipa.organization == org
    assert leipa.business_id == "2000000-8"
    assert leipa.municipality == "Lappeenranta"
    assert leipa.industry == "C"
    assert leipa.stage == "prospect"
    assert leipa.created_by == relations
    assert sorted(leipa.tags.values_list("name", flat=True)) == ["kauppa", "leipomo"]
    assert Tag.objects.filter(organization=org).count() == 2  # "kauppa" reused
    [person] = leipa.contact_persons.all()
    assert (person.name, person.phone, person.is_decision_maker, person.organization_id) == (
        "Anna Virtanen",
        "+358401234567",
        True,
        org.pk,
    )
    changes = StageChange.objects.filter(employer__in=result.employers)
    assert sorted(changes.values_list("from_stage", "to_stage", "user")) == [
        ("", "prospect", relations.pk),
        ("", "prospect", relations.pk),
    ]
    assert not Employer.objects.filter(name="Huono Oy").exists()
    assert AuditEvent.objects.filter(action="crm.employer.imported", user=relations).exists()


def test_the_search_key_matches_the_services(relations):
    data = csv_file([["Nimi", "Y-tunnus"], ["K-Market Lappeenranta", "2000000-8"]])
    [imported] = import_file(data, "csv", relations).employers
    by_service = EmployerFactory(
        organization=relations.organization, name="K-Market Lappeenranta", business_id="2000001-6"
    )

    assert imported.search_key.replace("2000000-8", "") == by_service.search_key.replace(
        "2000001-6", ""
    )


def test_nothing_is_saved_when_a_write_fails(relations, monkeypatch):
    data = csv_file(
        [
            HEADER,
            [
                "Saimaan Leipä Oy",
                "2000000-8",
                "C",
                "Lappeenranta",
                "Anna Virtanen",
                "040 123 4567",
                "anna@leipa.fi",
            ],
            ["Imatran Kone Oy", "", "", "Imatra", "", "", ""],
        ]
    )

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(StageChange.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        import_file(data, "csv", relations)

    assert Employer.objects.count() == 0
    assert ContactPerson.objects.count() == 0


# The page ------------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "tyonantajat.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post("/employers/import/", {"file": file, "action": "upload"})


GOOD_FILE = [
    ["Nimi", "Y-tunnus", "Kunta"],
    ["Saimaan Leipä Oy", "2000000-8", "Lappeenranta"],
    ["Huono Oy", "1234567-8", "Imatra"],
    ["Imatran Kone Oy", "", "Imatra"],
]


def test_the_page_previews_then_imports_and_removes_the_file(relations, client_for, settings):
    client = client_for(relations)

    preview = upload(client, xlsx(GOOD_FILE))

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Row 3, column Y-tunnus: 1234567-8 is not a valid business ID" in html
    assert "Import 2 new employers" in html
    token = client.session["employer_import"]["token"]
    assert sorted(p.name for p in imports_dir(settings).iterdir()) == [
        f"{token}.json",
        f"{token}.xlsx",
    ]
    assert Employer.objects.count() == 0

    done = client.post("/employers/import/", {"action": "confirm", "token": token})

    assert done.status_code == 200
    assert "2 new employers imported" in done.content.decode()
    assert sorted(Employer.objects.values_list("name", flat=True)) == [
        "Imatran Kone Oy",
        "Saimaan Leipä Oy",
    ]
    assert list(imports_dir(settings).iterdir()) == []
    assert "employer_import" not in client.session


def test_confirming_twice_imports_once(relations, client_for):
    client = client_for(relations)
    upload(client, xlsx(GOOD_FILE))
    token = client.session["employer_import"]["token"]

    client.post("/employers/import/", {"action": "confirm", "token": token})
    again = client.post("/employers/import/", {"action": "confirm", "token": token})

    assert again.status_code == 409
    assert Employer.objects.count() == 2


def test_another_user_cannot_import_someone_elses_upload(
    relations, make_user, other_org, client_for
):
    original = client_for(relations)
    upload(original, xlsx(GOOD_FILE))
    token = original.session["employer_import"]["token"]
    colleague = make_user(Role.RELATIONS)
    outsider = make_user(Role.RELATIONS, organization=other_org)

    for intruder in (colleague, outsider):
        response = client_for(intruder).post(
            "/employers/import/", {"action": "confirm", "token": token}
        )
        assert response.status_code == 409

    assert Employer.objects.count() == 0


def test_a_failed_import_keeps_the_file_for_another_try(
    relations, client_for, monkeypatch, settings
):
    client = client_for(relations)
    upload(client, xlsx(GOOD_FILE))
    token = client.session["employer_import"]["token"]

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(StageChange.objects, "bulk_create", fail)
        failed = client.post("/employers/import/", {"action": "confirm", "token": token})

    assert failed.status_code == 500
    assert "Nothing was saved" in failed.content.decode()
    assert Employer.objects.count() == 0
    assert (imports_dir(settings) / f"{token}.xlsx").exists()

    retried = client.post("/employers/import/", {"action": "confirm", "token": token})

    assert retried.status_code == 200
    assert Employer.objects.count() == 2


def test_confirming_checks_the_file_again_when_the_checked_rows_are_gone(
    relations, client_for, settings
):
    client = client_for(relations)
    upload(client, xlsx(GOOD_FILE))
    token = client.session["employer_import"]["token"]
    (imports_dir(settings) / f"{token}.json").unlink()

    done = client.post("/employers/import/", {"action": "confirm", "token": token})

    assert done.status_code == 200
    assert Employer.objects.count() == 2


def test_checked_rows_survive_the_round_trip_between_the_steps(relations, org):
    data = xlsx(
        [
            [*HEADER, "Tagit", "Päättäjä"],
            [
                "Saimaan Leipä Oy",
                "20000008",
                "c",
                "Villmanstrand",
                "Anna Virtanen",
                "040 123 4567",
                "anna@leipa.fi",
                "leipomo",
                "x",
            ],
            ["Huono Oy", "123", "", "", "", "", "", "", ""],
        ]
    )
    checked = check_file(data=data, ext="xlsx", user=relations)

    loaded = ImportPlan.loads(checked.dumps(), user=relations)
    EmployerFactory(organization=org, name="Saimaan Leipä", business_id="2000000-8")
    result = run_import(plan=loaded, user=relations)

    good, bad = result.plan.rows
    assert (good.employer.business_id, good.employer.municipality) == ("2000000-8", "Lappeenranta")
    assert (good.contact.phone, good.contact.is_decision_maker) == ("+358401234567", True)
    assert good.tags == ["leipomo"]
    assert good.status == RowStatus.CONTACT  # the employer was added meanwhile
    assert bad.status == RowStatus.ERROR
    assert result.employers == []


def test_cancel_removes_the_uploaded_file(relations, client_for, settings):
    client = client_for(relations)
    upload(client, xlsx(GOOD_FILE))

    response = client.post("/employers/import/", {"action": "cancel"})

    assert response.status_code == 302
    assert list(imports_dir(settings).iterdir()) == []
    assert "employer_import" not in client.session


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * (MAX_UPLOAD_BYTES + 1), "iso.csv", "the largest file you can import is 5 MB"),
        (b"Nimi\nFirma", "tyonantajat.txt", "Choose a .csv or .xlsx file."),
        (b"Nimi;Kunta\n", "tyhja.csv", "The file has no rows below the column names."),
        (b"not a workbook", "rikki.xlsx", "The file could not be read"),
    ],
)
def test_a_bad_upload_gets_a_field_error_and_nothing_is_kept(
    relations, client_for, settings, data, name, message
):
    client = client_for(relations)

    response = upload(client, data, name)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    folder = imports_dir(settings)
    assert not folder.exists() or list(folder.iterdir()) == []
    assert "employer_import" not in client.session


def test_an_empty_upload_is_refused(relations, client_for):
    response = upload(client_for(relations), b"", "tyhja.csv")

    assert response.status_code == 422
    assert "The submitted file is empty." in response.content.decode()


# Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COACH, 200), (Role.RELATIONS, 200), (Role.LEAD, 403), (Role.ADMIN, 403)],
)
def test_who_may_import(make_user, client_for, role, status):
    client = client_for(make_user(role))

    assert client.get("/employers/import/").status_code == status
    assert upload(client, xlsx(GOOD_FILE)).status_code == status
    assert Employer.objects.count() == 0


def test_a_platform_superuser_without_an_organisation_cannot_import(client_for):
    superuser = UserFactory(organization=None, is_superuser=True, role=Role.ADMIN)

    assert client_for(superuser).get("/employers/import/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/employers/import/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
