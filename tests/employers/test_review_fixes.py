"""What the employer side shows and e-mails about job seekers, and the rules for naming them:
notes about a person reach only their coach team, presenting them needs their consent, and
every change to a follow-up about them is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from crm.accounts.models import AuditEvent, Role
from crm.candidates.services import grant_consent
from crm.employers.digest import follow_ups_due
from crm.employers.services import (
    complete_follow_up,
    create_employer,
    create_follow_up,
    log_employer_contact,
    reopen_follow_up,
    reschedule_follow_up,
)
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerFactory, create_job_seeker

pytestmark = pytest.mark.django_db

LOG = "/api/v1/employer-contacts"
HIDDEN = "Details are visible to the job seeker's coach team."
SECRET = "Ainon paniikkihäiriö puheeksi"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for):
    def login(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return client_for(user)

    return login


@pytest.fixture
def api_for(api_for):
    def make(user):
        client = api_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


@pytest.fixture
def aino(alice):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")


@pytest.fixture
def others(bob, make_user):
    """Everyone in the organisation outside Aino's coach team."""
    return {
        "other coach": bob,
        "relations": make_user(role=Role.RELATIONS, username="mikko", language="en"),
        "lead": make_user(role=Role.LEAD, username="liisa", language="en"),
    }


def consent(seeker, by, days_ago=30):
    today = timezone.localdate()
    return grant_consent(
        job_seeker=seeker,
        by=by,
        purpose="employer_disclosure",
        granted_on=today - timedelta(days=days_ago),
    )


def log(employer, by, **fields):
    fields.setdefault("channel", "face_to_face")
    fields.setdefault("purpose", "needs_discovery")
    fields.setdefault("summary", "Käynti myymäläpäällikön luona.")
    return log_employer_contact(employer=employer, by=by, **fields)


def log_about_aino(employer, alice, aino):
    return log(
        employer,
        alice,
        candidates=[aino],
        summary=SECRET,
        outcome="Sovittiin hiljaisesta taukotilasta",
        next_step="Kysy vuorolistasta",
    )


# 1. Contact-log texts about a person ---------------------------------------------------------


@pytest.mark.parametrize("page", ["employer_detail", "contact_log"])
def test_texts_of_a_contact_about_a_person_reach_only_their_coach_team(
    page, alice, others, client_for, employer, aino
):
    log_about_aino(employer, alice, aino)
    log(employer, alice, summary="Yleinen käynti")
    url = reverse(page, args=[employer.pk]) if page == "employer_detail" else reverse(page)

    for_alice = client_for(alice).get(url).content.decode()
    assert SECRET in for_alice
    assert HIDDEN not in for_alice
    for who, user in others.items():
        html = client_for(user).get(url).content.decode()
        assert "Yleinen käynti" in html, who
        assert HIDDEN in html, who
        for text in (SECRET, "hiljaisesta taukotilasta", "Kysy vuorolistasta"):
            assert text not in html, who


def test_the_api_leaves_out_texts_and_ids_of_people_outside_the_coach_team(
    alice, others, api_for, employer, aino
):
    log_about_aino(employer, alice, aino)

    mine = api_for(alice).get(LOG).json()["items"][0]
    assert (mine["summary"], mine["candidate_ids"], mine["details_hidden"]) == (
        SECRET,
        [aino.pk],
        False,
    )
    for who, user in others.items():
        row = api_for(user).get(LOG).json()["items"][0]
        assert row["details_hidden"] is True, who
        assert (row["summary"], row["outcome"], row["next_step"]) == (None, None, None), who
        assert row["candidate_ids"] == [], who


def test_the_candidate_filter_and_text_search_reveal_nothing_outside_the_coach_team(
    alice, bob, api_for, client_for, employer, aino
):
    contact = log_about_aino(employer, alice, aino)

    def ids(user, **params):
        return [row["id"] for row in api_for(user).get(LOG, params).json()["items"]]

    assert ids(alice, candidate=aino.pk) == [contact.pk]
    assert ids(alice, q="paniikkihäiriö") == [contact.pk]
    assert ids(bob, candidate=aino.pk) == []
    assert ids(bob, q="paniikkihäiriö") == []
    assert ids(bob, candidate=987654) == []  # the same answer as for someone who exists
    assert ids(bob, q="K-Market") == [contact.pk]  # still found by the employer's name
    html = client_for(bob).get(reverse("contact_log"), {"candidate": aino.pk}).content.decode()
    assert "0 contacts" in html


def test_hiding_texts_does_not_add_queries_per_row(alice, bob, api_for, employer):
    api = api_for(bob)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(LOG).status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for _ in range(n):
            log(employer, alice, candidates=[create_job_seeker(coach=alice)])

    add(1)
    count()  # the first request also notes when the token was last used
    few = count()
    add(5)
    assert count() == few


# 2. and 5. Follow-up titles about a person ----------------------------------------------------


def test_the_employer_page_hides_follow_ups_about_people_of_other_teams(
    alice, others, client_for, employer, aino
):
    today = timezone.localdate()
    create_follow_up(
        user=alice, due_on=today, title="Ainon työkokeilu", employer=employer, job_seeker=aino
    )
    create_follow_up(user=alice, due_on=today, title="Soita HR:lle", employer=employer)
    url = reverse("employer_detail", args=[employer.pk])

    assert "Ainon työkokeilu" in client_for(alice).get(url).content.decode()
    for who, user in others.items():
        html = client_for(user).get(url).content.decode()
        assert "Soita HR:lle" in html, who
        assert "Ainon työkokeilu" not in html, who


