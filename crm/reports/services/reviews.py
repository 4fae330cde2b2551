"""Fidelity reviews: drafts rated item by item, the total once all 25 are rated, the action plan.

A review is a draft until every item has a rating; then its total, mean and band exist. Every
write names the version it read (409 when stale), checks everything before saving anything,
and is audited.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.audit import record_access
from crm.accounts.models import Team, User
from crm.core.errors import EditConflict
from crm.reports.models import ITEM_COUNT, ActionPlanItem, FidelityRating, FidelityReview
from crm.reports.scale import ITEM_CODES
from crm.reports.services.scale import current_items

REVIEW_FIELDS = (
    "reviewed_on",
    "kind",
    "team",
    "reviewers",
    "period_start",
    "period_end",
    "summary",
)
INDICATOR_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def default_period(reviewed_on: date) -> tuple[date, date]:
    """The 6 months before the review: from the same day 6 months earlier to the day before."""
    return months_before(reviewed_on, INDICATOR_MONTHS), reviewed_on - timedelta(days=1)


def _check_ratings(ratings: Mapping[str, Any] | None, notes: Mapping[str, Any] | None) -> None:
    """Unknown item codes and ratings outside 1 to 5 are field errors (`ratings.S1`, …)."""
    errors: dict[str, str] = {}
    for code, value in (ratings or {}).items():
        if code not in ITEM_CODES:
            errors[f"ratings.{code}"] = _("Unknown item code: %(code)s") % {"code": code}
        elif value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5
        ):
            errors[f"ratings.{code}"] = _("Give a rating from 1 to 5.")
    for code, value in (notes or {}).items():
        if code not in ITEM_CODES:
            errors[f"notes.{code}"] = _("Unknown item code: %(code)s") % {"code": code}
        elif value is not None and not isinstance(value, str):
            errors[f"notes.{code}"] = _("Give the note as text.")
    if errors:
        raise ValidationError(errors)


def _organization_of(user: User) -> int:
    if user.organization_id is None:  # a platform superuser: no organisation to review
        raise ValidationError(_("Only users of an organisation can work with reviews."))
    return user.organization_id


def _check_team(team: Team | None, organization_id: int) -> None:
    if team is not None and team.organization_id != organization_id:
        raise ValidationError({"team": _("Choose a team of your organisation.")})


def _apply_ratings(
    review: FidelityReview,
    ratings: Mapping[str, int | None] | None,
    notes: Mapping[str, str | None] | None,
) -> list[str]:
    """Write the given ratings and notes; return the codes that changed."""
    rows = {row.code: row for row in review.ratings.all()}
    changed = []
    for code in ITEM_CODES:
        row = rows[code]
        before = (row.rating, row.note)
        if ratings is not None and code in ratings:
            row.rating = ratings[code]
        if notes is not None and code in notes:
            row.note = (notes[code] or "").strip()
        if (row.rating, row.note) != before:
            changed.append(code)
            row.save(update_fields=["rating", "note"])
    _refresh_total(review, rows.values())
    return changed


def _refresh_total(review: FidelityReview, rows: Any) -> None:
    rated = [row.rating for row in rows if row.rating is not None]
    review.rated_count = len(rated)
    review.total = sum(rated) if len(rated) == ITEM_COUNT else None


@transaction.atomic
def create_review(
    *,
    by: User,
    reviewed_on: date,
    kind: str,
    team: Team | None = None,
    reviewers: str = "",
    period_start: date | None = None,
    period_end: date | None = None,
    summary: str = "",
    ratings: Mapping[str, int | None] | None = None,
    notes: Mapping[str, str | None] | None = None,
) -> FidelityReview:
    """Start a review (a draft until all 25 items are rated), rated on the organisation's
    current item texts."""
    _check_ratings(ratings, notes)
    organization_id = _organization_of(by)
    _check_team(team, organization_id)
    default_start, default_end = default_period(reviewed_on)
    review = FidelityReview(
        organization_id=organization_id,
        reviewed_on=reviewed_on,
        kind=kind,
        team=team,
        reviewers=" ".join((reviewers or "").split()),
        period_start=period_start or default_start,
        period_end=period_end or default_end,
        summary=(summary or "").strip(),
        created_by=by,
    )
    review.full_clean(exclude=["organization", "created_by"])
    review.save()
    items = current_items(organization_id)
    FidelityRating.objects.bulk_create(
        FidelityRating(organization_id=review.organization_id, review=review, item=item, code=code)
        for code, item in sorted(items.items(), key=lambda pair: pair[1].position)
    )
    _apply_ratings(review, ratings, notes)
    review.save(update_fields=["total", "rated_count"])
    record_access(by, "crm.reports.review_created", review, _named(ratings, notes))
    return review


def _named(ratings: Mapping | None, notes: Mapping | None) -> list[str]:
    return [f"ratings.{code}" for code in ratings or {}] + [f"notes.{code}" for code in notes or {}]


def _check_version(review: FidelityReview, version: int | None) -> FidelityReview:
    current = FidelityReview.objects.select_for_update().get(pk=review.pk)
    if version is None or version != current.version:
        raise EditConflict(current_version=current.version)
    return current


@transaction.atomic
def update_review(
    *,
    review: FidelityReview,
    by: User,
    version: int | None,
    ratings: Mapping[str, int | None] | None = None,
    notes: Mapping[str, str | None] | None = None,
    **fields: Any,
) -> FidelityReview:
    """Change the review: only the ratings and notes given are changed (null clears one);
    a stale `version` is an EditConflict (409)."""
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Not updatable: {sorted(unknown)}")
    _check_ratings(ratings, notes)
    current = _check_version(review, version)
    if "team" in fields:
        _check_team(fields["team"], current.organization_id)
    if "reviewers" in fields:
        fields["reviewers"] = " ".join((fields["reviewers"] or "").split())
    if "summary" in fields:
        fields["summary"] = (fields["summary"] or "").strip()
    reviewed_on = fields.get("reviewed_on") or current.reviewed_on
    for name, default in zip(
        ("period_start", "period_end"), default_period(reviewed_on), strict=True
    ):
        if name in fields and fields[name] is None:
            fields[name] = default  # emptied: back to the 6 months before the review
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["organization", "created_by"])
    changed += [f"ratings.{code}" for code in _apply_ratings(current, ratings, notes)]
    if not changed:
        return current
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_access(by, "crm.reports.review_changed", current, changed)
    return current


def _check_action(
    review: FidelityReview, item_code: str, action: str, owner: str, due_on: date | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if item_code and item_code not in ITEM_CODES:
        errors["item_code"] = _("Unknown item code: %(code)s") % {"code": item_code}
    if not (action or "").strip():
        errors["action"] = _("Describe what will be done.")
    if not (owner or "").strip():
        errors["owner"] = _("Name who is responsible.")
    if due_on and review.reviewed_on and due_on < review.reviewed_on:
        errors["due_on"] = _("The due date cannot be before the review.")
    if errors:
        raise ValidationError(errors)
    return {
        "item_code": item_code or "",
        "action": action.strip(),
        "owner": " ".join(owner.split()),
        "due_on": due_on,
    }


@transaction.atomic
def add_action(
    *,
    review: FidelityReview,
    by: User,
    action: str,
    owner: str,
    item_code: str = "",
    due_on: date | None = None,
) -> ActionPlanItem:
    values = _check_action(review, item_code, action, owner, due_on)
    row = ActionPlanItem(organization_id=review.organization_id, review=review, **values)
    row.full_clean(exclude=["organization"])
    row.save()
    record_access(by, "crm.reports.action_added", review, [f"actions.{row.pk}"])
    return row


@transaction.atomic
def update_action(
    *,
    row: ActionPlanItem,
    by: User,
    action: str,
    owner: str,
    item_code: str = "",
    due_on: date | None = None,
    done_on: date | None = None,
) -> ActionPlanItem:
    values = _check_action(row.review, item_code, action, owner, due_on)
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    for name, value in {**values, "done_on": done_on}.items():
        setattr(row, name, value)
    row.full_clean(exclude=["organization", "review"])
    row.save()
    record_access(by, "crm.reports.action_changed", row.review, [f"actions.{row.pk}"])
    return row


@transaction.atomic
def delete_action(*, row: ActionPlanItem, by: User) -> None:
    review = row.review
    pk = row.pk
    row.delete()
    record_access(by, "crm.reports.action_deleted", review, [f"actions.{pk}"])
