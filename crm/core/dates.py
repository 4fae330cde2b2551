"""Sane ranges for every date and datetime a person types, in one place.

A date outside its range is a typo (year 1, 20244) or garbage, never data: it would break
reports, the ordering of the contact log and, for datetimes near the ends of the calendar,
every page that converts it to Helsinki time (an OverflowError). So each input field names its
range, and the same check runs everywhere input enters:

- model fields: `validators=[dates.PAST.validator]` (full_clean in services and imports);
- HTML forms: the same validator on the form field (`validators=[...]`, or
  `Meta.formfield_callback = dates.formfield` for ModelForms), so the form refuses the value
  before its own clean() compares or converts it;
- API schemas: the annotated types below (`PastDateTime`, `PlannedDate`, ...), a field-level
  422 before the endpoint runs;
- filters: `QUERY`, wide, only so that a query cannot reach the ends of the calendar.

The ranges (today is Helsinki's date):

- BIRTH, 1900-01-01 to today: dates of birth;
- HISTORY, 1900-01-01 to 31 Dec next year: a person's work history;
- PAST, 2000-01-01 to 31 Dec next year: what has happened (contacts, notes, milestones,
  Kykyviisari, consents given or revoked, referral, intake, exit, job tailoring agreed);
- PLANNED, 2000-01-01 to 31 Dec in two years: follow-ups, an opening's start;
- EXPIRY, 2000-01-01 to 31 Dec in ten years: a consent's expiry;
- QUERY, 1900-01-01 to 2100-12-31: list filters.

The ranges catch what cannot be data. The tighter rules of each field ("a contact cannot be
logged in the future", "the intake cannot be before the referral") stay with its model or
service, with their own messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError


def _days_ahead(days: int) -> Callable[[date], date]:
    return lambda today: today + timedelta(days=days)


def _end_of_year_ahead(years: int) -> Callable[[date], date]:
    return lambda today: date(today.year + years, 12, 31)


@dataclass(frozen=True)
class DateRange:
    key: str
    earliest: date
    latest_from_today: Callable[[date], date]

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        return self.earliest, self.latest_from_today(today or timezone.localdate())

    def contains(self, value: date | datetime, today: date | None = None) -> bool:
        """Whether `value` is in range; a datetime is judged by its day in Helsinki.

        Never converts `value` between time zones (that overflows near year 1 and 9999): an
        aware datetime is compared with aware bounds, a naive one with naive bounds.
        """
        earliest, latest = self.bounds(today)
        if not isinstance(value, datetime):
            return earliest <= value <= latest
        start = datetime.combine(earliest, time.min)
        end = datetime.combine(latest + timedelta(days=1), time.min)
        if timezone.is_aware(value):
            start, end = timezone.make_aware(start), timezone.make_aware(end)
        return start <= value < end

    def message(self, today: date | None = None) -> str:
        earliest, latest = self.bounds(today)
        return _("Enter a date between %(earliest)s and %(latest)s.") % {
            "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
            "latest": date_format(latest, "SHORT_DATE_FORMAT"),
        }

    def validate(self, value: date | datetime | None) -> None:
        if value is not None and not self.contains(value):
            raise ValidationError(self.message(), code="date_out_of_range")

    @property
    def validator(self) -> DateRangeValidator:
        return DateRangeValidator(self.key)


BIRTH = DateRange("birth", date(1900, 1, 1), _days_ahead(0))
HISTORY = DateRange("history", date(1900, 1, 1), _end_of_year_ahead(1))
PAST = DateRange("past", date(2000, 1, 1), _end_of_year_ahead(1))
PLANNED = DateRange("planned", date(2000, 1, 1), _end_of_year_ahead(2))
EXPIRY = DateRange("expiry", date(2000, 1, 1), _end_of_year_ahead(10))
QUERY = DateRange("query", date(1900, 1, 1), lambda today: date(2100, 12, 31))

RANGES: dict[str, DateRange] = {r.key: r for r in (BIRTH, HISTORY, PAST, PLANNED, EXPIRY, QUERY)}


@deconstructible(path="crm.core.dates.DateRangeValidator")
class DateRangeValidator:
    """A model or form field validator naming its range (migrations store only the key)."""

    def __init__(self, key: str) -> None:
        if key not in RANGES:
            raise ValueError(f"Unknown date range {key!r}")
        self.key = key

    @property
    def range(self) -> DateRange:
        return RANGES[self.key]

    def __call__(self, value: date | datetime | None) -> None:
        self.range.validate(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRangeValidator) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def range_of(field: models.Field | forms.Field) -> DateRange | None:
    """The range a model or form field checks, if any."""
    for validator in field.validators:
        if isinstance(validator, DateRangeValidator):
            return validator.range
    return None


def formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """`Meta.formfield_callback` for ModelForms: the model field's range on the form field."""
    field = db_field.formfield(**kwargs)
    date_range = range_of(db_field)
    if field is not None and date_range is not None:
        field.validators.append(date_range.validator)
    return field


def validate_ranges(**values: tuple[DateRange, date | datetime | None]) -> None:
    """For services taking dates from code: raise the field-level errors of values out of
    range, before anything converts them (`validate_ranges(occurred_at=(PAST, occurred_at))`)."""
    errors = {
        name: date_range.message()
        for name, (date_range, value) in values.items()
        if value is not None and not date_range.contains(value)
    }
    if errors:
        raise ValidationError(errors, code="date_out_of_range")


# API schema types: a value out of range is a field-level 422 with the translated message.


def _api(date_range: DateRange) -> AfterValidator:
    def check(value: date | datetime) -> date | datetime:
        if not date_range.contains(value):
            raise PydanticCustomError("date_out_of_range", date_range.message())
        return value

    check.date_range = date_range  # type: ignore[attr-defined]  # for tests walking the API
    return AfterValidator(check)


BirthDate = Annotated[date, _api(BIRTH)]
HistoryDate = Annotated[date, _api(HISTORY)]
PastDate = Annotated[date, _api(PAST)]
PastDateTime = Annotated[datetime, _api(PAST)]
PlannedDate = Annotated[date, _api(PLANNED)]
ExpiryDate = Annotated[date, _api(EXPIRY)]
QueryDate = Annotated[date, _api(QUERY)]
