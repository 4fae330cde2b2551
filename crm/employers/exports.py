"""Export a filtered employer list as CSV (Finnish Excel: UTF-8 with BOM, ";") or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from crm.core.reference import municipalities
from crm.employers.models import Employer

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet runs a cell starting with one of these as a formula (CSV/formula injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def _headers() -> list[str]:
    return [
        _("Name"),
        _("Business ID (Y-tunnus)"),
        _("Industry"),
        _("Municipality"),
        _("Region"),
        _("Stage"),
        _("Owner"),
        _("Open openings"),
        _("Last contact"),
        _("Tags"),
    ]


def _last_contact(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def employer_rows(employers: QuerySet[Employer]) -> Iterator[list[object]]:
    """One row per employer (from selectors.employers.employer_list, which annotates the counts)."""
    places = municipalities()
    for employer in employers.iterator(chunk_size=2000):
        place = places.get(employer.municipality)
        owner = employer.owner
        yield [
            employer.name,
            employer.business_id,
            employer.get_industry_display(),
            employer.municipality,
            place.region if place else "",
            employer.get_stage_display(),
            (owner.get_full_name() or owner.username) if owner else "",
            employer.open_openings,
            _last_contact(employer.last_contact_at),
            ", ".join(tag.name for tag in employer.tags.all()),
        ]


def _csv(rows: Iterable[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def _xlsx(rows: Iterable[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Employers"))
    sheet.append(_headers())
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_employers(employers: QuerySet[Employer], *, file_format: str) -> tuple[bytes, str]:
    """The file's content and its content type."""
    rows = employer_rows(employers)
    content = _xlsx(rows) if file_format == "xlsx" else _csv(rows)
    return content, FORMATS[file_format]
