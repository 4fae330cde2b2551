"""The follow-along plan as dates (crm/placements/schedule.py), worked out by hand."""

from __future__ import annotations

from datetime import date
from itertools import islice

from crm.placements.schedule import (
    PlanState,
    add_months,
    first_year,
    next_due_on,
    planned_slots,
    tenure_days,
    tenure_marks,
)

START = date(2026, 3, 2)  # a Monday
AHEAD = date(2026, 2, 20)  # recorded 10 days before the start
LATE = date(2026, 3, 2)  # recorded on the start day


def dues(cadence: str, recorded_on: date | None = AHEAD, n: int = 8) -> list[date]:
    slots = planned_slots(start_on=START, cadence=cadence, recorded_on=recorded_on)
    return [slot.due_on for slot in islice(slots, n)]


def state(**kwargs) -> PlanState:
    return PlanState(**{"start_on": START, "cadence": "ips_default", "recorded_on": AHEAD} | kwargs)


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_the_ips_default_when_the_job_is_recorded_ahead():
    # Before the start (within 7 days), within 3 days after, weekly for 4 weeks, then monthly.
    assert dues("ips_default") == [
        date(2026, 3, 1),
        date(2026, 3, 5),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
        date(2026, 3, 30),
        date(2026, 5, 2),
        date(2026, 6, 2),
    ]


def test_no_contact_before_the_start_when_the_job_is_recorded_on_or_after_it():
    assert dues("ips_default", recorded_on=LATE, n=2) == [date(2026, 3, 5), date(2026, 3, 9)]


def test_support_is_time_unlimited_monthly_after_the_first_year():
    slots = list(islice(planned_slots(start_on=START, cadence="ips_default", recorded_on=LATE), 28))
    assert slots[-1].due_on == date(2028, 3, 2)  # month 24: still planned
    assert [s.due_on for s in slots[15:17]] == [date(2027, 3, 2), date(2027, 4, 2)]


def test_other_cadences():
    assert dues("weekly", LATE, 4) == [
        date(2026, 3, 5),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
    ]
    assert dues("biweekly", LATE, 3) == [date(2026, 3, 5), date(2026, 3, 16), date(2026, 3, 30)]
    assert dues("monthly", LATE, 3) == [date(2026, 3, 5), date(2026, 4, 2), date(2026, 5, 2)]
    assert dues("on_request") == []


def test_the_first_contact_is_due_before_the_start_when_recorded_ahead():
    assert next_due_on(state()) == date(2026, 3, 1)


def test_a_contact_in_a_slot_makes_the_next_slot_due():
    assert next_due_on(state(last_contact_on=date(2026, 2, 27))) == date(2026, 3, 5)
    assert next_due_on(state(last_contact_on=date(2026, 3, 4))) == date(2026, 3, 9)
    assert next_due_on(state(last_contact_on=date(2026, 3, 30))) == date(2026, 5, 2)


def test_a_contact_long_before_the_start_does_not_count_for_the_slot_before_it():
    assert next_due_on(state(last_contact_on=date(2026, 2, 10))) == date(2026, 3, 1)


def test_a_late_contact_moves_on_to_the_slot_after_it_not_back_to_the_missed_ones():
    # Missed week 1 and 2; a contact in week 3's window makes week 4 due.
    assert next_due_on(state(last_contact_on=date(2026, 3, 20))) == date(2026, 3, 30)


def test_a_job_recorded_late_without_contacts_is_due_since_three_days_after_the_start():
    late = state(recorded_on=date(2026, 3, 12))
    assert next_due_on(late) == date(2026, 3, 5)


def test_the_date_typed_on_the_latest_contact_wins():
    typed = state(last_contact_on=date(2026, 3, 4), last_contact_next_due=date(2026, 3, 6))
    assert next_due_on(typed) == date(2026, 3, 6)


def test_on_request_plans_nothing_unless_a_date_was_typed():
    assert next_due_on(state(cadence="on_request")) is None
    typed = state(
        cadence="on_request",
        last_contact_on=date(2026, 4, 1),
        last_contact_next_due=date(2026, 6, 1),
    )
    assert next_due_on(typed) == date(2026, 6, 1)


def test_declining_stops_support():
    assert next_due_on(state(declined_on=date(2026, 4, 1))) is None


def test_after_a_job_ends_a_contact_is_due_within_three_days_then_nothing():
    ended = state(ended_on=date(2026, 6, 10), last_contact_on=date(2026, 6, 2))
    assert next_due_on(ended) == date(2026, 6, 13)
    contacted = state(ended_on=date(2026, 6, 10), last_contact_on=date(2026, 6, 11))
    assert next_due_on(contacted) is None


def test_the_first_year_marks_each_slot():
    slots = first_year(
        start_on=START,
        cadence="ips_default",
        recorded_on=AHEAD,
        contact_days=[date(2026, 2, 27), date(2026, 3, 4), date(2026, 3, 20)],
        next_due=date(2026, 3, 30),
        stops_on=None,
        today=date(2026, 3, 25),
    )
    assert [(s.due_on, s.status) for s in slots[:7]] == [
        (date(2026, 3, 1), "done"),
        (date(2026, 3, 5), "done"),
        (date(2026, 3, 9), "missed"),
        (date(2026, 3, 16), "missed"),
        (date(2026, 3, 23), "done"),
        (date(2026, 3, 30), "due"),
        (date(2026, 5, 2), "planned"),
    ]
    assert slots[-1].due_on == date(2027, 3, 2)  # twelve months
    assert len(slots) == 6 + 11


def test_the_first_year_shows_an_overdue_slot_and_the_ones_before_the_recording():
    slots = first_year(
        start_on=START,
        cadence="ips_default",
        recorded_on=date(2026, 3, 12),
        contact_days=[],
        next_due=date(2026, 3, 5),
        stops_on=None,
        today=date(2026, 3, 20),
    )
    assert [s.status for s in slots[:4]] == ["overdue", "unrecorded", "missed", "planned"]


def test_the_first_year_stops_when_support_stops():
    slots = first_year(
        start_on=START,
        cadence="ips_default",
        recorded_on=LATE,
        contact_days=[],
        next_due=None,
        stops_on=date(2026, 3, 20),
        today=date(2026, 3, 25),
    )
    assert [s.due_on for s in slots] == [date(2026, 3, 5), date(2026, 3, 9), date(2026, 3, 16)]


def test_tenure_counts_days_until_today_or_the_end():
    assert tenure_days(start_on=START, ended_on=None, today=date(2026, 6, 1)) == 91
    assert tenure_days(start_on=START, ended_on=date(2026, 4, 1), today=date(2026, 6, 1)) == 30
    assert tenure_days(start_on=START, ended_on=None, today=date(2026, 2, 1)) == 0
    marks = tenure_marks(start_on=START, ended_on=None, today=date(2026, 6, 1))
    assert [(m.key, m.on, m.reached) for m in marks] == [
        ("90_days", date(2026, 5, 31), True),
        ("6_months", date(2026, 9, 2), False),
        ("12_months", date(2027, 3, 2), False),
    ]
