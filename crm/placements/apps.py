from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "crm.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        """placements' parts in the hooks of the apps below it (see README, Architecture)."""
        from crm.candidates import lifecycle, milestones
        from crm.candidates.rights import audit_log
        from crm.core.panels import register_panel
        from crm.placements import lifecycle as placements_lifecycle
        from crm.placements import panels
        from crm.placements.audit import ACTION_LABELS

        lifecycle.register_exit(placements_lifecycle.stop_support_on_exit)
        lifecycle.register_erase(placements_lifecycle.erase)
        lifecycle.register_export("placements", placements_lifecycle.export)
        milestones.register_milestone_source(placements_lifecycle.job_starts)
        register_panel("employer_detail", panels.employer_jobs)
        register_panel("proposal_detail", panels.proposal_job_start)
        register_panel("job_seeker_overview", panels.person_jobs)
        audit_log.ACTION_LABELS.update(ACTION_LABELS)
