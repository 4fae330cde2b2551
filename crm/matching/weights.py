"""How much each part of a match counts, with the reasoning a coach can check.

A match score is the weighted mean of the component scores (each 0-100) that *apply* to the
opening — an opening that names no skills is not scored on skills, so nobody is marked down for
what the employer did not ask — minus a penalty when the opening is something the person said
they want to avoid. The result is clipped to 0-100.

Defaults and why (IPS principles: zero exclusion, the person's preferences first):

- preferences 40 — IPS finds that jobs matching what the person wants last longer; the weight is
  chosen so that a person who wants this kind of work but lacks the skills ranks above a skilled
  person who wants something else, or who has not said (see the labelled cases in
  tests/matching/test_labelled_cases.py: "preference beats skills").
- skills 20 — required skills count double nice-to-have ones; skills can be learnt on the job
  and with the coach's support, so they count half of what preference does.
- licences 10 — a missing licence that can be obtained in a day or a short course (hygiene
  passport, occupational safety card, forklift card…) still earns most of the credit: it is a
  gap to plan for, not a reason to leave someone out. A missing licence that cannot be obtained
  quickly (a C driving licence) earns none.
- languages 10 — an opening that needs Swedish should bring Swedish speakers up, as
  Työmarkkinatori also deducts for a language mismatch.
- hours 10 — working hours the person can sustain matter a lot in IPS (many start part-time);
  each hour outside the person's range costs 5 points of this component.
- schedule 5 — shifts, evenings and weekends the person did not list; kept small because
  schedules are often negotiable at the employer (job tailoring).
- place 10 — same municipality > an acceptable municipality the person listed > same region >
  remote work for a person open to it.
- avoid_penalty 40 — subtracted from the total when the opening's occupation or skills are on
  the person's "avoid" list, so such openings sink to the bottom but are still shown (zero
  exclusion: the coach may know better, e.g. an old avoid entry).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

COMPONENTS = ("preferences", "skills", "licences", "languages", "hours", "schedule", "place")


@dataclass(frozen=True)
class Weights:
    preferences: float = 40.0
    skills: float = 20.0
    licences: float = 10.0
    languages: float = 10.0
    hours: float = 10.0
    schedule: float = 5.0
    place: float = 10.0
    avoid_penalty: float = 40.0
    # Part of the licence credit kept when an obtainable licence is missing (0-1).
    obtainable_credit: float = 0.7
    # Points of the hours component lost per hour outside the person's range.
    hours_step: float = 5.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 0:
                raise ValueError(f"weight {f.name} must not be negative")
        if self.obtainable_credit > 1:
            raise ValueError("obtainable_credit must be at most 1")
        if not any(getattr(self, name) for name in COMPONENTS):
            raise ValueError("at least one component needs a weight")

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_WEIGHTS = Weights()


# An organisation's own weights ---------------------------------------------------------------
# Stored in MatchWeights as whole numbers (what an admin types); the licence credit as a
# percentage. Ranking reads them with `load_weights` on every request (one primary-key-sized
# query), so a saved change is used by the very next ranking in every process.

FIELD_LIMITS: dict[str, int] = {
    "preferences": 100,
    "skills": 100,
    "licences": 100,
    "languages": 100,
    "hours": 100,
    "schedule": 100,
    "place": 100,
    "avoid_penalty": 100,
    "obtainable_credit_percent": 100,
    "hours_step": 25,
}
FIELDS = tuple(FIELD_LIMITS)


def stored_defaults() -> dict[str, int]:
    """DEFAULT_WEIGHTS as the whole numbers MatchWeights stores."""
    values = {name: round(getattr(DEFAULT_WEIGHTS, name)) for name in FIELDS if name in COMPONENTS}
    values["avoid_penalty"] = round(DEFAULT_WEIGHTS.avoid_penalty)
    values["obtainable_credit_percent"] = round(DEFAULT_WEIGHTS.obtainable_credit * 100)
    values["hours_step"] = round(DEFAULT_WEIGHTS.hours_step)
    return values


def from_stored(values: dict) -> Weights:
    """The Weights of stored whole numbers (a MatchWeights row's values)."""
    data = {name: float(values[name]) for name in FIELDS if name != "obtainable_credit_percent"}
    return Weights(**data, obtainable_credit=values["obtainable_credit_percent"] / 100)


def stored_values(row: Any) -> dict[str, int]:
    """A MatchWeights row's values, as stored."""
    return {name: getattr(row, name) for name in FIELDS}
