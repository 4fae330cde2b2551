"""Checking each row of a file without writing anything: the unsaved employer and contact
person with per-row errors, then the duplicates of employers in the CRM or of earlier rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.core.reference import INDUSTRY_CHOICES, resolve_municipality
from crm.core.search import normalize, search_key, similar_names
from crm.core.validators import normalize_business_id, normalize_phone, validate_municipality
from crm.employers.imports.plan import (
    COLUMN_LABELS,
    CONTACT_FIELDS,
    EMPLOYER_FIELDS,
    ImportFileError,
    ImportPlan,
    ImportRow,
    RowStatus,
)
from crm.employers.imports.read import map_columns, read_table
from crm.employers.models import ContactPerson, Employer, SizeClass, Stage

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
