"""Human-readable labels of the audit actions about a person (the audit log page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

ACTION_LABELS = {
    "crm.candidate.created": gettext_lazy("Added the person"),
    "crm.candidate.changed": gettext_lazy("Changed the record"),
    "crm.candidate.transferred": gettext_lazy("Transferred to another coach"),
    "crm.candidate.profile_changed": gettext_lazy("Changed the career profile"),
    "crm.candidate.sensitive_viewed": gettext_lazy("Viewed the sensitive section"),
    "crm.candidate.notes_viewed": gettext_lazy("Read the case notes"),
    "crm.candidate.note_added": gettext_lazy("Added a case note"),
    "crm.candidate.work_history_added": gettext_lazy("Added to the work history"),
    "crm.candidate.work_history_changed": gettext_lazy("Replaced the work history"),
    "crm.candidate.work_history_deleted": gettext_lazy("Removed from the work history"),
    "crm.candidate.milestone_recorded": gettext_lazy("Recorded a milestone"),
    "crm.candidate.milestone_deleted": gettext_lazy("Removed a milestone"),
    "crm.candidate.kykyviisari_recorded": gettext_lazy("Recorded a Kykyviisari result"),
    "crm.candidate.kykyviisari_deleted": gettext_lazy("Removed a Kykyviisari result"),
    "crm.candidate.kykyviisari_viewed": gettext_lazy("Viewed the Kykyviisari results"),
    "crm.candidate.employer_contact_logged": gettext_lazy(
        "Logged an employer contact about the person"
    ),
    "crm.candidate.follow_up_added": gettext_lazy("Added a follow-up"),
    "crm.candidate.follow_up_done": gettext_lazy("Marked a follow-up done"),
    "crm.candidate.follow_up_reopened": gettext_lazy("Reopened a follow-up"),
    "crm.candidate.follow_up_rescheduled": gettext_lazy("Rescheduled a follow-up"),
    "crm.candidate.consent_granted": gettext_lazy("Recorded a consent"),
    "crm.candidate.consent_revoked": gettext_lazy("Recorded a revoked consent"),
    "crm.candidate.exported": gettext_lazy("Exported all of the person's data"),
    "crm.candidate.erased": gettext_lazy("Erased the person's data"),
    "crm.candidate.retention_erased": gettext_lazy(
        "Anonymised automatically after the retention period"
    ),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
