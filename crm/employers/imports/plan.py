"""What an import is made of: the columns recognised, each checked row and the plan of them all
(kept as JSON between the preview and the confirmation)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Model, TextChoices
from django.utils.translation import gettext_lazy

from crm.accounts.models import User
from crm.employers.models import ContactPerson, Employer, Stage

PREVIEW_ROWS = 200  # rows shown in the preview table; every error is listed above it


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
