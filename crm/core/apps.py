from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "crm.core"
    label = "core"
    verbose_name = _("Daily digest")

    def ready(self) -> None:
        """A database failure anywhere in a request becomes a 503, not a 500
        (crm.core.middleware.DatabaseUnavailableMiddleware)."""
        from django.core.signals import got_request_exception

        from crm.core.middleware import note_database_failure

        got_request_exception.connect(note_database_failure, dispatch_uid="crm-database-down")
