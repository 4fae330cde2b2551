"""Shared pieces of the employers API: the router, enum helpers and input resolution."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError as SchemaValidationError

from crm.accounts.models import User
from crm.accounts.selectors import user_list
from crm.employers import search, selectors
from crm.employers.models import (
    Employer,
)
from crm.employers.reference import resolve_municipality

router = Router(tags=["employers"])

Q_DESCRIPTION = "Typo-tolerant free-text search."


def _enum(values: list[str], default: Any = ..., description: str | None = None) -> Any:
    """A slug field: the allowed values are documented in OpenAPI and checked by the model, so
    a wrong value gets the same translated, field-level message as in the UI."""
    return Field(default, description=description, json_schema_extra={"enum": list(values)})


def _enum_list(values: list[str]) -> Any:
    """A repeatable query parameter of slugs (`?stage=met&stage=prospect`)."""
    return Field([], json_schema_extra={"items": {"type": "string", "enum": list(values)}})


# Helpers ------------------------------------------------------------------------------------


@contextmanager
def _api_field_names(**names: str) -> Iterator[None]:
    """Report model field errors under the API's names (`owner` → `owner_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from None


def _found(field: str, get: Any, **kwargs: Any) -> Any:
    """A record named in the body; unknown or another organisation's → 422 on that field."""
    try:
        return get(**kwargs)
    except Http404:
        raise ValidationError({field: _("Not found.")}) from None


def _municipality(text: str | None, field: str = "municipality") -> str:
    """The stored Finnish name for what a person typed ("lappeenranta", "Villmanstrand")."""
    if not text or not text.strip():
        return ""
    name = resolve_municipality(text)
    if name is None:
        raise ValidationError(
            {field: _("%(value)s is not a Finnish municipality.") % {"value": text}}
        )
    return name


def _typed_municipality(params: Schema) -> Schema:
    """A municipality filter as typed; one that does not resolve is left for the FilterSet to
    refuse."""
    if params.municipality:
        params.municipality = resolve_municipality(params.municipality) or params.municipality
    return params


def _colleague(user: User, pk: int | None, field: str = "owner_id") -> User | None:
    if pk is None:
        return None
    colleague = user_list(user=user).filter(pk=pk).first()
    if colleague is None:
        raise ValidationError({field: _("Choose an active user of your organisation.")})
    return colleague


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _filters(filterset_class: type, model: type, user: User, params: Schema) -> dict[str, Any]:
    """The query parameters as the shared FilterSet's data; a bad value is a 422, not ignored
    (the selectors apply the same FilterSet)."""
    data = {k: v for k, v in params.dict().items() if v is not None and v != []}
    form = filterset_class(data, model.objects.none(), request=SimpleNamespace(user=user)).form
    if not form.is_valid():
        raise SchemaValidationError(
            [
                {"loc": ["query", field], "msg": message, "type": "value_error"}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    return data


def _by_employer_name(
    qs: QuerySet, user: User, query: str, *text_fields: str, text_where: Q | None = None
) -> QuerySet:
    """Search rows by their employer's name (typo-tolerant, as the employer list) or by words in
    their own text fields — of the rows matching `text_where` only, when given (texts the user
    may not read never match); scales with the number of employers, not of rows."""
    query = (query or "").strip()
    if not query:
        return qs
    keys = Employer.objects.for_user(user).values_list("pk", "search_key")
    employer_ids = search.rank(query, keys, limit=selectors.SEARCH_LIMIT)
    match = Q(employer_id__in=employer_ids)
    if text_fields:
        in_text = Q()
        for field in text_fields:
            in_text |= Q(**{f"{field}__icontains": query})
        match |= in_text & text_where if text_where is not None else in_text
    return qs.filter(match)


def _fuzzy(qs: QuerySet, query: str, *fields: str) -> QuerySet:
    """Typo-tolerant search over a few text fields of a short list (one employer's rows)."""
    query = (query or "").strip()
    if not query:
        return qs
    rows = [
        (pk, search.normalize(" ".join(v or "" for v in values)))
        for pk, *values in qs.values_list("pk", *fields)
    ]
    return qs.filter(pk__in=search.rank(query, rows, limit=selectors.SEARCH_LIMIT))


class SearchQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION)
