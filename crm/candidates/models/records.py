"""The job seeker's record: who they are, where they are in the IPS service, their coach."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.validators import birth_date_from_henkilotunnus, validate_henkilotunnus
from crm.core import dates
from crm.core.models import Versioned
from crm.core.reference import LANGUAGE_CHOICES
from crm.core.validators import validate_municipality

IPS_CASELOAD_LIMIT = 20
DAYS_TO_FIRST_EMPLOYER_CONTACT_TARGET = 30


class Status(models.TextChoices):
    REFERRED = "referred", _("Referred")
    PROFILING = "profiling", _("Career profiling")
    JOB_SEARCH = "job_search", _("Job search")
    WORKING = "working", _("Working")
    FOLLOW_ALONG = "follow_along", _("Follow-along support")
    PAUSED = "paused", _("Paused")
    EXITED = "exited", _("Exited")


# Counted against the IPS caseload limit (FIDELITY.md, S1): everyone not paused or exited.
ACTIVE_STATUSES = [
    Status.REFERRED,
    Status.PROFILING,
    Status.JOB_SEARCH,
    Status.WORKING,
    Status.FOLLOW_ALONG,
]


class ReferralSource(models.TextChoices):
    EMPLOYMENT_SERVICES = "employment_services", _("Public employment services")
    TYP = "typ", _("TYP (multi-sector joint service)")
    SOCIAL_SERVICES = "social_services", _("Social services")
    HEALTH_SERVICES = "health_services", _("Health or mental-health services")
    SELF = "self", _("Self-referral")
    OTHER = "other", _("Other")


class ExitReason(models.TextChoices):
    EMPLOYED = "employed", _("Employed, no longer wants support")
    EDUCATION = "education", _("Started education")
    OTHER_SERVICE = "other_service", _("Moved to another service")
    NOT_INTERESTED = "not_interested", _("No longer wants to work")
    NO_CONTACT = "no_contact", _("Could not be reached")
    MOVED = "moved", _("Moved away")
    HEALTH = "health", _("Health reasons")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class JobSeeker(OrganizationScoped, Versioned):
    """A person on a coach's caseload (asiakas, työnhakija)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[dates.BIRTH.validator]
    )
    henkilotunnus = models.CharField(
        _("personal identity code"),
        max_length=11,
        blank=True,
        validators=[validate_henkilotunnus],
        help_text=_("Optional. Only if a process really needs it; shown masked."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=60, blank=True, validators=[validate_municipality]
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    referral_source = models.CharField(
        _("referral source"), max_length=25, choices=ReferralSource.choices
    )
    referred_on = models.DateField(_("referred on"), validators=[dates.PAST.validator])
    intake_on = models.DateField(
        _("intake on"), null=True, blank=True, validators=[dates.PAST.validator]
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("coach"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_seekers",
        verbose_name=_("coach team"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.REFERRED
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    exited_on = models.DateField(
        _("exited on"), null=True, blank=True, validators=[dates.PAST.validator]
    )
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=ExitReason.choices, blank=True
    )
    search_key = models.CharField(max_length=250, blank=True, editable=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["search_key", "updated_at"])

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        permissions = [
            ("view_jobseeker_record", _("Can read job seeker records of the organisation")),
            ("view_sensitive_data", _("Can view health and accommodation data")),
            ("export_jobseeker", _("Can export a person's data")),
            ("erase_jobseeker", _("Can erase a person's data")),
            ("transfer_jobseeker", _("Can transfer job seekers between coaches")),
            ("view_jobseeker_audit", _("Can review a person's audit log")),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="seeker_org_status_idx"),
            models.Index(fields=["coach", "status"], name="seeker_coach_status_idx"),
            models.Index(fields=["organization", "last_name"], name="seeker_org_name_idx"),
            # The match index finds rows changed since it last looked (crm/matching/index.py).
            models.Index(fields=["organization", "updated_at"], name="seeker_org_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="exited") | ~models.Q(exit_reason=""),
                name="seeker_exit_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def masked_henkilotunnus(self) -> str:
        """DDMMYY-**** style: enough to recognise, not enough to use."""
        hetu = self.henkilotunnus
        return f"{hetu[:7]}****" if hetu else ""

    def clean(self) -> None:
        errors: dict[str, str] = {}
        codes = {code for code, _name in LANGUAGE_CHOICES}
        unknown = [lang for lang in self.languages or [] if lang not in codes]
        if unknown:
            errors["languages"] = _("Unknown language code: %(codes)s") % {
                "codes": ", ".join(unknown)
            }
        errors |= self._future_dates()
        if self.intake_on and self.referred_on and self.intake_on < self.referred_on:
            errors.setdefault("intake_on", _("The intake cannot be before the referral."))
        if self.status == Status.EXITED and not self.exit_reason:
            errors["exit_reason"] = _("Give the reason for the exit.")
        if self.status == Status.EXITED and not self.exited_on:
            errors["exited_on"] = _("Give the date of the exit.")
        if self.exited_on and self.referred_on and self.exited_on < self.referred_on:
            errors.setdefault("exited_on", _("The exit cannot be before the referral."))
        if self.birth_date and "birth_date" not in errors:
            born = birth_date_from_henkilotunnus(self.henkilotunnus or "")
            if born and born != self.birth_date:
                errors["birth_date"] = _(
                    "The date of birth does not match the personal identity code (%(date)s)."
                ) % {"date": f"{born:%d.%m.%Y}"}
        if errors:
            raise ValidationError(errors)
        if self.coach_id:
            self.check_same_organization(coach=self.coach, team=self.team)

    def _future_dates(self) -> dict[str, str]:
        """Referral, intake, exit and birth happen today at the latest."""
        today = timezone.localdate()
        messages = {
            "birth_date": _("The date of birth cannot be in the future."),
            "referred_on": _("The referral date cannot be in the future."),
            "intake_on": _("The intake date cannot be in the future."),
            "exited_on": _("The exit date cannot be in the future."),
        }
        return {
            name: message
            for name, message in messages.items()
            if getattr(self, name) is not None and getattr(self, name) > today
        }


class StatusChange(OrganizationScoped):
    """Every status change, so reports can tell how long people spent in each phase."""

    job_seeker = models.ForeignKey(
        JobSeeker, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class CoachTransfer(OrganizationScoped):
    """A job seeker moved from one coach's caseload to another's."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="transfers")
    from_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("coach transfer")
        verbose_name_plural = _("coach transfers")
