"""Validation of the Finnish personal identity code (henkilötunnus), via python-stdnum."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu


def normalize_henkilotunnus(value: str) -> str:
    return hetu.compact(value) if value and value.strip() else ""


def validate_henkilotunnus(value: str) -> None:
    """DDMMYYCNNNQ with a valid date, century sign and check character."""
    if not value:
        return
    try:
        hetu.validate(value, allow_temporary=True)
    except InvalidChecksum:
        raise ValidationError(
            _("The check character of the personal identity code is wrong."),
            code="invalid_henkilotunnus_check",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("Enter the personal identity code as DDMMYYCNNNQ, e.g. 010190-900P."),
            code="invalid_henkilotunnus",
        ) from None


def birth_date_from_henkilotunnus(value: str) -> date | None:
    try:
        return hetu.validate(value, allow_temporary=True) and _birth_date(hetu.compact(value))
    except StdnumError:
        return None


def _birth_date(code: str) -> date:
    century = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
    base = century.get(code[6], 2000)
    return date(base + int(code[4:6]), int(code[2:4]), int(code[0:2]))
