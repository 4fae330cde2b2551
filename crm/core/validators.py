from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from crm.core.reference import municipalities


def normalize_business_id(value: str) -> str:
    """'0112038 9', '01120389' → '0112038-9'; anything unparsable is returned trimmed."""
    value = value.strip()
    if not value:
        return ""
    try:
        return ytunnus.format(ytunnus.validate(value))
    except StdnumError:
        return value


def validate_business_id(value: str) -> None:
    """Y-tunnus NNNNNNN-C with the check digit of weights 7,9,10,5,8,4,2 (mod 11)."""
    if not value:
        return
    try:
        ytunnus.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "%(value)s is not a valid business ID (Y-tunnus): check the format 1234567-8 "
                "and the check digit."
            )
            % {"value": value},
            code="invalid_business_id",
        ) from None


def validate_municipality(value: str) -> None:
    if value and value not in municipalities():
        raise ValidationError(
            _("%(value)s is not a Finnish municipality.") % {"value": value},
            code="invalid_municipality",
        )


def normalize_phone(value: str) -> str:
    """Finnish and international formats → E.164 ('040 123 4567' → '+358401234567')."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValidationError(
            _("%(value)s is not a phone number: use e.g. 040 123 4567 or +358 40 123 4567.")
            % {"value": value},
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return value
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 358
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
