from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.core import dates, texts
from crm.core.choices import Schedule
from crm.core.models import Versioned
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
from crm.core.validators import validate_business_id, validate_municipality


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    MET = "met", _("Met")
    NEEDS_IDENTIFIED = "needs_identified", _("Needs identified")
    ACTIVE_PARTNER = "active_partner", _("Active partner")
    DORMANT = "dormant", _("Dormant")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("1–9 employees")
    SMALL = "small", _("10–49 employees")
    MEDIUM = "medium", _("50–249 employees")
    LARGE = "large", _("250 or more employees")


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    VIDEO = "video", _("Video")
    EVENT = "event", _("Event")


class Purpose(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    NEEDS_DISCOVERY = "needs_discovery", _("Needs discovery")
    PRESENTING_CANDIDATE = "presenting_candidate", _("Presenting a job seeker")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SUPPORT = "support", _("Support")
    OTHER = "other", _("Other")


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Tag(OrganizationScoped):
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tag_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Employer(OrganizationScoped, Versioned):
    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Format 1234567-8; leave empty if not known yet."),
    )
    industry = models.CharField(
        _("industry (TOL 2008)"), max_length=1, blank=True, choices=INDUSTRY_CHOICES
    )
    municipality = models.CharField(
        _("municipality"), max_length=60, blank=True, validators=[validate_municipality]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    size_class = models.CharField(_("size"), max_length=10, blank=True, choices=SizeClass.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_employers",
        verbose_name=_("owner"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="employers", verbose_name=_("tags"))
    notes = models.TextField(_("notes"), blank=True, validators=[texts.LIMIT])
    stage = models.CharField(
        _("pipeline stage"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT
    )
    stage_changed_at = models.DateTimeField(_("in stage since"), default=timezone.now)
    search_key = models.CharField(max_length=250, editable=False, default="")
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        permissions = [("import_employers", _("Can import employers from files"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "business_id"],
                condition=~Q(business_id=""),
                name="employer_business_id_unique_in_org",
                violation_error_message=_(
                    "An employer with this business ID already exists in your organisation."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "stage"], name="employer_org_stage_idx"),
            models.Index(fields=["organization", "name"], name="employer_org_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ContactPerson(OrganizationScoped):
    class PreferredChannel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        FACE_TO_FACE = "face_to_face", _("Face to face")
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text message")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_decision_maker = models.BooleanField(_("decision-maker"), default=False)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=15, blank=True, choices=PreferredChannel.choices
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-is_decision_maker", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name

    def clean(self) -> None:
        self.check_same_organization(employer=self.employer if self.employer_id else None)


class Opening(OrganizationScoped, Versioned):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="openings", verbose_name=_("employer")
    )
    title = models.CharField(_("title"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    tasks = models.TextField(_("tasks"), blank=True, validators=[texts.LIMIT])
    required_skills = models.ManyToManyField(
        "matching.Term", blank=True, related_name="required_by", verbose_name=_("required skills")
    )
    nice_skills = models.ManyToManyField(
        "matching.Term", blank=True, related_name="nice_for", verbose_name=_("nice-to-have skills")
    )
    licences = models.ManyToManyField(
        "matching.Term", blank=True, related_name="licence_for", verbose_name=_("licences")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    schedule = models.JSONField(_("schedule"), default=list, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=60, blank=True, validators=[validate_municipality]
    )
    remote = models.BooleanField(_("remote work possible"), default=False)
    wage_subsidy = models.BooleanField(_("wage subsidy possible"), default=False)
    positions = models.PositiveSmallIntegerField(
        _("positions"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    start_on = models.DateField(
        _("start date"), null=True, blank=True, validators=[dates.PLANNED.validator]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        indexes = [
            models.Index(fields=["organization", "status"], name="opening_org_status_idx"),
            models.Index(fields=["organization", "updated_at"], name="opening_org_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.check_same_organization(employer=self.employer if self.employer_id else None)
        codes = {code for code, _name in LANGUAGE_CHOICES}
        unknown = [lang for lang in self.languages or [] if lang not in codes]
        if unknown:
            raise ValidationError(
                {"languages": _("Unknown language code: %(codes)s") % {"codes": ", ".join(unknown)}}
            )
        bad = [s for s in self.schedule or [] if s not in Schedule.values]
        if bad:
            raise ValidationError(
                {"schedule": _("Unknown schedule: %(values)s") % {"values": ", ".join(bad)}}
            )


class EmployerContact(OrganizationScoped):
    """One logged interaction with an employer (yhteydenotto)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="employer_contacts",
        verbose_name=_("logged by"),
    )
    occurred_at = models.DateTimeField(
        _("when"), default=timezone.now, validators=[dates.PAST.validator]
    )
    channel = models.CharField(_("channel"), max_length=15, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=25, choices=Purpose.choices)
    contact_persons = models.ManyToManyField(
        ContactPerson, blank=True, related_name="contacts", verbose_name=_("people met")
    )
    summary = models.TextField(_("summary"), validators=[texts.LIMIT])
    outcome = models.TextField(_("outcome"), blank=True, validators=[texts.LIMIT])
    next_step = models.CharField(_("next step"), max_length=250, blank=True)
    follow_up_on = models.DateField(
        _("follow-up date"), null=True, blank=True, validators=[dates.PLANNED.validator]
    )
    opening = models.ForeignKey(
        Opening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("opening"),
    )
    # The job seekers the contact was on behalf of: IPS milestones and fidelity (V4) read this.
    candidates = models.ManyToManyField(
        "candidates.JobSeeker",
        blank=True,
        related_name="employer_contacts",
        verbose_name=_("on behalf of job seekers"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        indexes = [
            models.Index(fields=["organization", "occurred_at"], name="contact_org_time_idx"),
            models.Index(fields=["employer", "occurred_at"], name="contact_employer_time_idx"),
            models.Index(fields=["user", "occurred_at"], name="contact_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.occurred_at:%d.%m.%Y}"


class StageChange(OrganizationScoped):
    """Every pipeline move, so the funnel (counts, conversion, time in stage) can be reported."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.employer}: {self.from_stage} → {self.to_stage}"


class FollowUp(OrganizationScoped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), validators=[dates.PLANNED.validator])
    title = models.CharField(_("title"), max_length=250)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("employer"),
    )
    contact = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    job_seeker = models.ForeignKey(
        "candidates.JobSeeker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("job seeker"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done", "due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["user", "done", "due_on"], name="followup_user_due_idx")]

    def __str__(self) -> str:
        return self.title


class TailoringNote(OrganizationScoped):
    """Job tailoring (työn räätälöinti): carved-out tasks and accepted adjustments."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="tailoring_notes",
        verbose_name=_("employer"),
    )
    opening = models.ForeignKey(
        Opening,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tailoring_notes",
        verbose_name=_("opening"),
    )
    tasks_carved_out = models.TextField(_("tasks carved out"), blank=True, validators=[texts.LIMIT])
    adjustments = models.TextField(
        _("adjustments the employer accepts"), blank=True, validators=[texts.LIMIT]
    )
    agreed_with = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed with"),
    )
    agreed_on = models.DateField(
        _("agreed on"), default=timezone.localdate, validators=[dates.PAST.validator]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("job tailoring note")
        verbose_name_plural = _("job tailoring notes")

    def __str__(self) -> str:
        return f"{self.employer} {self.agreed_on}"