def test_the_digest_does_not_email_the_title_of_a_follow_up_about_a_person(alice, aino):
    today = timezone.localdate()
    create_follow_up(user=alice, due_on=today, title="Ainon lääkärinlausunto", job_seeker=aino)
    create_follow_up(user=alice, due_on=today, title="Soita HR:lle")

    titles = sorted(item.title for item in follow_ups_due(alice, today).items)

    assert titles == ["Follow-up about a job seeker", "Soita HR:lle"]


# 6a. Auditing follow-ups about a person -------------------------------------------------------


def test_every_change_to_a_follow_up_about_a_person_is_audited(alice, aino, employer):
    today = timezone.localdate()
    follow_up = create_follow_up(user=alice, due_on=today, title="Soita", job_seeker=aino)
    complete_follow_up(follow_up=follow_up, by=alice)
    reopen_follow_up(follow_up=follow_up, by=alice)
    reschedule_follow_up(follow_up=follow_up, due_on=today + timedelta(days=2), by=alice)
    create_follow_up(user=alice, due_on=today, title="Ei henkilöä", employer=employer)

    events = AuditEvent.objects.filter(action__startswith="crm.candidate.follow_up")
    assert list(events.order_by("pk").values_list("action", "object_id", "user")) == [
        ("crm.candidate.follow_up_added", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_done", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_reopened", str(aino.pk), alice.pk),
        ("crm.candidate.follow_up_rescheduled", str(aino.pk), alice.pk),
    ]


# 10. A contact before the referral ------------------------------------------------------------


def test_a_contact_before_the_persons_referral_cannot_be_on_their_behalf(alice, employer):
    today = timezone.localdate()
    seeker = create_job_seeker(
        coach=alice,
        first_name="Aino",
        last_name="Uusi",
        referred_on=today - timedelta(days=3),
        intake_on=today - timedelta(days=2),
    )

    with pytest.raises(ValidationError) as exc:
        log(employer, alice, candidates=[seeker], occurred_at=timezone.now() - timedelta(days=5))

    message = exc.value.message_dict["candidates"][0]
    assert "Aino Uusi" in message
    assert "was referred on" in message
    log(employer, alice, candidates=[seeker])  # after the referral it is fine


# 12. Consent to disclosure --------------------------------------------------------------------

NO_CONSENT = (
    "Aino Virtanen has no valid consent for: Disclosure to an employer. Record the consent first."
)


def test_presenting_a_person_needs_their_consent_to_disclosure(alice, employer, aino):
    with pytest.raises(ValidationError) as exc:
        log(employer, alice, purpose="presenting_candidate", candidates=[aino])
    assert exc.value.message_dict["candidates"] == [NO_CONSENT]

    consent(aino, alice)
    contact = log(employer, alice, purpose="presenting_candidate", candidates=[aino])
    assert list(contact.candidates.all()) == [aino]


def test_the_contact_form_shows_the_missing_consent_next_to_the_people(
    alice, client_for, employer, aino
):
    response = client_for(alice).post(
        reverse("contact_create", args=[employer.pk]),
        {
            "employer": employer.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "face_to_face",
            "purpose": "presenting_candidate",
            "summary": "Esittelin Ainon.",
            "candidates": [aino.pk],
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["candidates"] == [NO_CONSENT]
    assert 'class="field-error" id="id_candidates_error"' in response.content.decode()


def test_the_api_refuses_presenting_without_consent_on_candidate_ids(
    alice, api_for, employer, aino
):
    body = {
        "employer_id": employer.pk,
        "channel": "face_to_face",
        "purpose": "presenting_candidate",
        "summary": "Esittelin Ainon.",
        "candidate_ids": [aino.pk],
    }
    response = api_for(alice).post(LOG, body, content_type="application/json")

    assert field_errors(response) == {"candidate_ids": [NO_CONSENT]}


# 13. No silent truncation ---------------------------------------------------------------------


def test_a_too_long_follow_up_title_is_an_error_not_cut(alice):
    with pytest.raises(ValidationError) as exc:
        create_follow_up(user=alice, due_on=timezone.localdate(), title="x" * 251)

    assert "title" in exc.value.message_dict


def test_the_api_says_the_follow_up_title_is_too_long(alice, api_for):
    body = {"due_on": timezone.localdate().isoformat(), "title": "x" * 300}
    response = api_for(alice).post("/api/v1/follow-ups", body, content_type="application/json")

    assert "title" in field_errors(response)


def test_a_too_long_tag_is_an_error_not_cut(org, alice):
    with pytest.raises(ValidationError) as exc:
        create_employer(organization_id=org.pk, by=alice, name="Kahvila Kulma", tags=["y" * 51])

    assert "tags" in exc.value.message_dict


def test_a_dated_next_step_becomes_a_follow_up_with_the_full_text(alice, employer):
    step = "Soita " + "z" * 244  # 250 characters, the longest next step there is
    contact = log(employer, alice, next_step=step, follow_up_on=timezone.localdate())

    assert contact.follow_ups.get().title == step
