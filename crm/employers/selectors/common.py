"""What the employer selectors share: filtering through a FilterSet, ids from a query string."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from django.db.models import (
    QuerySet,
)

from crm.accounts.models import User
from crm.core import search

SEARCH_LIMIT = search.SEARCH_LIMIT


MAX_ID = 2**63 - 1


def filtered(filterset_class: type, data: Mapping | None, qs: QuerySet, user: User) -> QuerySet:
    filterset = filterset_class(data or {}, qs, request=SimpleNamespace(user=user))
    filterset.form.is_valid()
    return filterset.qs


def parse_id(value: Any) -> int | None:
    """An id from a query string: None when it is not a number (ignored, as an unknown filter);
    0, which matches nothing, when the database could not even hold it."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else 0
