"""Report periods (both days included, Europe/Helsinki dates) and scopes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HELSINKI = ZoneInfo("Europe/Helsinki")
MAX_YEARS = 5


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def starts_at(self) -> datetime:
        """Midnight at the start of the first day in Helsinki."""
        return datetime.combine(self.start, time.min, tzinfo=HELSINKI)

    @property
    def ends_before(self) -> datetime:
        """Midnight after the last day in Helsinki (exclusive)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=HELSINKI)

    @property
    def is_quarter(self) -> bool:
        return quarter_of(self.start) == self

    @property
    def label(self) -> str:
        if self.is_quarter:
            return f"Q{(self.start.month - 1) // 3 + 1}/{self.start.year}"
        return f"{self.start:%-d.%-m.%Y}–{self.end:%-d.%-m.%Y}"


@dataclass(frozen=True)
class Scope:
    """The organisation, a team or a coach. A person belongs to the scope of their current
    coach; a team's people are the people of its members."""

    organization_id: int
    team_id: int | None = None
    coach_id: int | None = None


def quarter_of(day: date) -> Period:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        return Period(start, date(day.year, 12, 31))
    return Period(start, date(day.year, first_month + 3, 1) - timedelta(days=1))


def previous_quarter(period: Period) -> Period:
    return quarter_of(period.start - timedelta(days=1))


def last_quarters(count: int, *, ending: Period) -> list[Period]:
    """`count` quarters, oldest first, the last one being `ending`."""
    quarters = [ending]
    while len(quarters) < count:
        quarters.append(previous_quarter(quarters[-1]))
    return quarters[::-1]


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def make_period(start: date | None, end: date | None, *, today: date) -> Period:
    """The period asked for, the current quarter when neither end is given. An end before the
    start, a missing end or a period longer than five years are field errors."""
    if start is None and end is None:
        return quarter_of(today)
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = _("Give the start of the period too.")
    if end is None:
        errors["end"] = _("Give the end of the period too.")
    if start and end and end < start:
        errors["end"] = _("The end of the period cannot be before its start.")
    elif start and end and end >= add_years(start, MAX_YEARS):
        errors["end"] = _("A period can be at most %(years)s years long.") % {"years": MAX_YEARS}
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    return Period(start, end)
