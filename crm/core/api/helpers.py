"""Helpers every app's API shares: documented enum fields, field-level errors under the API's
names, records named in a body, municipalities as typed, FilterSet-checked query parameters and
typo-tolerant search of short lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Protocol, TypeVar, overload

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import FilterSet
from ninja import Field, Schema
from ninja.errors import ValidationError as SchemaValidationError

from crm.accounts.http import request_for
from crm.accounts.models import User
from crm.accounts.selectors import user_list
from crm.core import search
from crm.core.reference import resolve_municipality

Q_DESCRIPTION = "Typo-tolerant free-text search."


def enum_field(values: list[str], default: Any = ..., description: str | None = None) -> Any:
    """A slug field: the allowed values are documented in OpenAPI and checked by the model, so
    a wrong value gets the same translated, field-level message as in the UI."""
    return Field(default, description=description, json_schema_extra={"enum": list(values)})


def enum_list_field(values: list[str]) -> Any:
    """A repeatable query parameter of slugs (`?stage=met&stage=prospect`)."""
    return Field([], json_schema_extra={"items": {"type": "string", "enum": list(values)}})


@contextmanager
def api_field_names(**names: str) -> Iterator[None]:
    """Report model field errors under the API's names (`owner` → `owner_id`)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from None


def found(field: str, get: Any, **kwargs: Any) -> Any:
    """A record named in the body; unknown or another organisation's → 422 on that field."""
    try:
        return get(**kwargs)
    except Http404:
        raise ValidationError({field: _("Not found.")}) from None


def municipality_input(text: str | None, field: str = "municipality") -> str:
    """The stored Finnish name for what a person typed ("lappeenranta", "Villmanstrand")."""
    if not text or not text.strip():
        return ""
    name = resolve_municipality(text)
    if name is None:
        raise ValidationError(
            {field: _("%(value)s is not a Finnish municipality.") % {"value": text}}
        )
    return name


class MunicipalityQuery(Protocol):
    municipality: str | None


Query = TypeVar("Query", bound=MunicipalityQuery)


def typed_municipality(params: Query) -> Query:
    """A municipality filter as typed; one that does not resolve is left for the FilterSet to
    refuse."""
    if params.municipality:
        params.municipality = resolve_municipality(params.municipality) or params.municipality
    return params


@overload
def colleague(user: User, pk: int, field: str = ...) -> User: ...
@overload
def colleague(user: User, pk: None, field: str = ...) -> None: ...
@overload
def colleague(user: User, pk: int | None, field: str = ...) -> User | None: ...


def colleague(user: User, pk: int | None, field: str = "owner_id") -> User | None:
    """An active user of the caller's organisation named by id; anyone else → 422 on `field`."""
    if pk is None:
        return None
    found_user = user_list(user=user).filter(pk=pk).first()
    if found_user is None:
        raise ValidationError({field: _("Choose an active user of your organisation.")})
    return found_user


def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def query_filters(
    filterset_class: type[FilterSet], model: type[Model], user: User, params: Schema
) -> dict[str, Any]:
    """The query parameters as the shared FilterSet's data; a bad value is a 422, not ignored
    (the selectors apply the same FilterSet)."""
    data = {k: v for k, v in params.dict().items() if v is not None and v != []}
    form = filterset_class(data, model._default_manager.none(), request=request_for(user)).form
    if not form.is_valid():
        raise SchemaValidationError(
            [
                {"loc": ["query", field], "msg": message, "type": "value_error"}
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    return data


def fuzzy(qs: QuerySet, query: str, *fields: str) -> QuerySet:
    """Typo-tolerant search over a few text fields of a short list (one employer's rows)."""
    query = (query or "").strip()
    if not query:
        return qs
    rows = [
        (pk, search.normalize(" ".join(v or "" for v in values)))
        for pk, *values in qs.values_list("pk", *fields)
    ]
    return qs.filter(pk__in=search.rank(query, rows, limit=search.SEARCH_LIMIT))


class SearchQuery(Schema):
    q: str = Field("", description=Q_DESCRIPTION)
