from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "crm.matching"
    label = "matching"
    verbose_name = _("Matching and vocabularies")

    def ready(self) -> None:
        """matching's parts in the hooks of the apps below it (see README, Architecture)."""
        from crm.accounts import hooks as accounts_hooks
        from crm.candidates import lifecycle
        from crm.core import terms
        from crm.matching import lifecycle as proposals_lifecycle
        from crm.matching import tasks, vocabulary

        accounts_hooks.register_organization_created(vocabulary.seed_for_organization)
        terms.register_term_resolver(vocabulary.resolve_terms)
        terms.register_change_listener(tasks.schedule_refresh)
        lifecycle.register_exit(proposals_lifecycle.close_on_exit)
        lifecycle.register_erase(proposals_lifecycle.erase)
        lifecycle.register_export("proposals", proposals_lifecycle.export)
