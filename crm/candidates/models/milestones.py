"""IPS milestones recorded by the coach."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.models.records import JobSeeker
from crm.core import dates


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
    reached_on = models.DateField(_("date"), validators=[dates.PAST.validator])
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
