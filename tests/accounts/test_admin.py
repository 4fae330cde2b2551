"""The Django admin for organisation admins stays inside their organisation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import APIToken, AuditEvent, Role, Team, User
from crm.accounts.services import create_api_token
from tests.factories import PASSWORD, TeamFactory, UserFactory


@pytest.fixture
def org_admin(make_user):
    return make_user(role=Role.ADMIN, username="anna")


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="root", organization=None, is_superuser=True, is_staff=True, role=Role.ADMIN
    )


def user_form(user, **changes) -> dict:
    """The organisation admin's change form for `user`, as the browser posts it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
        "role": user.role,
        "is_active": "on",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_org_admin_lists_only_users_of_their_organization(org_admin, alice, charlie, client_for):
    html = client_for(org_admin).get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "alice" in html
    assert "charlie" not in html


@pytest.mark.django_db
def test_org_admin_cannot_open_a_user_of_another_organization(org_admin, charlie, client_for):
    url = reverse("admin:accounts_user_change", args=[charlie.pk])

    response = client_for(org_admin).get(url)

    assert response.status_code == 404  # as if it did not exist, not a redirect or a 403
    assert "charlie" not in response.content.decode()


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
def test_org_admin_cannot_grant_superuser_status_or_move_a_user(
    org_admin, alice, other_org, client_for
):
    url = reverse("admin:accounts_user_change", args=[alice.pk])
    client = client_for(org_admin)
    html = client.get(url).content.decode()

    assert 'name="is_superuser"' not in html
    assert 'name="organization"' not in html

    response = client.post(
        url, user_form(alice, first_name="Alicia", is_superuser="on", organization=other_org.pk)
    )

    assert response.status_code == 302  # saved: the extra fields are ignored, not an error
    alice.refresh_from_db()
    assert alice.first_name == "Alicia"
    assert not alice.is_superuser
    assert alice.organization_id == org_admin.organization_id


@pytest.mark.django_db
def test_org_admin_does_not_see_a_superuser_of_their_organization(org_admin, superuser, client_for):
    superuser.organization = org_admin.organization
    superuser.save()
    client = client_for(org_admin)
    change = reverse("admin:accounts_user_change", args=[superuser.pk])
    password = reverse("admin:auth_user_password_change", args=[superuser.pk])

    assert "root" not in client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert client.get(change).status_code == 404
    assert client.get(password).status_code == 404
    response = client.post(
        password, {"password1": "uusi-salasana-123", "password2": "uusi-salasana-123"}
    )
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


@pytest.mark.django_db
def test_org_admin_team_form_offers_and_accepts_only_own_users(
    org_admin, alice, charlie, client_for
):
    team = TeamFactory(organization=org_admin.organization, name="Itä")
    url = reverse("admin:accounts_team_change", args=[team.pk])
    client = client_for(org_admin)

    html = client.get(url).content.decode()
    assert str(alice) in html
    assert str(charlie) not in html

    response = client.post(url, {"name": "Itä", "members": [alice.pk, charlie.pk]})

    assert response.status_code == 200  # the form again, with an error
    assert list(team.members.all()) == []


