"""Django admin for organisation admins, scoped to their own organisation.

Platform superusers see everything; an organisation admin (role admin) sees and edits only the
users and teams of their organisation, cannot grant superuser status or raw permissions, reads
the audit log without changing it, and sees their own organisation read-only (the retention
period is changed on the product's Retention page, which shows whom the next run anonymises).
How every admin page is scoped: crm/accounts/admin_scoping.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crm.accounts import services
from crm.accounts.admin_scoping import OrganizationScopedAdmin
from crm.accounts.models import APIToken, AuditEvent, Organization, Team, User


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    """Superusers manage organisations; an organisation admin sees only their own, read-only.

    The name is unique across the installation (renaming could probe other organisations'
    names) and the retention period drives the nightly erasure, so an organisation admin
    changes it on the Retention page (1 to 240 months, the people due shown, audited as
    `crm.organization.retention_changed`), not here.
    """

    list_display = ["name", "retention_months", "created_at"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


class TeamAdminForm(forms.ModelForm):
    """Members must belong to the team's organisation, whoever edits the team.

    An organisation admin's form has no organisation field: TeamAdmin.get_form sets
    `organization_id` so that members and the name are checked against their organisation.
    """

    organization_id: int | None = None

    class Meta:
        model = Team
        fields = ["name", "members"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.organization_id is not None:
            self.instance.organization_id = self.organization_id

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if "organization" not in self.fields:  # the model form skips the unique constraint
            probe = Team(pk=self.instance.pk, organization_id=self.instance.organization_id)
            probe.name = name
            try:
                probe.validate_constraints()
            except ValidationError as exc:
                raise ValidationError(exc.messages) from None
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "organization" in self.fields:
            organization = cleaned.get("organization")
            organization_id = organization.pk if organization else None
        else:
            organization_id = self.instance.organization_id
        members = cleaned.get("members") or []
        if organization_id and any(m.organization_id != organization_id for m in members):
            self.add_error("members", _("Must belong to the same organisation."))
        return cleaned


@admin.register(Team)
class TeamAdmin(OrganizationScopedAdmin):
    form = TeamAdminForm
    list_display = ["name", "member_count"]
    search_fields = ["name"]
    filter_horizontal = ["members"]

    @admin.display(description=_("members"))
    def member_count(self, obj: Team) -> int:
        return obj.members.count()

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if request.user.is_superuser:
            kwargs["fields"] = ["organization", "name", "members"]
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            form.organization_id = request.user.organization_id
        return form


def _require_organization(form: forms.ModelForm) -> None:
    """Only platform superusers may be without an organisation (the model's check constraint).

    Checked where the form shows the organisation field, i.e. for platform superusers.
    """
    if "organization" not in form.fields or form.cleaned_data.get("organization"):
        return
    is_superuser = form.cleaned_data.get("is_superuser", form.instance.is_superuser)
    if not is_superuser:
        form.add_error("organization", forms.Field.default_error_messages["required"])


class OrgUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "role"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _require_organization(self)
        return cleaned


class OrgUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _require_organization(self)
        return cleaned


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, DjangoUserAdmin):
    form = OrgUserChangeForm
    add_form = OrgUserCreationForm
    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["last_name", "first_name"]
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "password1",
                    "password2",
                ],
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        # A platform superuser may have an organisation; its admins must not manage them.
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            if not request.user.is_superuser:
                return self.add_fieldsets
            (name, options), *rest = self.add_fieldsets
            fields = ["organization", *options["fields"], "is_superuser"]
            return ((name, {**options, "fields": fields}), *rest)
        main = ["username", "password", "first_name", "last_name", "email", "language"]
        access = ["role", "is_active"]
        if request.user.is_superuser:
            main.insert(1, "organization")
            access += ["is_staff", "is_superuser"]
        return (
            (None, {"fields": main}),
            (_("Access"), {"fields": access}),
            (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["last_login", "date_joined"]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return None  # fieldsets decide

    def audit_action(self, verb: str) -> str:
        return f"crm.accounts.user_{verb}"

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            obj.is_superuser = False
        obj.is_staff = services.staff_flag_for(obj.role) or obj.is_superuser
        super().save_model(request, obj, form, change)  # the organisation, the audit event


@admin.register(AuditEvent)
class AuditEventAdmin(OrganizationScopedAdmin):
    list_display = ["at", "username", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "action", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(APIToken)
class APITokenAdmin(OrganizationScopedAdmin):
    list_display = [
        "prefix",
        "name",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    # All read-only: revoking goes through the action, which audits it; nothing un-revokes.
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owner (command or API), shown once

    @admin.action(description=_("Revoke selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[APIToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_api_token(token=token, by=request.user)


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(admin.ModelAdmin):
    """Role groups are defined in code (crm/accounts/roles.py); shown read-only to superusers."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
