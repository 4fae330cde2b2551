"""Sane date ranges (crm/core/dates.py): the ranges themselves, and walks over every model
field, form field, filter and API input that takes a date — a new one without a range fails
here."""

from __future__ import annotations

import importlib
import pkgutil
import types
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, Union, get_args, get_origin

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from pydantic import BaseModel

import crm
from crm.api import api
from crm.core import dates

TODAY = date(2026, 6, 15)

# Set by the system, never typed: no range (the system writes "now").
SYSTEM_FIELDS = {
    "accounts.apitoken.expires_at",  # from `days`, bounded where the token is made
    "accounts.apitoken.revoked_at",
    "accounts.user.date_joined",  # Django's, shown read-only in the admin
    "accounts.user.last_login",
    "candidates.coachtransfer.at",
    "candidates.jobseeker.status_changed_at",
    "candidates.statuschange.at",
    "core.digestdelivery.day",
    "core.digestdelivery.sent_at",
    "employers.contactperson.archived_at",
    "employers.employer.archived_at",
    "employers.employer.stage_changed_at",
    "employers.followup.done_at",
    "employers.stagechange.changed_at",
    "matching.candidatefeatures.computed_at",
    "matching.candidatefeatures.profile_stamp",
    "matching.candidatefeatures.seeker_stamp",
    "matching.openingfeatures.computed_at",
    "matching.openingfeatures.employer_stamp",
    "matching.openingfeatures.opening_stamp",
    "matching.proposal.presented_at",
    "matching.proposalevent.at",
}


# The ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_range", "earliest", "latest"),
    [
        (dates.BIRTH, date(1900, 1, 1), TODAY),
        (dates.HISTORY, date(1900, 1, 1), date(2027, 12, 31)),
        (dates.PAST, date(2000, 1, 1), date(2027, 12, 31)),
        (dates.PLANNED, date(2000, 1, 1), date(2028, 12, 31)),
        (dates.EXPIRY, date(2000, 1, 1), date(2036, 12, 31)),
        (dates.QUERY, date(1900, 1, 1), date(2100, 12, 31)),
    ],
)
def test_each_range_includes_its_ends_and_nothing_beyond(date_range, earliest, latest):
    day = timedelta(days=1)

    assert date_range.bounds(TODAY) == (earliest, latest)
    assert date_range.contains(earliest, TODAY)
    assert date_range.contains(latest, TODAY)
    assert not date_range.contains(earliest - day, TODAY)
    assert not date_range.contains(latest + day, TODAY)
    assert not date_range.contains(date(1, 1, 1), TODAY)
    assert not date_range.contains(date(9999, 12, 31), TODAY)


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), False),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=-12))), False),
        (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=14))), False),
        (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))), False),
        (datetime(1, 1, 1), False),  # naive: Helsinki time
        (datetime(9999, 12, 31, 23, 59), False),
        (datetime(2000, 1, 1, tzinfo=timezone(timedelta(hours=14))), False),  # 31.12.1999 in FI
        (datetime(1999, 12, 31, 22, tzinfo=UTC), True),  # midnight in Helsinki
        (datetime(2000, 1, 1), True),
        (datetime(2027, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=14))), True),
        (datetime(2027, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))), False),
    ],
)
def test_a_time_is_judged_by_its_day_in_helsinki_without_overflowing(moment, inside):
    assert dates.PAST.contains(moment, TODAY) is inside


def test_an_out_of_range_value_is_a_translated_field_error():
    with translation.override("fi"), pytest.raises(ValidationError) as raised:
        dates.PAST.validator(date(1, 1, 1))
    with translation.override("sv"):
        swedish = dates.PAST.message()

    assert raised.value.code == "date_out_of_range"
    assert raised.value.messages[0].startswith("Anna päivämäärä väliltä 1.1.2000–")
    assert swedish.startswith("Ange ett datum mellan 2000-01-01 och ")


def test_the_validator_is_stable_in_migrations():
    path, args, kwargs = dates.PAST.validator.deconstruct()

    assert (path, args, kwargs) == ("crm.core.dates.DateRangeValidator", ("past",), {})
    assert dates.PAST.validator == dates.DateRangeValidator("past")


# Every input has a range ---------------------------------------------------------------------


def _model_date_fields() -> list[tuple[str, models.Field]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("crm.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField):  # DateTimeField too
                found.append((f"{model._meta.label_lower}.{field.name}", field))
    return found


def test_every_date_a_person_types_into_a_model_has_a_range():
    missing = [
        label
        for label, field in _model_date_fields()
        if dates.range_of(field) is None
        and label not in SYSTEM_FIELDS
        and field.editable
        and not (field.auto_now or field.auto_now_add)
    ]

    assert missing == [], "give these a dates.<RANGE>.validator or list them as SYSTEM_FIELDS"


def test_system_fields_are_still_there():
    labels = {label for label, _field in _model_date_fields()}

    assert labels >= SYSTEM_FIELDS


def _import_all_crm_modules() -> None:
    for module in pkgutil.walk_packages(crm.__path__, "crm."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return [c for c in found if c.__module__.startswith("crm.")]


def _model_label(form: type, name: str) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None)
    return f"{model._meta.label_lower}.{name}" if model else ""


def test_every_date_field_of_every_form_has_a_range():
    _import_all_crm_modules()
    missing = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _subclasses(forms.BaseForm)
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and dates.range_of(field) is None
        and _model_label(form, name) not in SYSTEM_FIELDS
    ]

    assert missing == []


def test_every_date_filter_has_a_range():
    _import_all_crm_modules()
    missing = [
        f"{filterset.__name__}.{name}"
        for filterset in _subclasses(django_filters.FilterSet)
        for name, filter_ in filterset.base_filters.items()
        if issubclass(filter_.field_class, forms.DateField | forms.DateTimeField)
        and dates.range_of(filter_.field) is None
    ]

    assert missing == []


def _ranged(metadata: list[Any]) -> bool:
    return any(hasattr(getattr(m, "func", None), "date_range") for m in metadata)


def _unranged_dates(annotation: Any, metadata: list[Any], path: str) -> list[str]:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _unranged_dates(base, [*metadata, *extra], path)
    if origin in (Union, types.UnionType, list, tuple, dict):
        return [m for arg in get_args(annotation) for m in _unranged_dates(arg, metadata, path)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _unranged_in_model(annotation, path)
    if annotation in (date, datetime) and not _ranged(metadata):
        return [path]
    return []


def _unranged_in_model(model: type[BaseModel], path: str) -> list[str]:
    return [
        missing
        for name, info in model.model_fields.items()
        for missing in _unranged_dates(info.annotation, list(info.metadata), f"{path}.{name}")
    ]


def test_every_date_the_api_accepts_has_a_range():
    inputs = [
        (f"{method} {path}", model)
        for _prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
        for model in operation.models
    ]
    missing = [m for where, model in inputs for m in _unranged_in_model(model, where)]

    assert len(inputs) > 40  # the walk found the endpoints
    assert missing == []
