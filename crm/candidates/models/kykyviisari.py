"""Kykyviisari (TTL's work-ability self-assessment): form versions and results, scores only."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.models.records import JobSeeker
from crm.core import dates


class KykyviisariPhase(models.TextChoices):
    START = "start", _("Start")
    MIDDLE = "middle", _("Middle")
    END = "end", _("End")
    OTHER = "other", _("Other")


class KykyviisariForm(models.Model):
    """A version of TTL's Kykyviisari form and the range of its domain scores.

    Seeded data an administrator can correct: the ranges of the five domain scores depend on
    the form version, so every result is stored with the version it was filled in on.
    """

    version = models.CharField(_("form version"), max_length=30, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    domain_min = models.DecimalField(_("domain score minimum"), max_digits=5, decimal_places=1)
    domain_max = models.DecimalField(_("domain score maximum"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["version"]
        verbose_name = _("Kykyviisari form version")
        verbose_name_plural = _("Kykyviisari form versions")

    def __str__(self) -> str:
        return self.version


KYKYVIISARI_DOMAINS = ("inclusion", "mind", "everyday_life", "skills", "body")
KYKYVIISARI_SCORES = (
    "work_ability",
    "functioning",
    "life_satisfaction",
    "self_rated_health",
    *KYKYVIISARI_DOMAINS,
)
_score = {"max_digits": 4, "decimal_places": 1}


class KykyviisariResult(OrganizationScoped):
    """One filled-in Kykyviisari: the scores only (the questionnaire text is TTL's)."""

    job_seeker = models.ForeignKey(
        JobSeeker, on_delete=models.CASCADE, related_name="kykyviisari_results"
    )
    assessed_on = models.DateField(_("date"), validators=[dates.PAST.validator])
    phase = models.CharField(_("phase"), max_length=10, choices=KykyviisariPhase.choices)
    form = models.ForeignKey(
        KykyviisariForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form version")
    )
    work_ability = models.DecimalField(
        _("work ability (0–10)"),
        **_score,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    functioning = models.DecimalField(
        _("functioning (0–10)"), **_score, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    life_satisfaction = models.DecimalField(
        _("life satisfaction (1–5)"),
        **_score,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    self_rated_health = models.DecimalField(
        _("self-rated health (1–5)"),
        **_score,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    inclusion = models.DecimalField(_("inclusion"), max_digits=5, decimal_places=1)
    mind = models.DecimalField(_("mind"), max_digits=5, decimal_places=1)
    everyday_life = models.DecimalField(_("everyday life"), max_digits=5, decimal_places=1)
    skills = models.DecimalField(_("skills"), max_digits=5, decimal_places=1)
    body = models.DecimalField(_("body"), max_digits=5, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("Kykyviisari result")
        verbose_name_plural = _("Kykyviisari results")

    def __str__(self) -> str:
        return f"Kykyviisari {self.assessed_on:%d.%m.%Y}"

    def clean(self) -> None:
        if not self.form_id:
            return
        low, high = self.form.domain_min, self.form.domain_max
        errors = {
            name: _("Must be between %(low)s and %(high)s on form %(version)s.")
            % {"low": low, "high": high, "version": self.form.version}
            for name in KYKYVIISARI_DOMAINS
            if getattr(self, name) is not None and not low <= getattr(self, name) <= high
        }
        if errors:
            raise ValidationError(errors)
