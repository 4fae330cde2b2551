"""Issue 13, item 3: malformed workbooks and CSV files in unknown encodings at
/employers/import/ get the one "could not be read" message (or a named encoding), never a 500,
never entity expansion, never mojibake."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from crm.employers.imports.check import plan_import
from crm.employers.imports.plan import ImportFileError
from crm.employers.imports.read import _unreadable
from crm.employers.models import Employer
from tests.employers.test_import import csv_file, upload, xlsx

pytestmark = pytest.mark.django_db

GOOD = [["Nimi", "Kunta"], ["Saimaan Leipä Oy", "Lappeenranta"]]
UNREADABLE = "could not be read"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.BASE_DIR = tmp_path


@pytest.fixture
def relations(make_user):
    return make_user(role="relations")


def _replace(workbook: bytes, member: str, content: bytes) -> bytes:
    """The workbook with one of its XML parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = content if item.filename == member else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


def _part(workbook: bytes, member: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(workbook)).read(member)


def _sheet(workbook: bytes) -> bytes:
    return _part(workbook, "xl/worksheets/sheet1.xml")


def _doctype(body: bytes, doctype: str) -> bytes:
    if b"?>" not in body:
        return doctype.encode() + body
    declaration, rest = body.split(b"?>", 1)
    return declaration + b"?>" + doctype.encode() + rest


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _malformed() -> dict[str, bytes]:
    good = xlsx(GOOD)
    sheet = _sheet(good)
    return {
        "truncated sheet": _replace(good, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2]),
        "garbage workbook.xml": _replace(good, "xl/workbook.xml", b"\x00garbage<<>>"),
        "external entity": _replace(
            good,
            "xl/worksheets/sheet1.xml",
            _doctype(sheet, EXTERNAL).replace(b"Saimaan Leip", b"&xxe;Saimaan Leip"),
        ),
        "billion laughs": _replace(
            good,
            "xl/worksheets/sheet1.xml",
            _doctype(sheet, LAUGHS).replace(b"Saimaan Leip", b"&lol9;Saimaan Leip"),
        ),
        "entity declared in workbook.xml": _replace(
            good, "xl/workbook.xml", _doctype(_part(good, "xl/workbook.xml"), EXTERNAL)
        ),
    }


CASES = [
    "truncated sheet",
    "garbage workbook.xml",
    "external entity",
    "billion laughs",
    "entity declared in workbook.xml",
]


def test_the_cases_are_all_built():
    assert list(_malformed()) == CASES


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_workbook_could_not_be_read(relations, case):
    data = _malformed()[case]

    with pytest.raises(ImportFileError) as error:
        plan_import(data=data, ext="xlsx", user=relations)

    assert UNREADABLE in error.value.message


@pytest.mark.parametrize("case", ["truncated sheet", "billion laughs"])
def test_the_import_page_answers_a_malformed_workbook_with_the_message(relations, client_for, case):
    response = upload(client_for(relations), _malformed()[case])

    with translation.override("fi"):
        message = _unreadable().message
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Employer.objects.exists()


# CSV encodings -------------------------------------------------------------------------------

NAMES = [["Nimi", "Kunta", "Osoite"], ["Äänekosken Öljy Oy", "Äänekoski", "Härkätie 5"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "iso-8859-15"])
def test_a_csv_in_a_common_encoding_reads_without_mojibake(relations, encoding):
    plan = plan_import(data=csv_file(NAMES, encoding=encoding), ext="csv", user=relations)

    assert plan.rows[0].values["name"] == "Äänekosken Öljy Oy"
    assert plan.rows[0].values["address"] == "Härkätie 5"


@pytest.mark.parametrize(
    "encoding",
    [
        "cp437",  # an old DOS export: Ä is 0x8E, a control character in cp1252
        "mac_roman",  # Ä is 0x80, the euro sign in cp1252
        "utf-16-le",  # without the byte-order mark
        "cp1251",
    ],
)
def test_a_csv_in_another_encoding_is_refused_not_shown_as_mojibake(relations, encoding):
    russian = [["Nimi", "Kunta", "Osoite"], ["Пример ООО", "Imatra", "Улица 1"]]
    rows = russian if encoding == "cp1251" else NAMES

    with pytest.raises(ImportFileError) as error:
        plan_import(data=csv_file(rows, encoding=encoding), ext="csv", user=relations)

    assert "UTF-8" in error.value.message


def test_a_windows_file_with_quotes_and_dashes_is_not_taken_for_mojibake(relations):
    rows = [
        ["Nimi", "Kunta", "Osoite"],
        ["”Paras” Oy – Itä", "Imatra", "Tie 5–7, O’Brien"],
        ["Café Hôtel Señora", "Imatra", "Crème brûlée 1"],
    ]

    plan = plan_import(data=csv_file(rows, encoding="cp1252"), ext="csv", user=relations)

    assert plan.rows[0].values["name"] == "”Paras” Oy – Itä"
