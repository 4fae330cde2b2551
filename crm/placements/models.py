"""Jobs people start (placements), their follow-along support and job satisfaction.

A placement is one job: employer, title, dates, hours, wage, contract, pay subsidy and whether it
is competitive employment (the only outcome IPS counts). Follow-along support is time-unlimited:
the plan (cadence, or declined) lives on the placement, and `next_support_due_on` is stored and
recomputed by the services on every write (crm/placements/schedule.py), so due and overdue are
one indexed filter in the database. Support-contact notes and free texts are the person's data:
erase blanks them and keeps dates, kinds and codes so reports stay true.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.core.models import Versioned

MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal("60")
MAX_HOURLY_WAGE = Decimal("1000")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    TEMPORARY_AGENCY = "temporary_agency", _("Temporary agency work")
    SEASONAL = "seasonal", _("Seasonal")
    OTHER = "other", _("Other")


class PaySubsidy(models.TextChoices):
    NONE = "none", _("No pay subsidy")
    SKILLS_GAP = "skills_gap", _("Pay subsidy: skills gap")
    REDUCED_WORK_ABILITY = "reduced_work_ability", _("Pay subsidy: reduced work ability")
    OTHER = "other", _("Other subsidy")


class EndReason(models.TextChoices):
    QUIT = "quit", _("The person quit")
    DISMISSED = "dismissed", _("Dismissed")
    CONTRACT_ENDED = "contract_ended", _("Fixed-term contract ended")
    TEMPORARY_ENDED = "temporary_ended", _("Temporary job ended")
    OTHER = "other", _("Other")


class SupportCadence(models.TextChoices):
    IPS_DEFAULT = "ips_default", _("IPS: weekly, then monthly")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    ON_REQUEST = "on_request", _("On request")


class Placement(OrganizationScoped, Versioned):
    """One job a person started (or will start)."""

    candidate = models.ForeignKey(
        "candidates.JobSeeker",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("job seeker"),
    )
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("employer"),
    )
    opening = models.ForeignKey(
        "employers.Opening",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("opening"),
    )
    proposal = models.ForeignKey(
        "matching.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("proposal"),
    )
    job_title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        "matching.Term",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("occupation"),
    )
    occupation_text = models.CharField(_("occupation"), max_length=200, blank=True)
    start_on = models.DateField(_("start date"))
    planned_end_on = models.DateField(_("planned end date"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("what was learned for the next job"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS)],
    )
    hourly_wage = models.DecimalField(
        _("hourly wage (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_HOURLY_WAGE)],
    )
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    pay_subsidy = models.CharField(
        _("pay subsidy"), max_length=25, choices=PaySubsidy.choices, default=PaySubsidy.NONE
    )
    pay_subsidy_start_on = models.DateField(_("pay subsidy from"), null=True, blank=True)
    pay_subsidy_end_on = models.DateField(_("pay subsidy until"), null=True, blank=True)
    set_aside = models.BooleanField(
        _("set aside for people with disabilities or partial work ability"),
        default=False,
        help_text=_("Reserved for them rather than open to anyone: not competitive employment."),
    )
    competitive = models.BooleanField(
        _("competitive employment"),
        help_text=_(
            "Open to anyone, paid at least the going wage, not set aside for disabled people."
        ),
    )
    competitive_override_reason = models.TextField(
        _("why competitive differs from the suggestion"), blank=True
    )
    # Follow-along support plan -------------------------------------------------------------
    support_cadence = models.CharField(
        _("support cadence"),
        max_length=15,
        choices=SupportCadence.choices,
        default=SupportCadence.IPS_DEFAULT,
    )
    support_declined_on = models.DateField(_("support declined on"), null=True, blank=True)
    support_declined_reason = models.TextField(_("why support was declined"), blank=True)
    # Stored, recomputed by the services on every write and by the nightly task.
    last_support_on = models.DateField(_("last support contact"), null=True, blank=True)
    next_support_due_on = models.DateField(
        _("next support contact due"), null=True, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["organization", "start_on"], name="placement_org_start_idx"),
            models.Index(fields=["organization", "ended_on"], name="placement_org_ended_idx"),
            models.Index(
                fields=["organization", "next_support_due_on"], name="placement_org_due_idx"
            ),
            models.Index(fields=["candidate", "ended_on"], name="placement_seeker_ended_idx"),
            models.Index(fields=["employer", "start_on"], name="placement_employer_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("start_on")),
                name="placement_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=MIN_HOURS) & Q(hours_per_week__lte=MAX_HOURS),
                name="placement_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.start_on:%d.%m.%Y})"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def support_declined(self) -> bool:
        return self.support_declined_on is not None


class WithWhom(models.TextChoices):
    WORKER = "worker", _("The worker")
    EMPLOYER = "employer", _("The employer")
    BOTH = "both", _("The worker and the employer")
    OTHER_PROFESSIONAL = "other_professional", _("Another professional")


class SupportChannel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Message")


class SupportPlace(models.TextChoices):
    WORKPLACE = "workplace", _("At the workplace")
    COMMUNITY = "community", _("In the community")
    OFFICE = "office", _("At the office")


class SupportTopic(models.TextChoices):
    TASKS = "tasks", _("Work tasks")
    HOURS = "hours", _("Working hours")
    ACCOMMODATION = "accommodation", _("Accommodations")
    RELATIONSHIPS = "relationships", _("Relationships at work")
    BENEFITS = "benefits", _("Benefits and reporting earnings")
    CAREER = "career", _("Career development")
    OTHER = "other", _("Other")


class SupportContact(OrganizationScoped):
    """A follow-along support contact after (or just before) a job start."""

    placement = models.ForeignKey(
        Placement,
        on_delete=models.CASCADE,
        related_name="support_contacts",
        verbose_name=_("placement"),
    )
    occurred_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=20, choices=WithWhom.choices)
    channel = models.CharField(_("channel"), max_length=15, choices=SupportChannel.choices)
    place = models.CharField(_("where"), max_length=15, choices=SupportPlace.choices, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_due_on = models.DateField(_("next contact due"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Who was met at the employer (optional) and the contact-log entry this contact also is.
    contact_person = models.ForeignKey(
        "employers.ContactPerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person at the employer"),
    )
    employer_contact = models.OneToOneField(
        "employers.EmployerContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_contact",
        verbose_name=_("contact-log entry"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        indexes = [
            models.Index(fields=["placement", "occurred_on"], name="support_placement_date_idx"),
            models.Index(fields=["organization", "occurred_on"], name="support_org_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d.%m.%Y}"

    @property
    def includes_employer(self) -> bool:
        return self.with_whom in (WithWhom.EMPLOYER, WithWhom.BOTH)

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(SupportTopic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics or []]


class Respondent(models.TextChoices):
    WORKER = "worker", _("The worker")
    EMPLOYER = "employer", _("The employer")


class JobCheckIn(OrganizationScoped):
    """Job satisfaction 1 to 5 from the worker or the employer (the pilot's client feedback)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("placement")
    )
    checked_on = models.DateField(_("date"))
    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    score = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("job satisfaction check-in")
        verbose_name_plural = _("job satisfaction check-ins")
        indexes = [
            models.Index(fields=["placement", "checked_on"], name="checkin_placement_date_idx"),
            models.Index(fields=["organization", "checked_on"], name="checkin_org_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="checkin_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()} {self.score} ({self.checked_on:%d.%m.%Y})"
