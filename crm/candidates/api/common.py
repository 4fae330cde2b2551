"""The job seekers' API router, shared by the modules of this package, and the helpers they
share: fetching a person at an access level, access names, and paging of short lists."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from crm.accounts.http import CrmRequest
from crm.accounts.permissions import require
from crm.candidates import selectors
from crm.candidates.access import Access, access_level
from crm.candidates.models import JobSeeker
from crm.core import search
from crm.core.api.helpers import Q_DESCRIPTION
from crm.core.api.pagination import MAX_OFFSET

router = Router(tags=["candidates"])

ACCESS_NAMES = {
    Access.NONE: "none",
    Access.BASIC: "basic",
    Access.RECORD: "record",
    Access.FULL: "full",
}
ACCESS_DESCRIPTION = (
    "How much of the person you may see: 'basic' (name, coach and status only), 'record' "
    "(the record, no sensitive data) or 'full' (the person's own coach team)."
)
PAGE_DEFAULT, PAGE_MAX = 50, 500


def access_name(request: CrmRequest, seeker: JobSeeker) -> str:
    return ACCESS_NAMES[access_level(request.user, seeker)]


def seeker_for(request: CrmRequest, pk: int, level: Access = Access.BASIC) -> JobSeeker:
    """The person, or 404 outside the organisation and 403 (with the reason) below `level`."""
    return selectors.job_seeker_get(user=request.user, pk=pk, level=level)


def seeker_to_change(request: CrmRequest, pk: int) -> JobSeeker:
    """The person for a write: the coach team only (and a role that may change records)."""
    seeker = seeker_for(request, pk, Access.FULL)
    require(request.user, "candidates.change_jobseeker")
    return seeker


def refuse_nul(data: Any, loc: str = "") -> None:
    """PostgreSQL cannot store NUL characters: refuse them per field (422) as Django's forms do,
    instead of failing at the database (500)."""
    errors: dict[str, str] = {}

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str) and "\x00" in value:
            errors[where] = _("Null characters are not allowed.")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}" if where else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}.{index}")

    walk(data, loc)
    if errors:
        raise ValidationError(errors)


class PageQuery(Schema):
    """`?q=&limit=&offset=` for the short lists that are built in memory (a timeline)."""

    q: str = Field("", description=Q_DESCRIPTION)
    limit: int = Field(PAGE_DEFAULT, ge=1, le=PAGE_MAX)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(items: Sequence[Any], params: PageQuery, text: Callable[[Any], str]) -> dict[str, Any]:
    """`{"items": [...], "count": N}` of an in-memory list, searched typo-tolerantly by the
    text `text(item)` gives."""
    if params.q.strip():
        rows = [(index, search.normalize(text(item))) for index, item in enumerate(items)]
        items = [items[index] for index in sorted(search.rank(params.q, rows))]
    return {
        "items": list(items[params.offset : params.offset + params.limit]),
        "count": len(items),
    }
