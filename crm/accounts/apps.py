from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs: object) -> None:
    from crm.accounts.roles import sync_role_groups

    sync_role_groups(strict=False)


class AccountsConfig(AppConfig):
    name = "crm.accounts"
    label = "accounts"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from crm.accounts import signals  # noqa: F401  (login auditing)

        post_migrate.connect(_sync_roles, dispatch_uid="crm.accounts.sync_roles")
