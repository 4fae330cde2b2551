"""Roles decide pages through permissions: a matrix of role by page, plus home redirects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crm.accounts.models import Role
from crm.accounts.roles import ROLE_PERMISSIONS, sync_role_groups

PAGES = ["my_day", "employer_list", "reports_home", "organization_overview"]

ALLOWED = {
    Role.COACH: {"my_day", "employer_list"},
    Role.RELATIONS: {"my_day", "employer_list"},
    Role.LEAD: {"reports_home", "employer_list"},
    Role.ADMIN: {"reports_home", "organization_overview"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_opens_only_its_pages(role, page, make_user, client_for):
    response = client_for(make_user(role=role)).get(reverse(page))

    assert response.status_code == (200 if page in ALLOWED[role] else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(page, client):
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.COACH, "my_day"),
        (Role.RELATIONS, "employer_list"),
        (Role.LEAD, "reports_home"),
        (Role.ADMIN, "organization_overview"),
    ],
)
def test_each_role_lands_on_its_own_home_page(role, home, make_user, client_for):
    response = client_for(make_user(role=role)).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse(home)


@pytest.mark.django_db
def test_navigation_shows_only_the_links_a_role_may_use(make_user, client_for):
    html = client_for(make_user(role=Role.COACH)).get(reverse("my_day")).content.decode()

    assert reverse("my_day") in html
    assert reverse("reports_home") not in html
    assert reverse("organization_overview") not in html


@pytest.mark.django_db
def test_every_permission_named_for_a_role_exists():
    sync_role_groups(strict=True)  # raises LookupError for a misspelt permission


@pytest.mark.django_db
def test_changing_the_role_changes_the_permissions(make_user):
    from crm.accounts.models import User
    from crm.accounts.services import change_role

    user = make_user(role=Role.COACH)
    assert not user.has_perm("accounts.view_reports")

    change_role(user=user, role=Role.LEAD)
    user = User.objects.get(pk=user.pk)  # permissions are cached per instance

    assert user.has_perm("accounts.view_reports")
    assert not user.has_perm("accounts.use_my_day")
    assert set(ROLE_PERMISSIONS[Role.LEAD]) <= user.get_all_permissions()


@pytest.mark.django_db
def test_only_admins_are_staff(make_user):
    from crm.accounts.services import change_role

    user = make_user(role=Role.COACH)
    change_role(user=user, role=Role.ADMIN)
    assert user.is_staff
    change_role(user=user, role=Role.RELATIONS)
    assert not user.is_staff
