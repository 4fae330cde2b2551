"""The access matrix of the Django admin, for every ModelAdmin registered on the site.

Organisation A ("org") owns one row of each model (installation-wide models: any row). Viewers:
- root: a platform superuser — everything;
- admin: the organisation admin of A — A's rows, as far as the role's permissions go;
- other_admin: the organisation admin of B — A's rows do not exist for them: 404 on every page
  of the row, never in a list, and a POST changes nothing;
- coach: a coach of A — not staff, the admin's login page (302);
- anonymous: the admin's login page (302).

The tests loop over `admin.site._registry`, so registering a model without adding it to
EXPECTED and ROW_FACTORIES fails here: a new admin page is covered from its first commit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.forms import ModelChoiceField
from django.test import Client, RequestFactory
from django.urls import reverse

from crm.accounts.admin_scoping import ScopedAdminMixin, ScopedInlineMixin, organization_lookup
from crm.accounts.audit import record_access
from crm.accounts.models import APIToken, AuditEvent, Organization, Role, Team, User
from crm.accounts.services import create_api_token
from crm.candidates.models import KykyviisariForm
from crm.reports.models import FidelityItem
from crm.reports.services.scale import current_items
from tests.factories import OrganizationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEWERS = ("root", "admin", "other_admin", "coach", "anonymous")


def _token(org: Organization) -> APIToken:
    token, _raw = create_api_token(user=UserFactory(organization=org), name="Power BI")
    return token


def _audit_event(org: Organization) -> AuditEvent:
    user = UserFactory(organization=org)
    return record_access(user, "crm.test.matrix_viewed", user, ["first_name"])


def _axes(model: type[models.Model]) -> Callable[[Organization], models.Model]:
    fields = {"user_agent": "pytest", "ip_address": "10.0.0.1", "username": "alice"}
    extra = {AccessAttempt: {"failures_since_start": 1}}.get(model, {})
    return lambda org: model.objects.create(**fields, **extra)


# One row of each registered model in organisation `org`.
ROW_FACTORIES: dict[type[models.Model], Callable[[Organization], models.Model]] = {
    Organization: lambda org: org,
    Team: lambda org: TeamFactory(organization=org, name="Pohjoinen"),
    User: lambda org: UserFactory(organization=org),
    AuditEvent: _audit_event,
    APIToken: _token,
    Group: lambda org: Group.objects.get(name=Role.COACH),
    KykyviisariForm: lambda org: KykyviisariForm.objects.first(),
    FidelityItem: lambda org: current_items(org.pk)["S1"],
    AccessAttempt: _axes(AccessAttempt),
    AccessLog: _axes(AccessLog),
    AccessFailureLog: _axes(AccessFailureLog),
}

# (changelist, change page) per viewer. 200 allowed (the list of another organisation's admin
# does not contain the row: checked separately) · 302 the admin's login page · 403 the list of
# installation-wide data, for superusers only · 404 the row does not exist for this viewer.
# fmt: off
EXPECTED: dict[str, tuple[tuple[int, int], ...]] = {
    #                           root        admin       other_admin coach       anonymous
    "accounts.organization":   ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
    "accounts.team":           ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
    "accounts.user":           ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
    "accounts.auditevent":     ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
    "accounts.apitoken":       ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
    "auth.group":              ((200, 200), (403, 404), (403, 404), (302, 302), (302, 302)),
    "candidates.kykyviisariform": ((200, 200), (403, 404), (403, 404), (302, 302), (302, 302)),
    "axes.accessattempt":      ((200, 200), (403, 404), (403, 404), (302, 302), (302, 302)),
    "axes.accesslog":          ((200, 200), (403, 404), (403, 404), (302, 302), (302, 302)),
    "axes.accessfailurelog":   ((200, 200), (403, 404), (403, 404), (302, 302), (302, 302)),
    "reports.fidelityitem":    ((200, 200), (200, 200), (200, 404), (302, 302), (302, 302)),
}
# fmt: on

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _snapshot(model: type[models.Model], pk: Any) -> dict[str, Any]:
    return model._default_manager.filter(pk=pk).values().get()


@pytest.fixture
def viewers(org) -> dict[str, Client]:
    other = OrganizationFactory(name="Organisaatio B")
    users = {
        "root": UserFactory(
            username="root", organization=None, is_superuser=True, is_staff=True, role=Role.ADMIN
        ),
        "admin": UserFactory(username="anna", organization=org, role=Role.ADMIN),
        "other_admin": UserFactory(username="bertta", organization=other, role=Role.ADMIN),
        "coach": UserFactory(username="alice", organization=org, role=Role.COACH),
    }
    clients = {name: Client() for name in VIEWERS}
    for name, user in users.items():
        clients[name].force_login(user)
    return clients


def _row(model: type[models.Model], org: Organization) -> models.Model:
    if model not in ROW_FACTORIES:
        pytest.fail(f"{_label(model)} is registered in the admin: add it to ROW_FACTORIES")
    row = ROW_FACTORIES[model](org)
    assert row is not None, f"no row of {_label(model)} to test with"
    return row


def test_every_registered_admin_is_in_the_matrix():
    labels = {_label(model) for model in REGISTERED}

    assert labels == set(EXPECTED), "EXPECTED must list exactly the registered models"
    assert set(ROW_FACTORIES) == set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_every_registered_admin_is_scoped(model):
    model_admin = admin.site._registry[model]

    assert isinstance(model_admin, ScopedAdminMixin)
    for inline in model_admin.inlines:
        assert issubclass(inline, ScopedInlineMixin), f"{inline.__name__} is not scoped"


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_admin_access_matrix(model, viewer, org, viewers):
    row = _row(model, org)
    expected_list, expected_change = EXPECTED[_label(model)][VIEWERS.index(viewer)]
    client = viewers[viewer]

    changelist = client.get(_url(model, "changelist"))
    change = client.get(_url(model, "change", row.pk))

    assert (changelist.status_code, change.status_code) == (expected_list, expected_change)
    if changelist.status_code == 200:
        shown = {obj.pk for obj in changelist.context["cl"].result_list}
        visible = viewer in ("root", "admin") and organization_lookup(model) is not None
        assert (row.pk in shown) == (visible or viewer == "root")


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_another_organisations_admin_gets_404_and_changes_nothing(model, org, viewers):
    row = _row(model, org)
    before = _snapshot(model, row.pk)
    client = viewers["other_admin"]
    posted = {"name": "Muutettu", "retention_months": "1", "username": "x", "post": "yes"}

    assert client.get(_url(model, "history", row.pk)).status_code == 404
    assert client.get(_url(model, "delete", row.pk)).status_code == 404
    assert client.post(_url(model, "change", row.pk), posted).status_code == 404
    assert client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 404
    # A bulk action names the row by id: the scoped list does not contain it.
    client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert _snapshot(model, row.pk) == before


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_choices_in_the_admin_forms_are_of_the_own_organisation(model, org, viewers):
    """Every foreign-key and many-to-many choice an organisation admin is offered is theirs."""
    other = Organization.objects.get(name="Organisaatio B")
    theirs = {m: ROW_FACTORIES[m](other) for m in (User, Team, APIToken, AuditEvent)}
    admin_user = User.objects.get(username="anna")
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    row = _row(model, org)
    if not model_admin.has_view_permission(request, row):
        return  # installation-wide: no form at all (the matrix above)

    form = model_admin.get_form(request, row)(instance=row)

    for name, field in form.fields.items():
        if isinstance(field, ModelChoiceField):
            offered = set(field.queryset)
            assert other not in offered, name
            assert not offered & set(theirs.values()), name
