"""One submission, one effect (issue 13, item 4): the same contact-log POST twice — a double
click, a reload, a client retry, or two at once — makes one entry and one follow-up.

Forms carry a one-time token; API clients send an `Idempotency-Key` header. A repeat gets the
first answer again; only a success is kept (24 hours), so a refused submission can be fixed
and sent with the same token or key."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.accounts.services import create_api_token
from crm.core.models import IdempotentRequest
from crm.core.tasks import purge_idempotent_requests
from crm.employers.models import EmployerContact, FollowUp
from tests.conftest import require_service
from tests.factories import EmployerFactory, OpeningFactory, create_job_seeker, create_placement

TODAY = timezone.localdate()
CONTACTS = "/api/v1/employer-contacts"
TOKEN_INPUT = re.compile(r'<input type="hidden" name="submission_token" value="([\w-]+)"')


def contact_body(employer, **extra) -> dict:
    return {
        "employer_id": employer.pk,
        "channel": "face_to_face",
        "purpose": "needs_discovery",
        "summary": "Kävimme läpi keittiön tehtävät.",
        "next_step": "Soita esimiehelle",
        "follow_up_on": str(TODAY + timedelta(days=7)),
    } | extra


def post_json(client: Client, body: dict, key: str | None = None, path: str = CONTACTS):
    headers = {"idempotency-key": key} if key is not None else {}
    return client.post(path, body, content_type="application/json", headers=headers)


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="Keittiö Oy")


# The API: Idempotency-Key --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_api_post_twice_with_a_key_logs_one_contact_and_one_follow_up(
    alice, employer, api_for
):
    api = api_for(alice)

    first = post_json(api, contact_body(employer), key="0f8c2d4e-retry-1")
    again = post_json(api, contact_body(employer), key="0f8c2d4e-retry-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert EmployerContact.objects.count() == 1
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_api_post_is_its_own(alice, employer, api_for):
    api = api_for(alice)

    post_json(api, contact_body(employer))
    post_json(api, contact_body(employer))

    assert EmployerContact.objects.count() == 2


@pytest.mark.django_db
def test_a_key_used_for_another_body_is_a_422_on_the_header(alice, employer, api_for):
    api = api_for(alice)
    post_json(api, contact_body(employer), key="k-1")

    other = post_json(api, contact_body(employer, summary="Eri asia"), key="k-1")

    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert EmployerContact.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_request_does_not_use_the_key_up(alice, employer, api_for):
    api = api_for(alice)

    refused = post_json(api, contact_body(employer, channel="carrier_pigeon"), key="k-2")
    fixed = post_json(api, contact_body(employer), key="k-2")

    assert refused.status_code == 422
    assert fixed.status_code == 201
    assert EmployerContact.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_per_user(alice, bob, employer, api_for):
    post_json(api_for(alice), contact_body(employer), key="shared-key")
    bobs = post_json(api_for(bob), contact_body(employer), key="shared-key")

    assert bobs.status_code == 201 and "Idempotent-Replayed" not in bobs
    assert EmployerContact.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "äö"])
def test_a_malformed_key_is_a_422(alice, employer, api_for, key):
    response = post_json(api_for(alice), contact_body(employer), key=key)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not EmployerContact.objects.exists()


@pytest.mark.django_db
def test_a_form_encoded_or_multipart_api_post_is_left_for_the_api_to_read(alice, api_for):
    api = api_for(alice)

    with_key = api.post("/api/v1/employers", {"name": "Oy"}, headers={"idempotency-key": "m-1"})
    without = api.post("/api/v1/", {"name": "Oy"})

    assert with_key.status_code in (400, 422)
    assert with_key["Content-Type"].startswith("application/json")
    assert without.status_code in (404, 405)


@pytest.mark.django_db
def test_without_a_login_the_key_changes_nothing(employer):
    response = post_json(Client(), contact_body(employer), key="anonymous")

    assert response.status_code == 401
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db
def test_a_key_is_kept_for_24_hours(alice, employer, api_for):
    api = api_for(alice)
    post_json(api, contact_body(employer), key="day-old")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))

    later = post_json(api, contact_body(employer), key="day-old")

    assert later.status_code == 201 and "Idempotent-Replayed" not in later
    assert EmployerContact.objects.count() == 2


@pytest.mark.django_db
def test_the_hourly_task_forgets_submissions_older_than_a_day(alice, employer, api_for):
    api = api_for(alice)
    post_json(api, contact_body(employer), key="old")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    post_json(api, contact_body(employer), key="new")

    assert purge_idempotent_requests() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["api:new"]


@pytest.mark.django_db
def test_an_abandoned_claim_does_not_block_the_key_for_ever(alice, employer, api_for):
    # The first request's process died before it answered: no status, minutes old.
    IdempotentRequest.objects.create(
        organization=alice.organization, user=alice, key="api:orphan", request_hash="x", path="/"
    )
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(minutes=10))

    response = post_json(api_for(alice), contact_body(employer), key="orphan")

    assert response.status_code == 201
    assert EmployerContact.objects.count() == 1


# Forms: a one-time token ---------------------------------------------------------------------


def form_token(response) -> str:
    match = TOKEN_INPUT.search(response.content.decode())
    assert match, "the form has no submission token"
    return match.group(1)


def contact_form_data(employer, token: str, **extra) -> dict:
    return {
        "employer": employer.pk,
        "channel": "face_to_face",
        "purpose": "needs_discovery",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Kävimme läpi keittiön tehtävät.",
        "next_step": "Soita esimiehelle",
        "follow_up_on": (TODAY + timedelta(days=7)).isoformat(),
        "submission_token": token,
    } | extra


@pytest.mark.django_db
def test_a_double_submitted_contact_form_logs_one_contact_and_one_follow_up(
    alice, employer, client_for
):
    alice.language = "en"
    alice.save()
    client = client_for(alice)
    url = reverse("contact_create", args=[employer.pk])
    data = contact_form_data(employer, form_token(client.get(url)))

    first = client.post(url, data)
    again = client.post(url, data)

    assert first.status_code == again.status_code == 302
    assert again.url == first.url == reverse("employer_detail", args=[employer.pk])
    assert EmployerContact.objects.count() == 1
    assert FollowUp.objects.count() == 1
    assert "This form had already been sent" in client.get(again.url).content.decode()


@pytest.mark.django_db
def test_a_form_shown_again_with_errors_keeps_its_token_and_saves_once_fixed(
    alice, employer, client_for
):
    client = client_for(alice)
    url = reverse("contact_create", args=[employer.pk])
    token = form_token(client.get(url))

    refused = client.post(url, contact_form_data(employer, token, summary=""))
    assert refused.status_code == 422
    assert form_token(refused) == token

    fixed = client.post(url, contact_form_data(employer, token))
    again = client.post(url, contact_form_data(employer, token))
    assert fixed.status_code == again.status_code == 302
    assert EmployerContact.objects.count() == 1


@pytest.mark.django_db
def test_the_same_form_sent_with_other_contents_is_another_submission(alice, employer, client_for):
    # Back to the form after saving, a change, and Save: what the person meant is a new entry.
    client = client_for(alice)
    url = reverse("contact_create", args=[employer.pk])
    token = form_token(client.get(url))

    client.post(url, contact_form_data(employer, token))
    client.post(url, contact_form_data(employer, token, summary="Toinen käynti"))

    assert EmployerContact.objects.count() == 2


@pytest.mark.django_db
def test_a_form_without_a_token_still_saves(alice, employer, client_for):
    data = contact_form_data(employer, "")
    response = client_for(alice).post(reverse("contact_create", args=[employer.pk]), data)

    assert response.status_code == 302
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db
def test_every_create_form_carries_a_token(org, alice, make_user, client_for):
    """Walks the pages with a create form; a new one without `SubmissionTokenMixin` (or the
    `{% submission_token %}` tag) fails here once it is added to this list."""
    employer = EmployerFactory(organization=org)
    opening = OpeningFactory(organization=org, employer=employer)
    person = create_job_seeker(coach=alice)
    job = create_placement(candidate=person, employer=employer)
    client = client_for(alice)
    pages = {
        "log a contact": reverse("contact_create", args=[employer.pk]),
        "add an employer": reverse("employer_create"),
        "add a contact person": reverse("contact_person_create", args=[employer.pk]),
        "add an opening": reverse("opening_create", args=[employer.pk]),
        "add a job tailoring note": reverse("tailoring_create", args=[employer.pk]),
        "add a job seeker": reverse("candidate_create"),
        "record a milestone, add a follow-up": reverse("candidate_detail", args=[person.pk]),
        "add a work history entry": reverse("candidate_profile", args=[person.pk]),
        "record Kykyviisari": reverse("candidate_kykyviisari", args=[person.pk]),
        "record a consent": reverse("candidate_consents", args=[person.pk]),
        "write a case note": reverse("candidate_notes", args=[person.pk]),
        "propose": reverse("proposal_create") + f"?opening={opening.pk}",
        "propose from the matches": reverse("opening_matches", args=[opening.pk]),
        "record a job start": reverse("placement_create", args=[person.pk])
        + f"?employer={employer.pk}",
        "log a support contact, record a check-in": reverse("placement_detail", args=[job.pk]),
    }
    missing = []
    for name, url in pages.items():
        html = client.get(url).content.decode()
        expected = 2 if "," in name else 1
        if len(TOKEN_INPUT.findall(html)) < expected:
            missing.append(name)

    assert missing == []


# Two at once (PostgreSQL: real concurrent transactions) --------------------------------------


def _require_postgresql() -> None:
    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL",
        "run with DATABASE_URL=postgres://… to test concurrent double submits",
    )


class ContactTableLock:
    """Holds an exclusive lock on the contact table in its own connection: a request that
    logs a contact waits inside its view until `release()`."""

    def __init__(self) -> None:
        self.locked, self.released = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    table = EmployerContact._meta.db_table
                    cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
                self.locked.set()
                self.released.wait(60)
        finally:
            connection.close()

    def __enter__(self) -> ContactTableLock:
        self.thread.start()
        assert self.locked.wait(30)
        return self

    def release(self) -> None:
        self.released.set()
        self.thread.join(60)

    def __exit__(self, *exc: object) -> None:
        self.release()


def in_thread(target, results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            results[name] = target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_for_claim(count: int = 1) -> None:
    for _ in range(600):
        if IdempotentRequest.objects.count() >= count:
            return
        threading.Event().wait(0.05)
    raise AssertionError("the first request never claimed its submission")


@pytest.mark.django_db(transaction=True)
def test_two_api_posts_at_once_log_one_contact(alice, employer):
    _require_postgresql()
    _token, raw = create_api_token(user=alice, name="retrying client")
    body = contact_body(employer)
    results: dict = {}

    def send():
        client = Client(headers={"authorization": f"Bearer {raw}"})
        return post_json(client, body, key="at-once")

    with ContactTableLock() as lock:
        first = in_thread(send, results, "first")
        wait_for_claim()  # the first is inside its view, waiting for the lock
        second = in_thread(send, results, "second")
        second.join(60)
        lock.release()
        first.join(60)

    assert results["first"].status_code == 201
    assert results["second"].status_code == 409  # still running: retry
    assert results["second"]["Retry-After"] == "1"
    retried = send()
    assert retried.status_code == 201 and retried.json() == results["first"].json()
    assert EmployerContact.objects.count() == 1
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_the_contact_form_logs_one_contact(alice, employer):
    _require_postgresql()
    client = Client()
    client.force_login(alice)
    session_cookie = client.cookies
    url = reverse("contact_create", args=[employer.pk])
    data = contact_form_data(employer, form_token(client.get(url)))
    results: dict = {}

    def send():
        browser = Client()
        browser.cookies = session_cookie
        return browser.post(url, data)

    with ContactTableLock() as lock:
        first = in_thread(send, results, "first")
        wait_for_claim()
        second = in_thread(send, results, "second")  # waits for the first to finish
        lock.release()
        first.join(60)
        second.join(60)

    assert results["first"].status_code == results["second"].status_code == 302
    assert results["first"].url == results["second"].url
    assert EmployerContact.objects.count() == 1
    assert FollowUp.objects.count() == 1


@pytest.mark.django_db
def test_erasing_a_person_forgets_the_kept_answers_that_could_name_them(alice, api_for):
    from crm.candidates.rights.erase import erase_job_seeker

    person = create_job_seeker(coach=alice)
    api = api_for(alice)
    note = {"written_on": str(TODAY), "contact_type": "phone", "text": "Soitimme."}
    created = post_json(api, note, key="note-1", path=f"/api/v1/candidates/{person.pk}/notes")
    assert created.status_code == 201, created.content
    assert IdempotentRequest.objects.exclude(status_code=None).exists()

    erase_job_seeker(job_seeker=person, by=alice)

    assert not IdempotentRequest.objects.exists()
