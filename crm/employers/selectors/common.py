"""What the employer selectors share: filtering through a FilterSet, ids from a query string."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import QueryDict
from django_filters import FilterSet

from crm.accounts.http import request_for
from crm.accounts.models import User
from crm.core import search

SEARCH_LIMIT = search.SEARCH_LIMIT


MAX_ID = 2**63 - 1


Row = TypeVar("Row", bound=Model)
# A page's query string or the API's checked query parameters.
FilterData = QueryDict | dict[str, Any]


def filtered(
    filterset_class: type[FilterSet], data: FilterData | None, qs: QuerySet[Row], user: User
) -> QuerySet[Row]:
    filterset = filterset_class(data or {}, qs, request=request_for(user))
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
