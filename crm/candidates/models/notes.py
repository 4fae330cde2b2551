"""Case notes written by the coach team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.accounts.scoping import OrganizationScoped
from crm.candidates.models.records import JobSeeker
from crm.core import dates, texts


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
    written_on = models.DateField(
        _("date"), default=timezone.localdate, validators=[dates.PAST.validator]
    )
    contact_type = models.CharField(
        _("contact"), max_length=15, choices=ContactType.choices, default=ContactType.FACE_TO_FACE
    )
    text = models.TextField(_("note"), validators=[texts.LIMIT])
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
