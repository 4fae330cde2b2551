"""The IPS-25 texts in the Django admin: an organisation admin corrects their organisation's
item titles, definitions and anchors (fi/sv/en) and their check marks. Saving makes a new
revision (crm/reports/services/scale.py), so reviews keep the texts they were rated on.
Reviews themselves are managed on the report pages, where access rules and audit apply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crm.accounts.admin_scoping import OrganizationScopedAdmin
from crm.reports.models import LANGUAGES, FidelityItem
from crm.reports.services.scale import REVISABLE, revise_item


class FidelityItemForm(forms.ModelForm):
    """Anchors as five lines of text per language instead of raw JSON."""

    class Meta:
        model = FidelityItem
        fields = [
            *(f"{name}_{language}" for name in ("title", "definition") for language in LANGUAGES),
            "source_check",
            "source_note",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in LANGUAGES:
            name = f"anchors_text_{language}"
            self.fields[name] = forms.CharField(
                label=_("Anchors 1–5 (%(language)s)") % {"language": language},
                help_text=_("Five lines: the anchor of rating 1 on the first line, 5 on the last."),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            if self.instance.pk:
                self.initial[name] = "\n".join(getattr(self.instance, f"anchors_{language}"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for language in LANGUAGES:
            text = data.get(f"anchors_text_{language}") or ""
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if len(lines) != 5:
                self.add_error(
                    f"anchors_text_{language}", _("Give exactly five anchors, one per line.")
                )
            data[f"anchors_{language}"] = lines
        return data


@admin.register(FidelityItem)
class FidelityItemAdmin(OrganizationScopedAdmin):
    form = FidelityItemForm
    list_display = ["code", "title_en", "title_fi", "source_check", "revision"]
    list_filter = ["group", "source_check"]
    ordering = ["position"]
    search_fields = ["code", "title_fi", "title_sv", "title_en"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(is_current=True)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the 25 items are seeded; only their texts change

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # old revisions are what old reviews were rated on

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        current = FidelityItem.objects.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in REVISABLE if name in form.cleaned_data}
        try:
            revision = revise_item(item=current, by=request.user, **changes)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        obj.pk = revision.pk  # the change view's redirect and message name the new revision
