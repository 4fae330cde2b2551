"""The follow-along support plan as dates: planned contact slots and the next contact due.

Pure functions of a placement's dates, cadence and contacts (no queries, no clock unless a
`today` is given), so services store the result in `Placement.next_support_due_on` on every
write and pages can draw the first year's slots.

The IPS default (DOMAIN.md, principle 8): a contact within 7 days before the start when the job
is recorded ahead, within 3 days after the start, weekly during the first 4 weeks, then monthly
— for at least 12 months and with no automatic end: support is time-unlimited. The coach may
choose another cadence, "on request" (nothing planned), or record that the person declined.

A slot is *done* when a contact falls in its window: after the previous slot's due date, up to
and including its own. The next contact due is the slot after the one holding the latest
contact (the plan stays anchored at the start date), or, with no contact yet, the first slot —
so a job recorded weeks after its start is overdue at once (IPS: contact within 3 days). A
next-due date typed on the latest contact wins over the cadence. After a job ends one more
contact is due within 3 days (IPS: contact soon after learning of a job loss); after it,
nothing more for this job.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from django.utils.translation import gettext_lazy as _

from crm.placements.models import SupportCadence

BEFORE_START_DAYS = 7  # a contact within 7 days before the start, when recorded ahead
FIRST_CONTACT_DAYS = 3  # within 3 days after the start
AFTER_END_DAYS = 3  # within 3 days after learning of a job loss
FIRST_YEAR_MONTHS = 12
TENURE_MARKS = (("90_days", None, 90), ("6_months", 6, None), ("12_months", 12, None))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Slot:
    due_on: date
    label: str
    opens_on: date | None = None  # the window's first day when not "after the previous slot"


def planned_slots(*, start_on: date, cadence: str, recorded_on: date | None) -> Iterator[Slot]:
    """The cadence's contact slots in date order, without end (time-unlimited support)."""
    if cadence == SupportCadence.ON_REQUEST:
        return
    if recorded_on is not None and recorded_on < start_on:
        yield Slot(
            start_on - timedelta(days=1),
            str(_("Before the start")),
            start_on - timedelta(days=BEFORE_START_DAYS),
        )
    yield Slot(start_on + timedelta(days=FIRST_CONTACT_DAYS), str(_("First days")))
    if cadence in (SupportCadence.IPS_DEFAULT, SupportCadence.WEEKLY):
        weekly_until = 4 if cadence == SupportCadence.IPS_DEFAULT else None
        week = 1
        while weekly_until is None or week <= weekly_until:
            yield Slot(start_on + timedelta(weeks=week), str(_("Week %(n)d") % {"n": week}))
            week += 1
        month = 2  # IPS default: monthly after the first four weeks
    elif cadence == SupportCadence.BIWEEKLY:
        week = 2
        while True:
            yield Slot(start_on + timedelta(weeks=week), str(_("Week %(n)d") % {"n": week}))
            week += 2
    else:  # monthly
        month = 1
    while True:
        yield Slot(add_months(start_on, month), str(_("Month %(n)d") % {"n": month}))
        month += 1


@dataclass(frozen=True)
class PlanState:
    """What the next due date depends on (a placement's fields and its latest contact)."""

    start_on: date
    cadence: str
    recorded_on: date | None
    declined_on: date | None = None
    ended_on: date | None = None
    last_contact_on: date | None = None
    last_contact_next_due: date | None = None  # the date typed on the latest contact


def next_due_on(state: PlanState) -> date | None:
    if state.declined_on is not None:
        return None
    if state.ended_on is not None:
        if state.last_contact_on is not None and state.last_contact_on >= state.ended_on:
            return state.last_contact_next_due
        return state.ended_on + timedelta(days=AFTER_END_DAYS)
    if state.last_contact_next_due is not None:
        return state.last_contact_next_due
    slots = planned_slots(
        start_on=state.start_on, cadence=state.cadence, recorded_on=state.recorded_on
    )
    if state.last_contact_on is None:  # nothing yet: the first slot, even if long past
        first = next(iter(slots), None)
        return first.due_on if first is not None else None
    passed_holder = False
    for slot in slots:
        if passed_holder:
            return slot.due_on
        if slot.due_on >= state.last_contact_on:
            if slot.opens_on is not None and state.last_contact_on < slot.opens_on:
                return slot.due_on  # too early to count for this slot
            passed_holder = True
    return None


# The first year, drawn on the placement page -----------------------------------------------


@dataclass(frozen=True)
class SlotStatus:
    slot: Slot
    status: str  # done, missed, due, overdue, planned, unrecorded

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    contacts: int

    @property
    def due_on(self) -> date:
        return self.slot.due_on

    @property
    def label(self) -> str:
        return self.slot.label


STATUS_LABELS = {
    "done": _("Done"),
    "missed": _("Missed"),
    "due": _("Due"),
    "overdue": _("Overdue"),
    "planned": _("Planned"),
    "unrecorded": _("Not recorded yet"),
}


def first_year(
    *,
    start_on: date,
    cadence: str,
    recorded_on: date | None,
    contact_days: Iterable[date],
    next_due: date | None,
    stops_on: date | None,
    today: date,
) -> list[SlotStatus]:
    """The planned slots of the first 12 months with what became of each. Slots after the
    plan stopped (declined, or the job ended) are left out."""
    days = sorted(contact_days)
    horizon = add_months(start_on, FIRST_YEAR_MONTHS)
    slots = planned_slots(start_on=start_on, cadence=cadence, recorded_on=recorded_on)
    result: list[SlotStatus] = []
    previous: date | None = None
    for slot in islice(slots, 200):
        if slot.due_on > horizon or (stops_on is not None and slot.due_on > stops_on):
            break
        opens = slot.opens_on if previous is None else previous + timedelta(days=1)
        count = sum(1 for day in days if (opens is None or day >= opens) and day <= slot.due_on)
        if count:
            status = "done"
        elif slot.due_on == next_due:
            status = "overdue" if slot.due_on < today else "due"
        elif recorded_on is not None and slot.due_on < recorded_on:
            status = "unrecorded"  # due before anyone recorded the job
        elif slot.due_on < today:
            status = "missed"
        else:
            status = "planned"
        result.append(SlotStatus(slot, status, count))
        previous = slot.due_on
    return result


@dataclass(frozen=True)
class TenureMark:
    key: str
    label: str
    on: date
    reached: bool


TENURE_LABELS = {"90_days": _("90 days"), "6_months": _("6 months"), "12_months": _("12 months")}


def tenure_days(*, start_on: date, ended_on: date | None, today: date) -> int:
    """Days in the job so far (or until it ended); 0 before the start."""
    end = min(ended_on, today) if ended_on is not None else today
    return max(0, (end - start_on).days)


def tenure_marks(*, start_on: date, ended_on: date | None, today: date) -> list[TenureMark]:
    last_day = min(ended_on, today) if ended_on is not None else today
    marks = []
    for key, months, days in TENURE_MARKS:
        on = add_months(start_on, months) if months else start_on + timedelta(days=days)
        marks.append(TenureMark(key, str(TENURE_LABELS[key]), on, last_day >= on))
    return marks
