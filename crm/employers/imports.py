"""Import employers and their contact persons from the CSV and XLSX files pilots keep today.

Two steps. `plan_import` reads a file and checks every row without writing anything: per-row
errors (row number as in the spreadsheet, the column as headed in the file), duplicates of
employers already in the CRM or of earlier rows in the file (same Y-tunnus, or a similar name
in the same municipality), and contact persons to add to employers that already exist.
`run_import` finds the duplicates again against the current database and writes every valid
row in one transaction. It is a bulk path, for speed (10,000 rows in seconds), that applies the
same normalisation and model validation as `services.create_employer` and `add_contact_person`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.accounts.audit import record_access
from crm.accounts.models import User
from crm.core.reference import INDUSTRY_CHOICES, resolve_municipality
from crm.core.search import normalize, search_key, similar_names
from crm.core.validators import normalize_business_id, normalize_phone, validate_municipality
from crm.employers.models import ContactPerson, Employer, SizeClass, Stage, StageChange, Tag

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
PREVIEW_ROWS = 200  # rows shown in the preview table; every error is listed above it
EXTENSIONS = ("csv", "xlsx")

# Column headers recognised (case, spaces, punctuation and "(…)" ignored): Finnish, English
# and Swedish synonyms, separated by "|".
COLUMNS: dict[str, str] = {
    "name": "nimi|työnantaja|työnantajan nimi|yritys|yrityksen nimi|name|employer|"
    "employer name|company|company name|namn|arbetsgivare",
    "business_id": "y-tunnus|ytunnus|business id|fo-nummer",
    "industry": "toimiala|toimialakoodi|tol|tol 2008|industry|bransch",
    "municipality": "kunta|kotikunta|sijaintikunta|paikkakunta|municipality|city|kommun",
    "address": "osoite|katuosoite|käyntiosoite|address|street address|adress",
    "website": "www|verkkosivu|verkkosivut|kotisivu|kotisivut|website|web|url|webbplats",
    "size_class": "koko|kokoluokka|size|size class|company size|storlek",
    "tags": "tagit|tunnisteet|avainsanat|tags|taggar",
    "notes": "muistiinpanot|lisätiedot|huomiot|notes|anteckningar",
    "contact_name": "yhteyshenkilö|yhteyshenkilön nimi|contact person|contact|contact name|"
    "kontaktperson",
    "contact_title": "titteli|nimike|tehtävänimike|title|job title|titel",
    "contact_phone": "puhelin|puhelinnumero|puh|matkapuhelin|yhteyshenkilön puhelin|phone|"
    "phone number|telephone|contact phone|telefon",
    "contact_email": "sähköposti|sähköpostiosoite|yhteyshenkilön sähköposti|email|e-mail|"
    "contact email|e-post",
    "contact_decision_maker": "päättäjä|päätöksentekijä|decision-maker|decision maker|"
    "beslutsfattare",
}
COLUMN_LABELS = {
    "name": gettext_lazy("Name"),
    "business_id": gettext_lazy("Business ID (Y-tunnus)"),
    "industry": gettext_lazy("Industry (TOL 2008)"),
    "municipality": gettext_lazy("Municipality"),
    "address": gettext_lazy("Address"),
    "website": gettext_lazy("Website"),
    "size_class": gettext_lazy("Size"),
    "tags": gettext_lazy("Tags"),
    "notes": gettext_lazy("Notes"),
    "contact_name": gettext_lazy("Contact person"),
    "contact_title": gettext_lazy("Title"),
    "contact_phone": gettext_lazy("Phone"),
    "contact_email": gettext_lazy("E-mail"),
    "contact_decision_maker": gettext_lazy("Decision-maker"),
}
# Model field → import column.
EMPLOYER_FIELDS = {c: c for c in COLUMNS if c != "tags" and not c.startswith("contact_")}
CONTACT_FIELDS = {
    "name": "contact_name",
    "title": "contact_title",
    "phone": "contact_phone",
    "email": "contact_email",
    "is_decision_maker": "contact_decision_maker",
}

_TRUE = {"kyllä", "kylla", "k", "yes", "y", "x", "1", "true", "tosi", "ja"}
_FALSE = {"ei", "e", "no", "n", "0", "false", "epätosi", "nej", "-"}
_SIZE_WORDS = {
    "mikro": SizeClass.MICRO,
    "mikroyritys": SizeClass.MICRO,
    "pieni": SizeClass.SMALL,
    "pienyritys": SizeClass.SMALL,
    "keskisuuri": SizeClass.MEDIUM,
    "suuri": SizeClass.LARGE,
    "iso": SizeClass.LARGE,
    "suuryritys": SizeClass.LARGE,
}
# TOL 2008 divisions (the first two digits of a longer code) → section letter.
_TOL_DIVISIONS = (
    "01-03 A, 05-09 B, 10-33 C, 35-35 D, 36-39 E, 41-43 F, 45-47 G, 49-53 H, 55-56 I, 58-63 J, "
    "64-66 K, 68-68 L, 69-75 M, 77-82 N, 84-84 O, 85-85 P, 86-88 Q, 90-93 R, 94-96 S, 97-98 T, "
    "99-99 U"
)
_SECTION_OF_DIVISION = {
    division: section
    for span, section in (item.split() for item in _TOL_DIVISIONS.split(", "))
    for division in range(int(span[:2]), int(span[3:]) + 1)
}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_PARENTHESES = re.compile(r"\(.*?\)")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RowStatus(TextChoices):
    NEW = "new", gettext_lazy("New employer")
    CONTACT = "contact", gettext_lazy("Existing employer: contact person added")
    DUPLICATE = "duplicate", gettext_lazy("Duplicate: skipped")
    ERROR = "error", gettext_lazy("Error: skipped")


DUPLICATE_STATUSES = (RowStatus.DUPLICATE, RowStatus.CONTACT)


@dataclass
class ImportRow:
    number: int  # as in the spreadsheet, the header being row 1
    values: dict[str, str]
    status: str = RowStatus.NEW
    errors: list[str] = field(default_factory=list)
    employer: Employer | None = None
    tags: list[str] = field(default_factory=list)
    contact: ContactPerson | None = None
    match_note: str = ""
    match_employer_id: int | None = None  # an employer already in the CRM
    match_row: ImportRow | None = None  # an earlier row of the file

    @property
    def status_label(self) -> str:
        return RowStatus(self.status).label


@dataclass
class ImportPlan:
    rows: list[ImportRow]
    columns: dict[str, str]  # recognised field → header as written in the file
    unknown_columns: list[str]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self.count(RowStatus.NEW)

    @property
    def contact_count(self) -> int:
        return self.count(RowStatus.CONTACT)

    @property
    def duplicate_count(self) -> int:
        return self.count(RowStatus.DUPLICATE) + self.contact_count

    @property
    def skipped_count(self) -> int:
        return self.count(RowStatus.DUPLICATE)

    @property
    def error_count(self) -> int:
        return self.count(RowStatus.ERROR)

    @property
    def errors(self) -> list[str]:
        return [message for row in self.rows for message in row.errors]

    @cached_property
    def shown_rows(self) -> list[ImportRow]:
        """The rows that need a look (errors, duplicates) first, then new ones, in file order."""
        if len(self.rows) <= PREVIEW_ROWS:
            return self.rows
        errors = [row for row in self.rows if row.status == RowStatus.ERROR]
        duplicates = [row for row in self.rows if row.status in DUPLICATE_STATUSES]
        attention = (errors + duplicates)[:PREVIEW_ROWS]
        new = [row for row in self.rows if row.status == RowStatus.NEW]
        shown = attention + new[: max(20, PREVIEW_ROWS - len(attention))]
        return sorted(shown, key=lambda row: row.number)

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.shown_rows)

    @property
    def has_work(self) -> bool:
        return any(row.status in (RowStatus.NEW, RowStatus.CONTACT) for row in self.rows)

    def dumps(self) -> str:
        """The checked rows as JSON, kept beside the upload so that confirming the import
        need not read and check the file again (duplicates are found again)."""
        rows = [
            {
                "number": row.number,
                "values": row.values,
                "errors": row.errors,
                "tags": row.tags,
                "employer": _field_values(row.employer, [*EMPLOYER_FIELDS, "search_key"]),
                "contact": _field_values(row.contact, CONTACT_FIELDS),
            }
            for row in self.rows
        ]
        return json.dumps(
            {"rows": rows, "columns": self.columns, "unknown_columns": self.unknown_columns}
        )

    @classmethod
    def loads(cls, text: str, *, user: User) -> ImportPlan:
        data = json.loads(text)
        rows = []
        for item in data["rows"]:
            row = ImportRow(
                number=item["number"],
                values=item["values"],
                errors=item["errors"],
                tags=item["tags"],
            )
            if item["employer"] is not None:
                row.employer = Employer(
                    organization_id=user.organization_id,
                    created_by=user,
                    stage=Stage.PROSPECT,
                    **item["employer"],
                )
            if item["contact"] is not None:
                row.contact = ContactPerson(organization_id=user.organization_id, **item["contact"])
            rows.append(row)
        return cls(rows=rows, columns=data["columns"], unknown_columns=data["unknown_columns"])


def _field_values(instance: Model | None, names: Iterable[str]) -> dict[str, object] | None:
    return None if instance is None else {name: getattr(instance, name) for name in names}


@dataclass
class ImportResult:
    plan: ImportPlan
    employers: list[Employer]
    contacts_added: int


# Reading files -------------------------------------------------------------------------------


def file_extension(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in EXTENSIONS:
        raise ImportFileError(_("Choose a .csv or .xlsx file."))
    return ext


def _unreadable() -> ImportFileError:
    return ImportFileError(
        _("The file could not be read: save it as an Excel workbook (.xlsx) or as CSV (UTF-8).")
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable() from None
    if unpacked > MAX_UNPACKED_BYTES:  # a "zip bomb" would fill the memory
        raise ImportFileError(_("The workbook is too large: split it into smaller files."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _unreadable() from None
    try:
        sheet = workbook.active or workbook.worksheets[0]
        sheet.reset_dimensions()  # files from other tools often state wrong dimensions
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _unreadable() from None
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]  # cp1252: Excel's "CSV (semicolon)" on Windows
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _unreadable()


def _delimiter(text: str) -> str:
    """The separator of the header line: Finnish Excel writes ";", others "," or tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])  # ties go to ";" (listed first)
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for cells in reader:
            yield [cell.strip() for cell in cells]
    except csv.Error:
        raise _unreadable() from None


