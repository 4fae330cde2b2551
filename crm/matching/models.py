from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped


class TermKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    LICENCE = "licence", _("Licence or card")


class Term(OrganizationScoped):
    """One entry of the organisation's vocabulary of skills and licences.

    `key` is the Finnish-aware matching key (lower case, stemmed words) that free text is
    resolved against; `name` is the form shown to people.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=TermKind.choices)
    name = models.CharField(_("name"), max_length=120)
    key = models.CharField(max_length=120, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "key"], name="term_key_unique_per_org_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name
