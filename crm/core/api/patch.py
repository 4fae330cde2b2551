"""PATCH bodies: a field left out keeps its value; `null` only where it means "none".

`name: str | None = None` lets a client leave `name` out, but it also let `{"name": null}`
through to a NOT NULL column (a 500). A PATCH schema inherits `PatchSchema` and lists in
`nullable` the fields where null has a meaning (no owner, no start date); anywhere else null is
a field-level 422 with Django's own translated "This field cannot be null."
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from ninja import Schema
from pydantic import ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError


class PatchSchema(Schema):
    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _refuse_nulls(cls, data: Any) -> Any:
        body = getattr(data, "_obj", data)  # ninja wraps the body in a DjangoGetter
        if not isinstance(body, dict):
            return data
        refused = [
            name
            for name, value in body.items()
            if value is None and name in cls.model_fields and name not in cls.nullable
        ]
        if refused:
            message = str(models.Field.default_error_messages["null"])
            errors = [
                InitErrorDetails(
                    type=PydanticCustomError("null_not_allowed", message),
                    loc=(name,),
                    input=None,
                )
                for name in refused
            ]
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return data
