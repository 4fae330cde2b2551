"""IPS fidelity reviews and the scale they are rated on.

The scale's texts are data (`FidelityItem`), one set per organisation, in Finnish, Swedish and
English. An edit makes a new revision instead of changing the old one, and every rating points
at the revision it was given on, so an old review keeps the texts it was rated on.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.core import dates, texts
from crm.core.models import Versioned
from crm.reports.scale import ITEM_CODES, PARTLY_VERIFIED, UNVERIFIED, VERIFIED

ITEM_COUNT = len(ITEM_CODES)  # 25
LANGUAGES = ("fi", "sv", "en")


class ItemGroup(models.TextChoices):
    STAFFING = "staffing", _("Staffing")
    ORGANIZATION = "organization", _("Organisation")
    SERVICES = "services", _("Services")


class SourceCheck(models.TextChoices):
    VERIFIED = VERIFIED, _("Verified")
    PARTLY_VERIFIED = PARTLY_VERIFIED, _("Partly verified")
    UNVERIFIED = UNVERIFIED, _("Unverified")


class ReviewKind(models.TextChoices):
    SELF = "self", _("Self-review")
    EXTERNAL = "external", _("External review")


class Band(models.TextChoices):
    EXEMPLARY = "exemplary", _("Exemplary fidelity")
    GOOD = "good", _("Good fidelity")
    FAIR = "fair", _("Fair fidelity")
    NOT_IPS = "not_ips", _("Not IPS")


def band_for(total: int | None) -> str | None:
    """FIDELITY.md: 115-125 exemplary, 100-114 good, 74-99 fair, 73 or less not IPS."""
    if total is None:
        return None
    if total >= 115:
        return Band.EXEMPLARY
    if total >= 100:
        return Band.GOOD
    if total >= 74:
        return Band.FAIR
    return Band.NOT_IPS


def mean_for(total: int | None) -> Decimal | None:
    """The mean item score (total / 25) with two decimals, as some reports give it."""
    if total is None:
        return None
    return (Decimal(total) / ITEM_COUNT).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _anchors_valid(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 5
        and all(isinstance(text, str) and text.strip() for text in value)
    )


class FidelityItem(OrganizationScoped):
    """One revision of one item of the scale in an organisation (S1-S3, O1-O8, V1-V14)."""

    code = models.CharField(_("item"), max_length=3, choices=[(code, code) for code in ITEM_CODES])
    revision = models.PositiveIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    group = models.CharField(_("group"), max_length=15, choices=ItemGroup.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fi = models.CharField(_("title (Finnish)"), max_length=200)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    definition_fi = models.TextField(
        _("definition (Finnish)"), blank=True, validators=[texts.LIMIT]
    )
    definition_sv = models.TextField(
        _("definition (Swedish)"), blank=True, validators=[texts.LIMIT]
    )
    definition_en = models.TextField(
        _("definition (English)"), blank=True, validators=[texts.LIMIT]
    )
    anchors_fi = models.JSONField(_("anchors 1–5 (Finnish)"), default=list)
    anchors_sv = models.JSONField(_("anchors 1–5 (Swedish)"), default=list)
    anchors_en = models.JSONField(_("anchors 1–5 (English)"), default=list)
    source_check = models.CharField(
        _("checked against the published scale"), max_length=20, choices=SourceCheck.choices
    )
    source_note = models.CharField(_("what was checked"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "-revision"]
        verbose_name = _("fidelity scale item")
        verbose_name_plural = _("fidelity scale items")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "revision"], name="fidelity_item_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=models.Q(is_current=True),
                name="fidelity_item_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def _in_language(self, field: str) -> object:
        language = (translation.get_language() or "fi")[:2]
        if language not in LANGUAGES:
            language = "en"
        return getattr(self, f"{field}_{language}") or getattr(self, f"{field}_en")

    @property
    def title(self) -> str:
        return str(self._in_language("title"))

    @property
    def definition(self) -> str:
        return str(self._in_language("definition"))

    @property
    def anchors(self) -> list[str]:
        value = self._in_language("anchors")
        return list(value) if isinstance(value, list) else []

    @property
    def is_verified(self) -> bool:
        return self.source_check == SourceCheck.VERIFIED

    def clean(self) -> None:
        errors = {
            f"anchors_{language}": _("Give exactly five anchors, for ratings 1 to 5.")
            for language in LANGUAGES
            if not _anchors_valid(getattr(self, f"anchors_{language}"))
        }
        if errors:
            raise ValidationError(errors)


class FidelityReview(OrganizationScoped, Versioned):
    """A self- or external review of the organisation or of one team on the IPS-25 scale."""

    reviewed_on = models.DateField(_("review date"), validators=[dates.PAST.validator])
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fidelity_reviews",
        verbose_name=_("team"),
        help_text=_("Empty: the whole organisation."),
    )
    reviewers = models.CharField(_("reviewers"), max_length=500, blank=True)
    # The period the computed indicators are shown for (default: the 6 months before).
    period_start = models.DateField(_("indicators from"), validators=[dates.PAST.validator])
    period_end = models.DateField(_("indicators to"), validators=[dates.PAST.validator])
    summary = models.TextField(_("summary"), blank=True, validators=[texts.LIMIT])
    # Kept by the services: the sum of the 25 ratings, empty until all are rated.
    total = models.PositiveSmallIntegerField(_("total"), null=True, blank=True, editable=False)
    rated_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("fidelity review")
        verbose_name_plural = _("fidelity reviews")
        permissions = [
            ("view_outcome_reports", _("Can view outcome and fidelity figures")),
            ("export_evaluation_extract", _("Can export the pseudonymised evaluation extract")),
        ]
        indexes = [
            models.Index(fields=["organization", "reviewed_on"], name="review_org_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="review_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True)
                | models.Q(total__gte=ITEM_COUNT, total__lte=5 * ITEM_COUNT),
                name="review_total_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reviewed_on:%d.%m.%Y}"

    @property
    def is_complete(self) -> bool:
        return self.total is not None

    @property
    def mean(self) -> Decimal | None:
        return mean_for(self.total)

    @property
    def band(self) -> str | None:
        return band_for(self.total)

    def get_band_display(self) -> str:
        return str(Band(self.band).label) if self.band else ""

    def clean(self) -> None:
        errors: dict[str, object] = {}
        today = timezone.localdate()
        if self.reviewed_on and self.reviewed_on > today:
            errors["reviewed_on"] = _("The review date cannot be in the future.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)
        if self.team_id:
            self.check_same_organization(team=self.team)


class FidelityRating(OrganizationScoped):
    """One item of one review: the rating (empty while a draft) and the reviewer's note."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(
        FidelityItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    code = models.CharField(_("item"), max_length=3)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    note = models.TextField(_("note"), blank=True, validators=[texts.LIMIT])

    class Meta:
        ordering = ["item__position"]
        verbose_name = _("fidelity rating")
        verbose_name_plural = _("fidelity ratings")
        constraints = [
            models.UniqueConstraint(fields=["review", "code"], name="rating_item_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="rating_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.rating or '–'}"


class ActionPlanItem(OrganizationScoped):
    """What will be done after a review: free text per item, an owner and a due date."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="actions")
    item_code = models.CharField(
        _("item"), max_length=3, blank=True, choices=[(code, code) for code in ITEM_CODES]
    )
    action = models.TextField(_("action"), validators=[texts.LIMIT])
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True, validators=[dates.PLANNED.validator])
    done_on = models.DateField(_("done"), null=True, blank=True, validators=[dates.PAST.validator])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return f"{self.item_code or '–'}: {self.action[:50]}"