def read_table(data: bytes, ext: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their spreadsheet row numbers (blank rows left out)."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    rows = _read_xlsx(data) if ext == "xlsx" else _read_csv(data)
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        body.append((number, cells))
        if len(body) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into smaller files.")
                % {"max": MAX_ROWS}
            )
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not body:
        raise ImportFileError(_("The file has no rows below the column names."))
    return header, body


def _header_key(text: str) -> str:
    return "".join(ch for ch in _PARENTHESES.sub("", text).casefold() if ch.isalnum())


_SYNONYMS = {
    _header_key(name): column for column, names in COLUMNS.items() for name in names.split("|")
}


def map_columns(header: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column positions and headers of the recognised fields, and the headers not recognised."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for index, text in enumerate(header):
        column = _SYNONYMS.get(_header_key(text))
        if column and column not in positions:
            positions[column] = index
            headers[column] = text
        elif text:
            unknown.append(text)
    if "name" not in positions:
        raise ImportFileError(
            _(
                "No name column found: the first row must name the columns, "
                "e.g. Nimi, Y-tunnus, Kunta."
            )
        )
    return positions, headers, unknown


# Checking rows -------------------------------------------------------------------------------


def parse_industry(text: str) -> str | None:
    """'G', 'g', 'G Tukku- ja vähittäiskauppa', '47' or '47111' → 'G'; None when unknown."""
    if not text:
        return ""
    codes = {code for code, _label in INDUSTRY_CHOICES}
    head = text.split()[0].rstrip(".:").upper()
    if head in codes:
        return head
    if head[:2].isdigit():
        return _SECTION_OF_DIVISION.get(int(head[:2]))
    key = text.casefold()
    return next(
        (
            code
            for code, label in INDUSTRY_CHOICES
            if key in (str(label).casefold(), str(label)[2:].casefold())
        ),
        None,
    )


def parse_size(text: str) -> str | None:
    """'micro', 'pieni', '10-49', '250+' or a head count → a size class; None when unknown."""
    key = text.strip().casefold()
    if not key:
        return ""
    if key in SizeClass.values:
        return key
    if key in _SIZE_WORDS:
        return _SIZE_WORDS[key]
    digits = re.match(r"\d+", key.replace(" ", ""))
    if not digits:
        labels = {str(label).casefold(): value for value, label in SizeClass.choices}
        return labels.get(key)
    count = int(digits.group())
    if count < 10:
        return SizeClass.MICRO
    if count < 50:
        return SizeClass.SMALL
    return SizeClass.MEDIUM if count < 250 else SizeClass.LARGE


def parse_yes_no(text: str) -> bool | None:
    key = text.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE or not key:
        return False
    return None


class _RowChecker:
    """Builds the unsaved employer and contact person of one row, collecting its errors."""

    def __init__(self, row: ImportRow, headers: dict[str, str]) -> None:
        self.row = row
        self.headers = headers
        self.failed: set[str] = set()

    def fail(self, column: str, message: str) -> None:
        self.failed.add(column)
        self.row.errors.append(
            _("Row %(row)s, column %(column)s: %(message)s")
            % {
                "row": self.row.number,
                "column": self.headers.get(column) or COLUMN_LABELS[column],
                "message": message,
            }
        )

    def clean(self, instance: Model, columns: dict[str, str]) -> None:
        """What full_clean checks of the imported fields (validators, choices, lengths) and the
        model's clean(), without full_clean's per-row queries for foreign keys and uniqueness
        (the duplicate checks cover the business ID for the whole file at once)."""
        for name, column in columns.items():
            model_field = instance._meta.get_field(name)
            raw = getattr(instance, model_field.attname)
            if column in self.failed or (model_field.blank and raw in model_field.empty_values):
                continue
            try:
                setattr(instance, model_field.attname, model_field.clean(raw, instance))
            except ValidationError as exc:
                for message in exc.messages:
                    self.fail(column, message)
        try:
            instance.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.fail(columns.get(name, "name"), message)


def _check_row(row: ImportRow, headers: dict[str, str], user: User) -> None:
    check = _RowChecker(row, headers)
    value = row.values.get

    name = " ".join(value("name", "").split())
    if not name:
        check.fail("name", _("The name is missing."))
    business_id = normalize_business_id(value("business_id", ""))
    industry = parse_industry(value("industry", ""))
    if industry is None:
        check.fail(
            "industry",
            _("%(value)s is not a TOL 2008 industry: use a section letter A-U.")
            % {"value": value("industry")},
        )
    municipality = resolve_municipality(value("municipality", "")) or ""
    if value("municipality") and not municipality:
        try:
            validate_municipality(value("municipality", ""))
        except ValidationError as exc:
            check.fail("municipality", exc.messages[0])
    size_class = parse_size(value("size_class", ""))
    if size_class is None:
        check.fail(
            "size_class",
            _("%(value)s is not a size class: use 1-9, 10-49, 50-249 or 250+ employees.")
            % {"value": value("size_class")},
        )
    website = value("website", "")
    if website and not _SCHEME.match(website):
        website = f"https://{website}"

    employer = Employer(
        organization_id=user.organization_id,
        created_by=user,
        name=name,
        business_id=business_id,
        industry=industry or "",
        municipality=municipality,
        address=" ".join(value("address", "").split()),
        website=website,
        size_class=size_class or "",
        notes=value("notes", ""),
        stage=Stage.PROSPECT,
    )
    employer.search_key = search_key(name, business_id)
    check.clean(employer, EMPLOYER_FIELDS)
    row.employer = employer
    row.tags = sorted({" ".join(t.split())[:50] for t in value("tags", "").split(",") if t.strip()})

    decision = parse_yes_no(value("contact_decision_maker", ""))
    if decision is None:
        check.fail(
            "contact_decision_maker",
            _("%(value)s is not a yes/no value: use kyllä/ei, yes/no, x or 1/0.")
            % {"value": value("contact_decision_maker")},
        )
    texts = [
        value(c, "") for c in ("contact_name", "contact_title", "contact_phone", "contact_email")
    ]
    if any(texts) or decision:
        row.contact = _check_contact(check, value, decision or False)
    if row.errors:
        row.status = RowStatus.ERROR


def _check_contact(check: _RowChecker, value, decision: bool) -> ContactPerson:
    person_name = " ".join(value("contact_name", "").split())
    if not person_name:
        check.fail("contact_name", _("The contact person's name is missing."))
    phone = ""
    try:
        phone = normalize_phone(value("contact_phone", ""))
    except ValidationError as exc:
        check.fail("contact_phone", exc.messages[0])
    person = ContactPerson(
        organization_id=check.row.employer.organization_id,
        name=person_name,
        title=" ".join(value("contact_title", "").split()),
        phone=phone,
        email=value("contact_email", ""),
        is_decision_maker=decision,
    )
    check.clean(person, CONTACT_FIELDS)
    return person


# Duplicates ----------------------------------------------------------------------------------


@dataclass
class _Target:
    """An employer a row may duplicate: one in the CRM (pk) or a new one from an earlier row."""

    name: str
    business_id: str
    municipality: str
    employer_id: int | None = None
    row: ImportRow | None = None


class _Employers:
    """Employers of the organisation and of the file so far, indexed for duplicate checks."""

    def __init__(self, organization_id: int) -> None:
        self.targets: list[_Target] = []
        self.by_business_id: dict[str, int] = {}
        self.by_municipality: dict[str, dict[int, str]] = {}
        existing = Employer.objects.filter(organization_id=organization_id).values_list(
            "pk", "name", "business_id", "municipality"
        )
        for pk, name, business_id, municipality in existing:
            self.add(_Target(name, business_id, municipality, employer_id=pk))

    def add(self, target: _Target) -> None:
        index = len(self.targets)
        self.targets.append(target)
        if target.business_id:
            self.by_business_id.setdefault(target.business_id, index)
        self.by_municipality.setdefault(target.municipality, {})[index] = normalize(target.name)

    def match(self, employer: Employer) -> tuple[_Target, bool] | None:
        """The employer this one duplicates, and whether by business ID (else by name)."""
        if employer.business_id in self.by_business_id:
            return self.targets[self.by_business_id[employer.business_id]], True
        candidates = self.by_municipality.get(employer.municipality, {})
        for index in similar_names(employer.name, candidates.items()) if candidates else []:
            target = self.targets[index]
            # Two different business IDs are two legal persons, however alike their names.
            if not (target.business_id and employer.business_id):
                return target, False
        return None


def _match_note(target: _Target, by_business_id: bool) -> str:
    if target.row is not None:
        if by_business_id:
            return _("Same business ID as row %(row)s.") % {"row": target.row.number}
        return _("Name similar to row %(row)s.") % {"row": target.row.number}
    if by_business_id:
        return _("Same business ID as %(employer)s, already in the CRM.") % {
            "employer": target.name
        }
    return _("Name similar to %(employer)s in the same municipality, already in the CRM.") % {
        "employer": target.name
    }


def _find_duplicates(rows: list[ImportRow], organization_id: int) -> None:
    employers = _Employers(organization_id)
    for row in rows:
        if row.status == RowStatus.ERROR:
            continue
        found = employers.match(row.employer)
        if found is None:
            employers.add(
                _Target(
                    row.employer.name, row.employer.business_id, row.employer.municipality, row=row
                )
            )
            continue
        target, by_business_id = found
        row.status = RowStatus.DUPLICATE
        row.match_note = _match_note(target, by_business_id)
        row.match_employer_id = target.employer_id
        row.match_row = target.row


def _contact_keys(name: str, email: str) -> set[str]:
    keys = {f"name:{' '.join(name.split()).casefold()}"}
    if email:
        keys.add(f"email:{email.strip().casefold()}")
    return keys


def _find_new_contacts(rows: list[ImportRow], organization_id: int) -> None:
    """A duplicate row's contact person is added unless its employer has one of that name or
    e-mail already (in the CRM or from an earlier row)."""
    known: dict[tuple[str, int], set[str]] = {}
    matched = {row.match_employer_id for row in rows if row.match_employer_id and row.contact}
    existing = ContactPerson.objects.filter(
        organization_id=organization_id, employer_id__in=matched, archived_at__isnull=True
    ).values_list("employer_id", "name", "email")
    for employer_id, name, email in existing:
        known.setdefault(("crm", employer_id), set()).update(_contact_keys(name, email))
    for row in rows:
        if row.contact is None or row.status == RowStatus.ERROR:
            continue
        if row.match_employer_id:
            owner = ("crm", row.match_employer_id)
        else:
            owner = ("row", (row.match_row or row).number)
        keys = _contact_keys(row.contact.name, row.contact.email)
        seen = known.setdefault(owner, set())
        if row.status == RowStatus.DUPLICATE:
            if seen & keys:
                row.match_note += " " + _("%(person)s is already a contact person.") % {
                    "person": row.contact.name
                }
                continue
            row.status = RowStatus.CONTACT
        seen.update(keys)


def check_file(*, data: bytes, ext: str, user: User) -> ImportPlan:
    """Read a file and check each row on its own (no queries). Raises ImportFileError."""
    header, body = read_table(data, ext)
    positions, headers, unknown = map_columns(header)
    rows = []
    for number, cells in body:
        values = {c: cells[i] if i < len(cells) else "" for c, i in positions.items()}
        if not any(values.values()):
            continue  # a row with text only under unknown columns
        row = ImportRow(number=number, values=values)
        _check_row(row, headers, user)
        rows.append(row)
    if not rows:
        raise ImportFileError(_("The file has no rows below the column names."))
    return ImportPlan(rows=rows, columns=headers, unknown_columns=unknown)


def find_duplicates(plan: ImportPlan, *, organization_id: int) -> ImportPlan:
    """Mark the rows that duplicate an employer in the CRM or an earlier row (again, if the
    plan was checked before: the data may have changed meanwhile)."""
    for row in plan.rows:
        row.status = RowStatus.ERROR if row.errors else RowStatus.NEW
        row.match_note, row.match_employer_id, row.match_row = "", None, None
    _find_duplicates(plan.rows, organization_id)
    _find_new_contacts(plan.rows, organization_id)
    plan.__dict__.pop("shown_rows", None)
    return plan


def plan_import(*, data: bytes, ext: str, user: User) -> ImportPlan:
    """The preview: every row checked, duplicates found; nothing is written."""
    return find_duplicates(
        check_file(data=data, ext=ext, user=user), organization_id=user.organization_id
    )


# Writing -------------------------------------------------------------------------------------


def _save_tags(rows: list[ImportRow], organization_id: int) -> None:
    names = sorted({name for row in rows for name in row.tags})
    if not names:
        return
    Tag.objects.bulk_create(
        [Tag(organization_id=organization_id, name=name) for name in names],
        ignore_conflicts=True,
    )
    tags = Tag.objects.filter(organization_id=organization_id, name__in=names)
    tag_ids = dict(tags.values_list("name", "pk"))
    through = Employer.tags.through
    through.objects.bulk_create(
        [
            through(employer_id=row.employer.pk, tag_id=tag_ids[name])
            for row in rows
            for name in row.tags
        ],
        batch_size=1000,
    )


@transaction.atomic
def run_import(*, plan: ImportPlan, user: User) -> ImportResult:
    """Find the duplicates again against the current data, then write all valid rows or
    nothing. `plan` comes from check_file, plan_import or ImportPlan.loads of this user."""
    find_duplicates(plan, organization_id=user.organization_id)
    new_rows = [row for row in plan.rows if row.status == RowStatus.NEW]
    employers = Employer.objects.bulk_create([row.employer for row in new_rows], batch_size=500)
    _save_tags(new_rows, user.organization_id)

    persons = []
    for row in plan.rows:
        if row.contact is not None and row.status in (RowStatus.NEW, RowStatus.CONTACT):
            owner = row.match_row.employer if row.match_row else row.employer
            row.contact.employer_id = row.match_employer_id or owner.pk
            persons.append(row.contact)
    ContactPerson.objects.bulk_create(persons, batch_size=1000)

    now = timezone.now()
    StageChange.objects.bulk_create(
        [
            StageChange(
                organization_id=user.organization_id,
                employer_id=employer.pk,
                from_stage="",
                to_stage=employer.stage,
                changed_at=now,
                user=user,
            )
            for employer in employers
        ],
        batch_size=1000,
    )
    record_access(user, "crm.employer.imported")
    return ImportResult(plan=plan, employers=employers, contacts_added=len(persons))
