"""The Django admin for organisation admins stays inside their organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crm.accounts.models import Role, User
from tests.factories import TeamFactory


@pytest.fixture
def org_admin(make_user):
    return make_user(role=Role.ADMIN, username="anna")


@pytest.mark.django_db
def test_org_admin_lists_only_users_of_their_organization(org_admin, alice, charlie, client_for):
    html = client_for(org_admin).get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "alice" in html
    assert "charlie" not in html


@pytest.mark.django_db
def test_org_admin_cannot_open_a_user_of_another_organization(org_admin, charlie, client_for):
    url = reverse("admin:accounts_user_change", args=[charlie.pk])

    response = client_for(org_admin).get(url)

    assert response.status_code == 302  # the admin's "does not exist" redirect, no details
    assert "charlie" not in client_for(org_admin).get(url, follow=True).content.decode()


@pytest.mark.django_db
def test_org_admin_creates_a_user_in_their_own_organization(org_admin, client_for):
    response = client_for(org_admin).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "uusi",
            "first_name": "Uusi",
            "last_name": "Valmentaja",
            "email": "uusi@example.fi",
            "role": Role.RELATIONS,
            "password1": "pitka-salasana-123",
            "password2": "pitka-salasana-123",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="uusi")
    assert user.organization == org_admin.organization
    assert user.role == Role.RELATIONS
    assert not user.is_superuser
    assert not user.is_staff


@pytest.mark.django_db
def test_org_admin_cannot_grant_superuser_status(org_admin, alice, client_for):
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    html = client_for(org_admin).get(url).content.decode()

    assert 'name="is_superuser"' not in html
    assert 'name="organization"' not in html


@pytest.mark.django_db
def test_org_admin_team_form_offers_only_own_users(org_admin, alice, charlie, client_for):
    team = TeamFactory(organization=org_admin.organization)

    html = (
        client_for(org_admin)
        .get(reverse("admin:accounts_team_change", args=[team.pk]))
        .content.decode()
    )

    assert str(alice) in html
    assert str(charlie) not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COACH, Role.RELATIONS, Role.LEAD])
def test_other_roles_cannot_use_the_admin(role, make_user, client_for):
    response = client_for(make_user(role=role)).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.mark.django_db
def test_the_audit_log_is_read_only_in_the_admin(org_admin, client_for):
    client = client_for(org_admin)

    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