@pytest.mark.django_db
def test_org_admin_gets_a_form_error_for_a_duplicate_team_name(org_admin, client_for):
    TeamFactory(organization=org_admin.organization, name="Itä")

    response = client_for(org_admin).post(reverse("admin:accounts_team_add"), {"name": "Itä"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert Team.objects.filter(name="Itä").count() == 1


@pytest.mark.django_db
def test_org_admin_may_reuse_a_team_name_of_another_organization(org_admin, other_org, client_for):
    TeamFactory(organization=other_org, name="Itä")

    response = client_for(org_admin).post(reverse("admin:accounts_team_add"), {"name": "Itä"})

    assert response.status_code == 302
    assert Team.objects.get(organization=org_admin.organization).name == "Itä"


@pytest.mark.django_db
def test_superuser_cannot_put_another_organizations_user_in_a_team(
    superuser, org, alice, charlie, client_for
):
    response = client_for(superuser).post(
        reverse("admin:accounts_team_add"),
        {"organization": org.pk, "name": "Itä", "members": [alice.pk, charlie.pk]},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["members"]
    assert not Team.objects.exists()


@pytest.mark.django_db
def test_superuser_adds_a_user_to_an_organization(superuser, org, client_for):
    data = {
        "organization": org.pk,
        "username": "uusi",
        "role": Role.COACH,
        "password1": "pitka-salasana-123",
        "password2": "pitka-salasana-123",
    }
    client = client_for(superuser)

    without = client.post(reverse("admin:accounts_user_add"), {**data, "organization": ""})
    assert without.status_code == 200
    assert without.context["adminform"].form.errors["organization"]

    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302
    assert User.objects.get(username="uusi").organization == org


@pytest.mark.django_db
def test_org_admin_cannot_un_revoke_an_api_token(org_admin, alice, client_for):
    token, _raw = create_api_token(user=alice, name="Power BI")
    revoked_at = timezone.now()
    APIToken.objects.filter(pk=token.pk).update(revoked_at=revoked_at)
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    client = client_for(org_admin)

    assert 'name="revoked_at_0"' not in client.get(url).content.decode()
    client.post(url, {"revoked_at_0": "", "revoked_at_1": "", "name": "Power BI"})

    token.refresh_from_db()
    assert token.revoked_at == revoked_at


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


@pytest.mark.django_db
def test_org_admin_sees_their_own_organization_read_only(org_admin, client_for):
    """The issue's probe: an organisation admin set another's retention to 1 month (302)."""
    organization = org_admin.organization
    url = reverse("admin:accounts_organization_change", args=[organization.pk])
    client = client_for(org_admin)

    page = client.get(url)
    response = client.post(url, {"name": "Uusi nimi", "retention_months": "1"})

    assert page.status_code == 200
    assert 'name="retention_months"' not in page.content.decode()  # read-only
    assert response.status_code == 403
    organization.refresh_from_db()
    assert (organization.name, organization.retention_months) == (
        "Etelä-Karjalan hyvinvointialue",
        24,
    )
    assert client.get(reverse("admin:accounts_organization_add")).status_code == 403


@pytest.mark.django_db
def test_org_admin_changes_in_the_admin_are_audited(org_admin, client_for):
    team = TeamFactory(organization=org_admin.organization, name="Itä")
    client = client_for(org_admin)

    client.post(reverse("admin:accounts_team_change", args=[team.pk]), {"name": "Länsi"})
    client.post(reverse("admin:accounts_team_delete", args=[team.pk]), {"post": "yes"})

    events = AuditEvent.objects.filter(object_type="accounts.team", object_id=str(team.pk))
    assert [(e.action, e.fields, e.organization_id) for e in events.order_by("id")] == [
        ("crm.admin.accounts.team_changed", ["name"], org_admin.organization_id),
        ("crm.admin.accounts.team_deleted", [], org_admin.organization_id),
    ]
    assert not Team.objects.filter(pk=team.pk).exists()


@pytest.mark.django_db
def test_superuser_change_of_an_organization_is_audited_in_that_organization(
    superuser, org, client_for
):
    url = reverse("admin:accounts_organization_change", args=[org.pk])

    response = client_for(superuser).post(url, {"name": org.name, "retention_months": "36"})

    assert response.status_code == 302
    org.refresh_from_db()
    assert org.retention_months == 36
    event = AuditEvent.objects.get(action="crm.admin.accounts.organization_changed")
    assert (event.organization_id, event.username, event.fields) == (
        org.pk,
        "root",
        ["retention_months"],
    )


@pytest.mark.django_db
def test_a_related_filter_in_the_admin_lists_only_own_rows(
    org_admin, alice, charlie, client_for, monkeypatch
):
    """A plain `list_filter = ["user"]` would list every organisation's users as choices."""
    from django.contrib import admin

    create_api_token(user=alice, name="Power BI")
    create_api_token(user=charlie, name="Excel")
    monkeypatch.setattr(admin.site._registry[APIToken], "list_filter", ["user"])

    html = client_for(org_admin).get(reverse("admin:accounts_apitoken_changelist")).content
    html = html.decode()

    assert str(alice) in html
    assert str(charlie) not in html
