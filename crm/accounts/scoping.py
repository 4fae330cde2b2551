"""Organisation scoping: the one place that decides which rows a user may see.

Every model that carries personal or business data inherits `OrganizationScoped`; its default
manager offers `for_user(user)`, which every selector starts from. A test walks all models and
fails when one that is not explicitly exempted lacks this base.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class OrganizationQuerySet(models.QuerySet[M]):
    def for_user(self, user: Any) -> OrganizationQuerySet[M]:
        """Rows of the user's own organisation; nothing for anonymous or unattached users."""
        org_id = getattr(user, "organization_id", None)
        if not getattr(user, "is_authenticated", False) or org_id is None:
            return self.none()
        return self.filter(organization_id=org_id)

    def for_organization(self, organization_id: int) -> OrganizationQuerySet[M]:
        return self.filter(organization_id=organization_id)


OrganizationManager = models.Manager.from_queryset(OrganizationQuerySet)


class OrganizationScoped(models.Model):
    """Abstract base for every model holding personal or business data."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )

    objects = OrganizationManager()

    class Meta:
        abstract = True

    def check_same_organization(self, **related: models.Model | None) -> None:
        """Raise a field-level error when a related row belongs to another organisation."""
        errors = {
            field: _("Must belong to the same organisation.")
            for field, obj in related.items()
            if obj is not None and getattr(obj, "organization_id", None) != self.organization_id
        }
        if errors:
            raise ValidationError(errors)
