"""Reference data in the Django admin. Job seekers themselves are managed in the CRM's own
pages, where access levels and audit apply; they are deliberately not registered here."""

from django.contrib import admin

from crm.candidates.models import KykyviisariForm


@admin.register(KykyviisariForm)
class KykyviisariFormAdmin(admin.ModelAdmin):
    list_display = ["version", "description", "domain_min", "domain_max"]
    search_fields = ["version", "description"]
