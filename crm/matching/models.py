from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.accounts.models import User
from crm.accounts.scoping import OrganizationScoped
from crm.core import texts
from crm.matching.weights import FIELD_LIMITS, stored_defaults


class TermKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    LICENCE = "licence", _("Licence or card")
    OCCUPATION = "occupation", _("Occupation")


class Term(OrganizationScoped):
    """One entry of the organisation's vocabulary of occupations, skills and licences.

    `key` is the Finnish-aware matching key (lower case, stemmed words) that free text is
    resolved against; `name` is the form shown to people. `synonyms` and `name_sv` are other
    ways people write the same thing (English, Swedish, colloquial, misspelt); `esco_uri` links
    the term to ESCO/FINESCO so data can move to and from Työmarkkinatori.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=TermKind.choices)
    name = models.CharField(_("name"), max_length=120)
    key = models.CharField(max_length=120, editable=False)
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    esco_uri = models.URLField(_("ESCO URI"), max_length=200, blank=True)
    obtainable = models.BooleanField(
        _("quickly obtainable"),
        default=False,
        help_text=_("A licence or card a person can get in a day or a short course."),
    )
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


# Ranking features ---------------------------------------------------------------------------
# Plain data derived from a job seeker's record and career profile or from an opening, computed
# when they are saved (crm/matching/features.py) so that ranking works on integer ids and bit
# masks. Nothing from the sensitive section, case notes, Kykyviisari or the status beyond
# "ranked or not" is stored here (zero exclusion). The `*_stamp` fields copy the sources'
# `updated_at` as read, so a stale row is found by comparing stamps, which is immune to a save
# that commits while the features are being computed.


class CandidateFeatures(OrganizationScoped):
    job_seeker = models.OneToOneField(
        "candidates.JobSeeker", on_delete=models.CASCADE, related_name="match_features"
    )
    coach_id_value = models.BigIntegerField(default=0)
    active = models.BooleanField(default=False)
    occupations = models.JSONField(default=list)
    avoid = models.JSONField(default=list)
    skills = models.JSONField(default=list)
    licences = models.JSONField(default=list)
    industries = models.BigIntegerField(default=0)
    schedules = models.IntegerField(default=0)
    languages = models.BigIntegerField(default=0)
    hours_min = models.PositiveSmallIntegerField(null=True)
    hours_max = models.PositiveSmallIntegerField(null=True)
    municipality = models.PositiveSmallIntegerField(default=0)
    region = models.PositiveSmallIntegerField(default=0)
    municipalities = models.JSONField(default=list)
    remote = models.BooleanField(default=False)
    seeker_stamp = models.DateTimeField(null=True)
    profile_stamp = models.DateTimeField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("job seeker matching features")
        verbose_name_plural = _("job seeker matching features")
        indexes = [
            models.Index(fields=["organization", "computed_at"], name="cand_features_org_time_idx")
        ]


class OpeningFeatures(OrganizationScoped):
    opening = models.OneToOneField(
        "employers.Opening", on_delete=models.CASCADE, related_name="match_features"
    )
    employer_id_value = models.BigIntegerField(default=0)
    active = models.BooleanField(default=False)
    occupations = models.JSONField(default=list)
    required = models.JSONField(default=list)
    nice = models.JSONField(default=list)
    licences = models.JSONField(default=list)
    industry = models.BigIntegerField(default=0)
    schedules = models.IntegerField(default=0)
    languages = models.BigIntegerField(default=0)
    hours = models.PositiveSmallIntegerField(null=True)
    municipality = models.PositiveSmallIntegerField(default=0)
    region = models.PositiveSmallIntegerField(default=0)
    remote = models.BooleanField(default=False)
    opening_stamp = models.DateTimeField(null=True)
    employer_stamp = models.DateTimeField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("opening matching features")
        verbose_name_plural = _("opening matching features")
        indexes = [
            models.Index(fields=["organization", "computed_at"], name="open_features_org_time_idx")
        ]


# Proposals ----------------------------------------------------------------------------------
# A coach proposes a job seeker for an opening; the proposal moves through the IPS steps from
# talking it over with the person to the employer's decision. Each move is a ProposalEvent, so
# the history says when and who (and which employer contact presented the person).


class ProposalStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    DISCUSSED = "discussed", _("Discussed with the job seeker")
    PRESENTED = "presented", _("Presented to the employer")
    INTERVIEW = "interview", _("Interview")
    HIRED = "hired", _("Hired")
    DECLINED_BY_CANDIDATE = "declined_by_candidate", _("Declined by the job seeker")
    DECLINED_BY_EMPLOYER = "declined_by_employer", _("Declined by the employer")


OPEN_PROPOSAL_STATUSES = [
    ProposalStatus.SUGGESTED,
    ProposalStatus.DISCUSSED,
    ProposalStatus.PRESENTED,
    ProposalStatus.INTERVIEW,
]


class Proposal(OrganizationScoped):
    job_seeker = models.ForeignKey(
        "candidates.JobSeeker",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("job seeker"),
    )
    opening = models.ForeignKey(
        "employers.Opening",
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("opening"),
    )
    status = models.CharField(
        _("status"),
        max_length=25,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUGGESTED,
    )
    # Set when a coach presents the person to the employer: from then on relations staff may
    # see who the proposal is about (before it, only a pseudonym).
    presented_at = models.DateTimeField(_("presented"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            models.Index(fields=["organization", "status"], name="proposal_org_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker", "opening"],
                condition=models.Q(status__in=OPEN_PROPOSAL_STATUSES),
                name="proposal_one_open_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_seeker} → {self.opening}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROPOSAL_STATUSES


class ProposalEvent(OrganizationScoped):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    from_status = models.CharField(
        _("from"), max_length=25, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=25, choices=ProposalStatus.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, validators=[texts.LIMIT])
    employer_contact = models.ForeignKey(
        "employers.EmployerContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer contact"),
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")


# Weights ------------------------------------------------------------------------------------
# An organisation's tuning of the match score; crm/matching/weights.py explains each default.
# No row means the defaults are in use. Changes are audited and kept in `history`.

_DEFAULTS = stored_defaults()


def _weight(label: str, help_text: str, name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=_DEFAULTS[name],
        validators=[MaxValueValidator(FIELD_LIMITS[name])],
        help_text=help_text,
    )


class MatchWeights(OrganizationScoped):
    preferences = _weight(
        _("Preferences"),
        _("Wanted occupation, industry and things to avoid. IPS: the person's wishes come first."),
        "preferences",
    )
    skills = _weight(
        _("Skills"),
        _("Skills and strengths against the opening's required and nice-to-have skills."),
        "skills",
    )
    licences = _weight(_("Licences and cards"), _("Licences the opening asks for."), "licences")
    languages = _weight(_("Languages"), _("Languages the opening needs."), "languages")
    hours = _weight(
        _("Working hours"), _("Weekly hours against the person's preferred range."), "hours"
    )
    schedule = _weight(
        _("Schedule"), _("Shifts, evenings and weekends the person has not listed."), "schedule"
    )
    place = _weight(
        _("Place"),
        _("Same municipality, an acceptable municipality, same region or remote work."),
        "place",
    )
    avoid_penalty = _weight(
        _("Penalty for work the person wants to avoid"),
        _("Points taken off the total; such openings sink but are still shown."),
        "avoid_penalty",
    )
    obtainable_credit_percent = _weight(
        _("Credit for a missing but obtainable licence (%)"),
        _(
            "Share of the licence points kept when a card such as the hygiene passport is missing "
            "but can be obtained quickly."
        ),
        "obtainable_credit_percent",
    )
    hours_step = _weight(
        _("Points lost per hour outside the range"),
        _("How fast the hours fit falls for each hour more or less than the person prefers."),
        "hours_step",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])
    # Set before a save: django-simple-history records it as the change's author.
    _history_user: User | None

    class Meta:
        verbose_name = _("match weights")
        verbose_name_plural = _("match weights")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="match_weights_one_per_org")
        ]

    def __str__(self) -> str:
        return str(_("Match weights"))
