"""The career profile (IPS vocational profile) and the work history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.models.records import JobSeeker
from crm.core import dates, texts
from crm.core.choices import Schedule
from crm.core.models import Versioned
from crm.core.reference import INDUSTRY_CHOICES
from crm.core.validators import validate_municipality


class Disclosure(models.TextChoices):
    DISCLOSE = "disclose", _("Disclose")
    DO_NOT_DISCLOSE = "do_not_disclose", _("Do not disclose")
    DECIDE_PER_EMPLOYER = "decide_per_employer", _("Decide per employer")


# The preference fields of a career profile: matching starts from them (IPS principle 4).
PREFERENCE_FIELDS = (
    "occupations",
    "industries",
    "hours_min",
    "hours_max",
    "schedules",
    "municipalities",
    "remote",
    "avoid",
)


class CareerProfile(OrganizationScoped, Versioned):
    """The IPS vocational profile: what the person has done, can do and wants."""

    job_seeker = models.OneToOneField(JobSeeker, on_delete=models.CASCADE, related_name="profile")
    education = models.TextField(_("education"), blank=True, validators=[texts.LIMIT])
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    skills = models.ManyToManyField(
        "matching.Term", blank=True, related_name="skilled_profiles", verbose_name=_("skills")
    )
    licences = models.ManyToManyField(
        "matching.Term", blank=True, related_name="licensed_profiles", verbose_name=_("licences")
    )
    # Preferences: matching starts from what the person wants (IPS principle 4).
    occupations = models.JSONField(_("wanted occupations and job types"), default=list, blank=True)
    industries = models.JSONField(_("wanted industries"), default=list, blank=True)
    hours_min = models.PositiveSmallIntegerField(
        _("hours per week, at least"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    hours_max = models.PositiveSmallIntegerField(
        _("hours per week, at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    schedules = models.JSONField(_("acceptable schedules"), default=list, blank=True)
    municipalities = models.JSONField(_("acceptable municipalities"), default=list, blank=True)
    remote = models.BooleanField(_("open to remote work"), default=False)
    avoid = models.JSONField(_("things to avoid"), default=list, blank=True)
    disclosure = models.CharField(
        _("disclosure"),
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.DECIDE_PER_EMPLOYER,
    )
    disclosure_notes = models.TextField(
        _("what may be told to an employer"), blank=True, validators=[texts.LIMIT]
    )
    # Sensitive section (GDPR art. 9): the coach team only; every read and change audited.
    accommodation_needs = models.TextField(
        _("accommodation needs"), blank=True, validators=[texts.LIMIT]
    )
    health_restrictions = models.TextField(
        _("work-relevant health restrictions"), blank=True, validators=[texts.LIMIT]
    )
    completed_on = models.DateField(
        _("profile completed on"), null=True, blank=True, validators=[dates.PAST.validator]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    SENSITIVE_FIELDS = ("accommodation_needs", "health_restrictions")

    class Meta:
        verbose_name = _("career profile")
        verbose_name_plural = _("career profiles")
        indexes = [
            models.Index(fields=["organization", "updated_at"], name="profile_org_updated_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_min__isnull=True)
                | models.Q(hours_max__isnull=True)
                | models.Q(hours_min__lte=models.F("hours_max")),
                name="profile_hours_min_lte_max",
            )
        ]

    def __str__(self) -> str:
        return str(self.job_seeker)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.hours_min and self.hours_max and self.hours_min > self.hours_max:
            errors["hours_max"] = _("The most hours cannot be fewer than the least hours.")
        bad = [s for s in self.schedules or [] if s not in Schedule.values]
        if bad:
            errors["schedules"] = _("Unknown schedule: %(values)s") % {"values": ", ".join(bad)}
        sections = {code for code, _name in INDUSTRY_CHOICES}
        bad = [s for s in self.industries or [] if s not in sections]
        if bad:
            errors["industries"] = _("Unknown industry: %(values)s") % {"values": ", ".join(bad)}
        for name in self.municipalities or []:
            try:
                validate_municipality(name)
            except ValidationError:
                errors["municipalities"] = _("Unknown municipality: %(name)s") % {"name": name}
        if errors:
            raise ValidationError(errors)


class WorkHistoryEntry(OrganizationScoped):
    """A past job or work trial, with what went well and what did not (IPS learns from each)."""

    profile = models.ForeignKey(
        CareerProfile, on_delete=models.CASCADE, related_name="work_history"
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    started_on = models.DateField(
        _("started"), null=True, blank=True, validators=[dates.HISTORY.validator]
    )
    ended_on = models.DateField(
        _("ended"), null=True, blank=True, validators=[dates.HISTORY.validator]
    )
    went_well = models.TextField(_("what went well"), blank=True, validators=[texts.LIMIT])
    went_badly = models.TextField(_("what did not go well"), blank=True, validators=[texts.LIMIT])

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history")

    def __str__(self) -> str:
        return f"{self.role}, {self.employer_name}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end cannot be before the start.")})
