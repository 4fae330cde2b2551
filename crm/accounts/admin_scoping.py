"""The Django admin, scoped to the organisation like every other page.

Every ModelAdmin registered on the site inherits `ScopedAdminMixin` — `CrmAdminSite.register`
adds it to a class that lacks it, so third-party admins (django-axes) and new apps are covered
without anyone remembering to. For anyone but a platform superuser:

- lists, change, delete and history pages show only rows of the user's organisation; any other
  row is a 404 (never a 403 or a redirect that would reveal it exists);
- installation-wide data (rows not tied to an organisation, e.g. role groups, Kykyviisari form
  versions, login attempts) is for superusers only;
- foreign-key and many-to-many choices, and the related-field filters of a list, offer only
  rows of the organisation;
- a saved row is put in the user's organisation whatever the form said;
- every add, change and delete is an audit event `crm.admin.<app>.<model>_<verb>`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from crm.accounts.audit import record_access
from crm.accounts.models import Organization


def organization_lookup(model: type[models.Model]) -> str | None:
    """The lookup tying a row of `model` to an organisation; None for installation-wide data."""
    if model is Organization:
        return "pk"
    try:
        field = model._meta.get_field("organization")
    except FieldDoesNotExist:
        return None
    return "organization" if getattr(field, "related_model", None) is Organization else None


def scope_queryset(qs: QuerySet, user: Any) -> QuerySet:
    """`qs` limited to the user's organisation (all of it for a platform superuser)."""
    if user.is_superuser:
        return qs
    lookup = organization_lookup(qs.model)
    organization_id = getattr(user, "organization_id", None)
    if lookup is None or organization_id is None:
        return qs.none()
    return qs.filter(**{lookup: organization_id})


def organization_id_of(obj: models.Model) -> int | None:
    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)


class _ScopedChoices:
    """Foreign-key and many-to-many choices limited to the user's organisation."""

    admin_site: admin.AdminSite

    def scoped_choices(self, model: type[models.Model], request: HttpRequest) -> QuerySet:
        related_admin = self.admin_site._registry.get(model)
        if related_admin is not None:  # its own rules too, e.g. no superusers among users
            return related_admin.get_queryset(request)
        return scope_queryset(model._default_manager.all(), request.user)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            choices = self.scoped_choices(db_field.related_model, request)
            if "queryset" in kwargs:
                choices = kwargs["queryset"] & choices
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            choices = self.scoped_choices(db_field.related_model, request)
            if "queryset" in kwargs:
                choices = kwargs["queryset"] & choices
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedAdminMixin(_ScopedChoices):
    """Put first in a ModelAdmin's bases (the site does it for classes that lack it)."""

    model: type[models.Model]

    # --- which rows ---------------------------------------------------------------------------

    def is_installation_wide(self) -> bool:
        return organization_lookup(self.model) is None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), request.user)  # type: ignore[misc]

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:  # missing, malformed or another organisation's: the same answer
            raise Http404
        return obj

    # --- who may do what ----------------------------------------------------------------------

    def _outside_scope(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser and self.is_installation_wide()

    def has_module_permission(self, request: HttpRequest) -> bool:
        if self._outside_scope(request):
            return False
        return super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._outside_scope(request):
            return False
        return super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self._outside_scope(request):
            return False
        return super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._outside_scope(request):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._outside_scope(request):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    # --- forms and filters --------------------------------------------------------------------

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        excluded = super().get_exclude(request, obj)  # type: ignore[misc]
        if request.user.is_superuser or organization_lookup(self.model) != "organization":
            return excluded
        if excluded is None:  # keep what the form's Meta excludes (ModelAdmin.get_form)
            excluded = getattr(getattr(self.form, "_meta", None), "exclude", None)  # type: ignore[attr-defined]
        return [*(excluded or []), "organization"]

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = list(super().get_list_filter(request))  # type: ignore[misc]
        if request.user.is_superuser:
            if organization_lookup(self.model) == "organization" and "organization" not in filters:
                filters.insert(0, "organization")
            return filters
        return [self._scoped_filter(f) for f in filters if f != "organization"]

    def _scoped_filter(self, list_filter: Any) -> Any:
        """A plain related-field filter would list every organisation's rows as choices."""
        if not isinstance(list_filter, str):
            return list_filter
        try:
            field = self.model._meta.get_field(list_filter)
        except FieldDoesNotExist:
            return list_filter
        if field.is_relation:
            return (list_filter, RelatedOnlyFieldListFilter)
        return list_filter

    # --- writes -------------------------------------------------------------------------------

    def audit_action(self, verb: str) -> str:
        opts = self.model._meta
        return f"crm.admin.{opts.app_label}.{opts.model_name}_{verb}"

    def audit(self, request: HttpRequest, verb: str, obj: Any, fields: Iterable[str] = ()) -> None:
        record_access(
            request.user,
            self.audit_action(verb),
            obj,
            fields,
            organization_id=organization_id_of(obj),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.is_superuser and organization_lookup(self.model) == "organization":
            obj.organization_id = request.user.organization_id
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self.audit(request, "changed" if change else "created", obj, form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.audit(request, "deleted", obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.audit(request, "deleted", obj)
        super().delete_queryset(request, queryset)  # type: ignore[misc]


class ScopedInlineMixin(_ScopedChoices):
    """For inlines: their choices limited like the parent's (rows follow the parent)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), request.user)  # type: ignore[misc]


class OrganizationScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The base of this project's ModelAdmins."""


class CrmAdminSite(admin.AdminSite):
    """The default admin site: every registered ModelAdmin is scoped (see the module doc)."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (ScopedAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
