"""The job seekers the contact log and follow-ups name, as employers sees them.

employers stores which people a contact was on behalf of and whom a follow-up is about, but the
rules of who may see or name a person belong to candidates, the app above: it implements
`PeoplePolicy` and registers it in CandidatesConfig.ready() with `register`, so employers never
imports candidates. The foreign keys name "candidates.JobSeeker" by string.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from crm.accounts.models import User


class PeoplePolicy(Protocol):
    def can_name(self, user: User) -> bool:
        """Whether the user's role may name people on contacts and follow-ups at all."""

    def only_coach_team_message(self) -> str:
        """The refusal when someone else tries to name a person."""

    def can_see(self, user: User, person: Any) -> bool:
        """Whether the user sees this person in full (the person's coach team)."""

    def people(self, user: User) -> QuerySet:
        """The people of the user's organisation (a name in a body is looked up here)."""

    def seen_in_full(self, user: User, pk: int) -> Model | None:
        """The person with this id if the user sees them in full, else None (whether or not
        they exist)."""

    def nameable(self, user: User, include: int | None = None) -> QuerySet:
        """Whom the user may name on a new contact (with `include`, from that person's page)."""

    def named_queryset(self) -> QuerySet:
        """How to prefetch the people named on contacts: what `can_see` and a name need."""

    def seen_in_full_q(self, user: User, field: str) -> Q:
        """Rows whose person (through `field`) the user sees in full."""

    def hidden_details_q(self, user: User) -> Q:
        """Contacts whose texts the user may not read: they name someone outside the user's
        coach team (for roles without sensitive data, anyone at all)."""

    def naming_error(
        self, *, by: User, organization_id: int, people: list[Any], on: date, purpose: str
    ) -> str:
        """Why these people cannot be named on a contact of `purpose` on `on` ("" when they
        can): another organisation, not the coach team, erased, exited, not yet referred,
        or presenting without their valid consent to the disclosure."""


_policy: list[PeoplePolicy] = []


def register(policy: PeoplePolicy) -> None:
    _policy[:] = [policy]


def policy() -> PeoplePolicy:
    if not _policy:
        raise ImproperlyConfigured("No people policy is registered (is crm.candidates installed?)")
    return _policy[0]
