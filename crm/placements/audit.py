"""The audit actions placements writes (about the person: their audit log lists them)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "crm.candidate.placement_recorded": _("Recorded a job start"),
    "crm.candidate.placement_changed": _("Changed a job"),
    "crm.candidate.placement_ended": _("Recorded the end of a job"),
    "crm.candidate.support_plan_changed": _("Changed the follow-along support plan"),
    "crm.candidate.support_contact_logged": _("Logged a support contact"),
    "crm.candidate.support_notes_viewed": _("Read the support-contact notes"),
    "crm.candidate.check_in_recorded": _("Recorded a job satisfaction check-in"),
}
