"""The admin app with this project's scoped site (listed in INSTALLED_APPS instead of
"django.contrib.admin"; see crm/accounts/admin_scoping.py)."""

from django.contrib.admin.apps import AdminConfig


class CrmAdminConfig(AdminConfig):
    default_site = "crm.accounts.admin_scoping.CrmAdminSite"
