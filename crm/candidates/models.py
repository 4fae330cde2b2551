"""Job seekers and everything a coach team records about them.

Health and accommodation data (GDPR art. 9) live only in `CareerProfile`'s sensitive section
and in case notes flagged sensitive; who may read them is decided in `access.py`, and every read
and change is written to the audit log by the services and selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.validators import birth_date_from_henkilotunnus, validate_henkilotunnus
from crm.core.choices import Schedule
from crm.core.models import Versioned
from crm.core.reference import INDUSTRY_CHOICES, LANGUAGE_CHOICES
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


class Disclosure(models.TextChoices):
    DISCLOSE = "disclose", _("Disclose")
    DO_NOT_DISCLOSE = "do_not_disclose", _("Do not disclose")
    DECIDE_PER_EMPLOYER = "decide_per_employer", _("Decide per employer")


class JobSeeker(OrganizationScoped, Versioned):
    """A person on a coach's caseload (asiakas, työnhakija)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
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
    referred_on = models.DateField(_("referred on"))
    intake_on = models.DateField(_("intake on"), null=True, blank=True)
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
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
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
    education = models.TextField(_("education"), blank=True)
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
    disclosure_notes = models.TextField(_("what may be told to an employer"), blank=True)
    # Sensitive section (GDPR art. 9): the coach team only; every read and change audited.
    accommodation_needs = models.TextField(_("accommodation needs"), blank=True)
    health_restrictions = models.TextField(_("work-relevant health restrictions"), blank=True)
    completed_on = models.DateField(_("profile completed on"), null=True, blank=True)
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
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    went_badly = models.TextField(_("what did not go well"), blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history")

    def __str__(self) -> str:
        return f"{self.role}, {self.employer_name}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end cannot be before the start.")})


class MilestoneKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    INTAKE = "intake", _("Intake")
    PROFILE_DONE = "profile_done", _("Career profile done")
    BENEFITS_COUNSELLING = "benefits_counselling", _("Benefits counselling")
    JOB_SEARCH_PLAN = "job_search_plan", _("Job search plan")
    FIRST_EMPLOYER_CONTACT = "first_employer_contact", _("First face-to-face employer contact")
    JOB_START = "job_start", _("Job start")
    FOLLOW_ALONG = "follow_along", _("Follow-along support began")
    EXIT = "exit", _("Exit")


# Recorded by the coach; the rest come from the record itself (referral, intake, exit) or from
# the contact log (first face-to-face employer contact naming the person) — never typed twice.
RECORDED_MILESTONES = [
    MilestoneKind.PROFILE_DONE,
    MilestoneKind.BENEFITS_COUNSELLING,
    MilestoneKind.JOB_SEARCH_PLAN,
    MilestoneKind.JOB_START,
    MilestoneKind.FOLLOW_ALONG,
]


class Milestone(OrganizationScoped):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(
        _("milestone"), max_length=25, choices=[(k.value, k.label) for k in RECORDED_MILESTONES]
    )
    reached_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reached_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["job_seeker", "reached_on"], name="milestone_seeker_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reached_on:%d.%m.%Y}"


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
    assessed_on = models.DateField(_("date"))
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


class ConsentPurpose(models.TextChoices):
    EMPLOYMENT_SERVICES = "employment_services", _("Sharing with public employment services")
    KELA = "kela", _("Sharing with Kela")
    HEALTH_SOCIAL = "health_social_services", _("Sharing with health and social services")
    EMPLOYER_DISCLOSURE = "employer_disclosure", _("Disclosure to an employer")
    RESEARCH = "research", _("Use in evaluation research")


class Consent(OrganizationScoped):
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=25, choices=ConsentPurpose.choices)
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["purpose", "-granted_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return self.get_purpose_display()

    def is_valid_on(self, day) -> bool:
        return (
            self.granted_on <= day
            and (self.expires_on is None or day <= self.expires_on)
            and (self.revoked_on is None or day < self.revoked_on)
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.expires_on and self.granted_on and self.expires_on < self.granted_on:
            errors["expires_on"] = _("The expiry cannot be before the consent was granted.")
        if self.revoked_on and self.granted_on and self.revoked_on < self.granted_on:
            errors["revoked_on"] = _("The revocation cannot be before the consent was granted.")
        if errors:
            raise ValidationError(errors)


class ContactType(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Met face to face")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Note only, no contact")


class CaseNote(OrganizationScoped):
    """A dated note by the coach team. Notes of a contact type other than "note" count as
    contact with the person (days since last contact on the caseload)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    contact_type = models.CharField(
        _("contact"), max_length=15, choices=ContactType.choices, default=ContactType.FACE_TO_FACE
    )
    text = models.TextField(_("note"))
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Health or other special-category information."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        indexes = [models.Index(fields=["job_seeker", "written_on"], name="note_seeker_date_idx")]

    def __str__(self) -> str:
        return f"{self.written_on:%d.%m.%Y}"
