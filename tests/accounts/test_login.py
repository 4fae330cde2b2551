"""The real login page: generic errors, counted failures, throttling after repeated failures."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from crm.accounts.signals import LANGUAGE_CHOSEN
from tests.factories import PASSWORD


def attempt(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_a_correct_login_lands_on_the_role_home(alice, client):
    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert client.get(response.url).url == reverse("my_day")


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_generic_message(alice, client):
    wrong_password = attempt(client, "alice", "wrong-password").content.decode()
    unknown_user = attempt(client, "nobody", "wrong-password").content.decode()

    generic = "syötä kelvollinen käyttäjätunnus ja salasana"  # Django's own Finnish message
    assert generic in wrong_password
    assert generic in unknown_user
    assert 'aria-invalid="true"' in wrong_password


@pytest.mark.django_db
def test_failed_attempts_are_counted(alice, client):
    attempt(client, "alice", "wrong-1")
    attempt(client, "alice", "wrong-2")

    assert AccessAttempt.objects.get(username="alice").failures_since_start == 2


@pytest.mark.django_db
def test_too_many_failures_throttle_even_the_right_password(alice, client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", f"wrong-{n}")

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumisyritystä" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(alice, client):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "alice", f"wrong-{n}")
    attempt(client, "alice", PASSWORD)
    client.logout()

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "alice", f"again-{n}")

    assert attempt(client, "alice", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(alice, client_for):
    client = client_for(alice)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("my_day")).status_code == 302


@pytest.mark.django_db
def test_a_previous_persons_language_cookie_does_not_change_the_saved_language(alice, client):
    # Someone else used English on this shared computer and logged out; Alice uses Finnish.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    attempt(client, "alice", PASSWORD)

    alice.refresh_from_db()
    assert alice.language == "fi"
    assert "Oma päivä" in client.get(reverse("my_day")).content.decode()


@pytest.mark.django_db
def test_a_language_chosen_before_logging_in_is_saved_on_the_user(alice, client):
    # What the language switch on the login page records (crm.core.views.set_language).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    session = client.session
    session[LANGUAGE_CHOSEN] = "sv"
    session.save()

    attempt(client, "alice", PASSWORD)

    alice.refresh_from_db()
    assert alice.language == "sv"
    assert LANGUAGE_CHOSEN not in client.session  # used once, not again at the next login


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_throttled(alice, make_user, client):
    # One common password against many usernames: each stays under the per-username limit.
    for n in range(settings.AXES_IP_FAILURE_LIMIT):
        attempt(client, f"user{n}", "Kesä2025!")

    response = attempt(client, "alice", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_address_limit_leaves_other_addresses_and_room_for_typos(alice, client):
    for n in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        attempt(client, f"user{n}", "wrong-password")

    assert attempt(client, "alice", PASSWORD).status_code == 302  # under the limit


@pytest.mark.django_db
def test_a_throttled_address_does_not_lock_the_user_out_elsewhere(alice, client):
    for n in range(settings.AXES_IP_FAILURE_LIMIT):
        attempt(client, f"user{n}", "Kesä2025!")

    elsewhere = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )

    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_a_colleagues_login_does_not_wipe_the_count_of_an_attack_on_someone_else(
    alice, bob, client
):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "bob", f"wrong-{n}")
    attempt(client, "alice", PASSWORD)
    client.logout()

    attempt(client, "bob", "wrong-again")

    assert attempt(client, "bob", PASSWORD).status_code == 429
