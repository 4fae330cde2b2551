"""The employers API router and what only its modules share: search by employer name."""

from django.db.models import Q, QuerySet
from ninja import Router

from crm.accounts.models import User
from crm.core import search
from crm.employers.models import Employer

router = Router(tags=["employers"])


def by_employer_name(
    qs: QuerySet, user: User, query: str, *text_fields: str, text_where: Q | None = None
) -> QuerySet:
    """Search rows by their employer's name (typo-tolerant, as the employer list) or by words in
    their own text fields — of the rows matching `text_where` only, when given (texts the user
    may not read never match); scales with the number of employers, not of rows."""
    query = (query or "").strip()
    if not query:
        return qs
    keys = Employer.objects.for_user(user).values_list("pk", "search_key")
    employer_ids = search.rank(query, keys, limit=search.SEARCH_LIMIT)
    match = Q(employer_id__in=employer_ids)
    if text_fields:
        in_text = Q()
        for field in text_fields:
            in_text |= Q(**{f"{field}__icontains": query})
        match |= in_text & text_where if text_where is not None else in_text
    return qs.filter(match)
