"""Organisation scoping: every data model is scoped, and `for_user` never crosses over."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from crm.accounts.models import AuditEvent, Organization, Team, User
from crm.accounts.services import add_team_member
from crm.candidates.models import KykyviisariForm
from tests.factories import TeamFactory, UserFactory

# Models that carry no personal or business data of a single organisation, and why.
EXEMPT = {
    Organization: "the tenant itself",
    KykyviisariForm: "reference data of TTL's form versions, the same for every organisation",
}


def is_change_history(model) -> bool:
    """django-simple-history's copies: they carry `organization` as a plain copied column and
    are read only through their scoped parent (`seeker.history`)."""
    return model.__name__.startswith("Historical") and hasattr(model, "instance_type")


def crm_models():
    return [m for m in apps.get_models() if m.__module__.startswith("crm.")]


@pytest.mark.parametrize("model", crm_models(), ids=lambda m: m._meta.label)
def test_every_crm_model_is_scoped_to_an_organization(model):
    if model in EXEMPT or is_change_history(model):
        return
    field = model._meta.get_field("organization")
    assert field.related_model is Organization, f"{model._meta.label}.organization"
    assert hasattr(model._default_manager, "for_user"), (
        f"{model._meta.label} must use the organisation-scoped manager (for_user)"
    )


def test_the_scoping_check_sees_all_our_apps():
    labels = {m._meta.app_label for m in crm_models()}
    assert {"accounts", "core"} <= labels


@pytest.mark.django_db
def test_for_user_returns_only_rows_of_the_users_organization(alice, charlie):
    own_team = TeamFactory(organization=alice.organization, name="Lappeenranta")
    TeamFactory(organization=charlie.organization, name="Muualla")

    assert list(Team.objects.for_user(alice)) == [own_team]
    assert set(User.objects.for_user(alice)) == {alice}
    assert charlie not in User.objects.for_user(alice)


@pytest.mark.django_db
def test_anonymous_and_unattached_users_see_nothing(alice):
    TeamFactory(organization=alice.organization)
    superuser = User.objects.create_superuser("root", "root@example.fi", "x-very-long-pw-1")

    assert not Team.objects.for_user(AnonymousUser()).exists()
    assert not Team.objects.for_user(superuser).exists()
    assert not AuditEvent.objects.for_user(AnonymousUser()).exists()


@pytest.mark.django_db
def test_a_team_cannot_get_a_member_from_another_organization(alice, charlie):
    team = TeamFactory(organization=alice.organization)

    with pytest.raises(ValidationError):
        add_team_member(team=team, user=charlie)
    assert not team.members.exists()


@pytest.mark.django_db
def test_a_user_outside_any_organization_must_be_a_superuser():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UserFactory(organization=None, is_superuser=False)
