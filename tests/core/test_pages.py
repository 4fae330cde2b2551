"""Home pages, language, security headers and health, as a user or operator notices them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crm.accounts.models import Role


@pytest.mark.django_db
def test_the_ui_is_finnish_by_default_even_for_an_english_browser(client):
    html = client.get(reverse("login"), headers={"accept-language": "en-US,en"}).content.decode()

    assert '<html lang="fi">' in html
    assert "Kirjaudu sisään" in html


@pytest.mark.django_db
def test_switching_language_is_remembered_on_the_user(alice, client_for):
    client = client_for(alice)

    client.post(reverse("set_language"), {"language": "sv", "next": reverse("my_day")})

    alice.refresh_from_db()
    assert alice.language == "sv"
    assert "Min dag" in client.get(reverse("my_day")).content.decode()


@pytest.mark.django_db
def test_a_language_chosen_on_the_login_page_sticks_after_login(alice, client):
    from tests.factories import PASSWORD

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    alice.refresh_from_db()
    assert alice.language == "en"
    assert "My day" in client.get(reverse("my_day")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "page", "text"),
    [
        (Role.COACH, "my_day", "Oma päivä"),
        (Role.RELATIONS, "employer_list", "Työnantajat"),
        (Role.LEAD, "reports_home", "Raportit"),
        (Role.ADMIN, "organization_overview", "Käyttäjät"),
    ],
)
def test_role_home_pages_render_real_empty_states(role, page, text, make_user, client_for):
    user = make_user(role=role)

    html = client_for(user).get(reverse(page)).content.decode()

    assert text in html
    assert user.organization.name in html
    assert "lorem" not in html.lower()


@pytest.mark.django_db
def test_my_day_shows_the_coachs_teams(alice, client_for):
    from tests.factories import TeamFactory

    team = TeamFactory(organization=alice.organization, name="IPS-tiimi Lappeenranta")
    team.members.add(alice)

    assert "IPS-tiimi Lappeenranta" in client_for(alice).get(reverse("my_day")).content.decode()


@pytest.mark.django_db
def test_the_organization_overview_shows_only_own_users(make_user, charlie, client_for):
    admin = make_user(role=Role.ADMIN)

    html = client_for(admin).get(reverse("organization_overview")).content.decode()

    assert admin.username in html
    assert "charlie" not in html


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_load_no_third_party_assets(alice, client_for):
    html = client_for(alice).get(reverse("my_day")).content.decode()

    assert "<script" in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


@pytest.mark.django_db
def test_session_cookies_are_secure_httponly_and_lax(alice, client):
    from tests.factories import PASSWORD

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_health_endpoints_answer_without_login(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
    assert client.get("/api/v1/health").json() == {"status": "ok", "database": True}


@pytest.mark.django_db
def test_a_forbidden_page_explains_itself_in_finnish(make_user, client_for):
    response = client_for(make_user(role=Role.COACH)).get(reverse("reports_home"))

    assert response.status_code == 403
    assert "Ei käyttöoikeutta" in response.content.decode()
