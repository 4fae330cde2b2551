"""Employer contacts and follow-ups made on behalf of job seekers: who may name whom, what the
contact log shows to whom, and the IPS milestone it feeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from crm.accounts.models import AuditEvent, Role
from crm.candidates import selectors as candidate_selectors
from crm.candidates.access import Access
from crm.candidates.models import MilestoneKind
from crm.candidates.rights.erase import erase_job_seeker
from crm.candidates.services.consents import grant_consent
from crm.employers.models import EmployerContact, FollowUp
from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.follow_ups import create_follow_up
from tests.employers.test_api_employers import field_errors
from tests.factories import EmployerFactory, TeamFactory, create_job_seeker

pytestmark = pytest.mark.django_db

LOG = "/api/v1/employer-contacts"
COACH_TEAM_ONLY = "Only the person's own coach team can name job seekers on a contact."


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language), whatever gets translated."""
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
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # token clients choose by header
        return client

    return make


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta")


@pytest.fixture
def relations(make_user):
    return make_user(role=Role.RELATIONS, username="mikko")


@pytest.fixture
def aino(alice):
    return create_job_seeker(coach=alice, first_name="Aino", last_name="Virtanen")


@pytest.fixture
def bobs_person(bob):
    return create_job_seeker(coach=bob, first_name="Bertta", last_name="Bobinen")


def log(employer, by, **fields):
    # Presenting someone needs their consent ("Before the referral, and consent" below).
    fields.setdefault("channel", "face_to_face")
    fields.setdefault("purpose", "needs_discovery")
    fields.setdefault("summary", "Esittelin työnhakijan myymäläpäällikölle.")
    return log_employer_contact(employer=employer, by=by, **fields)


def candidate_errors(exc: pytest.ExceptionInfo) -> list[str]:
    return exc.value.message_dict["candidates"]


# The service --------------------------------------------------------------------------------


def test_a_coach_names_a_person_of_their_caseload_and_the_naming_is_audited(employer, alice, aino):
    contact = log(employer, alice, candidates=[aino, aino])

    assert list(contact.candidates.all()) == [aino]
    assert AuditEvent.objects.filter(
        action="crm.candidate.employer_contact_logged", object_id=str(aino.pk), user=alice
    ).exists()


def test_a_team_member_may_name_a_colleagues_person(org, employer, alice, bob):
    team = TeamFactory(organization=org)
    team.members.add(alice, bob)
    person = create_job_seeker(coach=bob)

    contact = log(employer, alice, candidates=[person])

    assert list(contact.candidates.all()) == [person]


def test_a_coach_outside_the_persons_team_cannot_name_them(employer, alice, bobs_person):
    with pytest.raises(ValidationError) as exc:
        log(employer, alice, candidates=[bobs_person])

    assert candidate_errors(exc) == [COACH_TEAM_ONLY]
    assert not EmployerContact.objects.exists()


def test_relations_staff_cannot_name_anyone(employer, relations, aino):
    with pytest.raises(ValidationError) as exc:
        log(employer, relations, candidates=[aino])

    assert candidate_errors(exc) == [COACH_TEAM_ONLY]
    assert not EmployerContact.objects.exists()


def test_a_person_of_another_organisation_cannot_be_named(employer, alice, charlie):
    theirs = create_job_seeker(coach=charlie)

    with pytest.raises(ValidationError) as exc:
        log(employer, alice, candidates=[theirs])

    assert candidate_errors(exc) == ["Choose job seekers of your organisation."]


def test_exited_and_erased_people_cannot_be_named(employer, alice, make_user):
    exited = create_job_seeker(coach=alice, status="exited", first_name="Eero")
    erased = erase_job_seeker(job_seeker=create_job_seeker(coach=alice), by=alice)

    with pytest.raises(ValidationError) as left:
        log(employer, alice, candidates=[exited])
    with pytest.raises(ValidationError) as gone:
        log(employer, alice, candidates=[erased])

    assert "Eero" in candidate_errors(left)[0]
    assert "erased" in candidate_errors(gone)[0]
    assert not EmployerContact.objects.exists()


def test_other_field_errors_are_reported_together_with_the_candidates_error(
    employer, alice, bobs_person
):
    with pytest.raises(ValidationError) as exc:
        log(
            employer,
            alice,
            candidates=[bobs_person],
            occurred_at=timezone.now() + timedelta(days=1),
        )

    assert set(exc.value.message_dict) == {"candidates", "occurred_at"}


def test_a_dated_next_step_for_one_person_becomes_a_follow_up_about_them(employer, alice, aino):
    log(
        employer,
        alice,
        candidates=[aino],
        next_step="Soita haastatteluajasta",
        follow_up_on=timezone.localdate() + timedelta(days=2),
    )

    follow_up = FollowUp.objects.get()
    assert (follow_up.job_seeker, follow_up.employer, follow_up.user) == (aino, employer, alice)


def test_a_follow_up_about_a_person_of_another_organisation_is_refused(alice, charlie):
    theirs = create_job_seeker(coach=charlie)

    with pytest.raises(ValidationError) as exc:
        create_follow_up(user=alice, due_on=timezone.localdate(), title="Soita", job_seeker=theirs)

    assert "job_seeker" in exc.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_follow_up_can_be_about_a_person(alice, aino):
    follow_up = create_follow_up(
        user=alice, due_on=timezone.localdate(), title="Kysy voinnista", job_seeker=aino
    )

    assert follow_up.job_seeker == aino
    assert follow_up.employer is None


# The IPS milestone --------------------------------------------------------------------------


def test_the_first_face_to_face_contact_naming_a_person_is_their_milestone(employer, alice):
    today = timezone.localdate()
    person = create_job_seeker(coach=alice, intake_on=today - timedelta(days=40))
    log(employer, alice, channel="phone", candidates=[person])  # a call does not count

    def seeker():
        return candidate_selectors.job_seeker_get(user=alice, pk=person.pk, level=Access.FULL)

    assert candidate_selectors.days_to_first_employer_contact(seeker()) == 40  # clock running
    met_at = timezone.now() - timedelta(days=5)
    log(employer, alice, candidates=[person], occurred_at=met_at)

    timeline = candidate_selectors.timeline(user=alice, job_seeker=seeker())
    first = [e for e in timeline if e.kind == MilestoneKind.FIRST_EMPLOYER_CONTACT]
    assert [(e.on, e.note, e.derived) for e in first] == [
        (timezone.localtime(met_at).date(), "K-Market Lappeenranta", True)
    ]
    assert candidate_selectors.days_to_first_employer_contact(seeker()) == 35


# The API ------------------------------------------------------------------------------------


def api_log(api, employer, **fields):
    body = {
        "employer_id": employer.pk,
        "channel": "face_to_face",
        "purpose": "needs_discovery",
        "summary": "Esittelin työnhakijan.",
        **fields,
    }
    return api.post(LOG, body, content_type="application/json")


def test_the_api_stores_and_returns_candidate_ids(alice, api_for, employer, aino):
    other = create_job_seeker(coach=alice)
    api = api_for(alice)

    response = api_log(api, employer, candidate_ids=[aino.pk, other.pk])

    assert response.status_code == 201, response.content
    assert sorted(response.json()["candidate_ids"]) == sorted([aino.pk, other.pk])
    contact = EmployerContact.objects.get()
    assert set(contact.candidates.all()) == {aino, other}
    listed = api.get(LOG).json()["items"][0]
    assert sorted(listed["candidate_ids"]) == sorted([aino.pk, other.pk])


def test_the_api_filters_the_log_by_candidate(alice, api_for, employer, aino):
    mine = log(employer, alice, candidates=[aino])
    log(employer, alice)

    response = api_for(alice).get(LOG, {"candidate": aino.pk})

    assert [row["id"] for row in response.json()["items"]] == [mine.pk]


def test_unknown_and_other_organisation_ids_look_the_same(alice, charlie, api_for, employer):
    theirs = create_job_seeker(coach=charlie)
    api = api_for(alice)

    unknown = field_errors(api_log(api, employer, candidate_ids=[987654]))
    elsewhere = field_errors(api_log(api, employer, candidate_ids=[theirs.pk]))

    assert unknown == elsewhere == {"candidate_ids": ["Not found."]}
    assert not EmployerContact.objects.exists()


def test_relations_staff_get_422_saying_only_the_coach_team_can_name(
    relations, api_for, employer, aino
):
    errors = field_errors(api_log(api_for(relations), employer, candidate_ids=[aino.pk]))

    assert errors == {"candidate_ids": [COACH_TEAM_ONLY]}
    assert not EmployerContact.objects.exists()


def test_a_coach_outside_the_team_gets_422_on_candidate_ids(alice, api_for, employer, bobs_person):
    errors = field_errors(api_log(api_for(alice), employer, candidate_ids=[bobs_person.pk]))

    assert errors == {"candidate_ids": [COACH_TEAM_ONLY]}


# The contact form ---------------------------------------------------------------------------


def test_the_form_lists_the_coachs_own_caseload_as_checkboxes(
    alice, client_for, employer, aino, bobs_person
):
    create_job_seeker(coach=alice, first_name="Ulla", status="exited")

    html = client_for(alice).get(reverse("contact_create", args=[employer.pk])).content.decode()

    assert "<legend>On behalf of (job seekers)" in html
    assert f'type="checkbox" name="candidates" value="{aino.pk}"' in html
    assert "Aino Virtanen" in html
    assert "Bertta" not in html
    assert "Ulla" not in html


def test_relations_staff_do_not_get_the_job_seeker_list(relations, client_for, employer, aino):
    html = client_for(relations).get(reverse("contact_create", args=[employer.pk])).content
    html = html.decode()

    assert "On behalf of" not in html
    assert "Aino" not in html


def test_arriving_from_a_job_seekers_page_ticks_them(alice, client_for, employer, aino):
    url = reverse("contact_create_any") + f"?employer={employer.pk}&candidate={aino.pk}"

    html = client_for(alice).get(url).content.decode()

    assert f'name="candidates" value="{aino.pk}" id="id_candidates_0" checked' in html


def test_logging_for_a_person_from_their_page_saves_and_returns_there(
    alice, client_for, employer, aino
):
    url = reverse("contact_create_any") + f"?employer={employer.pk}&candidate={aino.pk}"
    response = client_for(alice).post(
        url,
        {
            "employer": employer.pk,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "face_to_face",
            "purpose": "needs_discovery",
            "summary": "Esittelin Ainon.",
            "candidates": [aino.pk],
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("candidate_detail", args=[aino.pk])
    assert list(EmployerContact.objects.get().candidates.all()) == [aino]


def test_a_team_members_person_can_be_preselected_but_not_a_stranger(
    org, alice, bob, client_for, employer, bobs_person
):
    stranger_url = reverse("contact_create", args=[employer.pk]) + f"?candidate={bobs_person.pk}"
    assert "Bertta" not in client_for(alice).get(stranger_url).content.decode()

    team = TeamFactory(organization=org)
    team.members.add(alice, bob)
    teammate_person = create_job_seeker(coach=bob, first_name="Tiina")
    url = reverse("contact_create", args=[employer.pk]) + f"?candidate={teammate_person.pk}"

    assert "Tiina" in client_for(alice).get(url).content.decode()


# What the log shows to whom -----------------------------------------------------------------


@pytest.mark.parametrize("page", ["employer_detail", "contact_log"])
def test_the_coach_team_sees_the_name_others_a_count(
    page, alice, bob, relations, client_for, employer, aino
):
    log(employer, alice, candidates=[aino])
    url = reverse(page, args=[employer.pk]) if page == "employer_detail" else reverse(page)

    for_alice = client_for(alice).get(url).content.decode()
    for_bob = client_for(bob).get(url).content.decode()
    for_relations = client_for(relations).get(url).content.decode()

    assert "Aino Virtanen" in for_alice
    assert reverse("candidate_detail", args=[aino.pk]) in for_alice
    for html in (for_bob, for_relations):
        assert "Aino" not in html
        assert "1 job seeker" in html


def test_the_contact_log_page_filters_by_candidate(alice, client_for, employer, aino):
    log(employer, alice, candidates=[aino], summary="Ainon esittely")
    log(employer, alice, summary="Yleinen käynti")

    html = client_for(alice).get(reverse("contact_log"), {"candidate": aino.pk}).content.decode()

    assert "Ainon esittely" in html
    assert "Yleinen käynti" not in html


@pytest.mark.parametrize("page", ["employer_detail", "contact_log"])
def test_naming_people_does_not_add_queries_per_row(page, alice, client_for, employer):
    client = client_for(alice)
    url = reverse(page, args=[employer.pk]) if page == "employer_detail" else reverse(page)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for _ in range(n):
            log(employer, alice, candidates=[create_job_seeker(coach=alice) for _ in range(2)])

    add(1)
    few = count()
    add(5)
    assert count() == few


def test_a_huge_candidate_filter_matches_nothing_instead_of_failing(
    alice, api_for, client_for, employer, aino
):
    log(employer, alice, candidates=[aino])
    huge = str(10**30)

    api = api_for(alice).get(LOG, {"candidate": huge})
    page = client_for(alice).get(reverse("contact_log"), {"candidate": huge})

    assert api.status_code == 200 and api.json()["count"] == 0
    assert page.status_code == 200 and "No contacts match." in page.content.decode()


def test_a_follow_up_about_a_person_is_created_and_shown_through_the_api(alice, api_for):
    seeker = create_job_seeker(coach=alice)
    response = api_for(alice).post(
        "/api/v1/follow-ups",
        {"due_on": str(timezone.localdate()), "title": "Soita", "job_seeker_id": seeker.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["job_seeker_id"] == seeker.pk


def test_a_follow_up_cannot_be_about_another_teams_person(alice, bob, api_for):
    from crm.accounts.services import add_team_member
    from tests.factories import TeamFactory

    add_team_member(team=TeamFactory(organization=bob.organization), user=bob)
    seeker = create_job_seeker(coach=bob)
    response = api_for(alice).post(
        "/api/v1/follow-ups",
        {"due_on": str(timezone.localdate()), "title": "Soita", "job_seeker_id": seeker.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "job_seeker_id"]


def test_follow_ups_about_people_are_hidden_from_relations_and_other_teams(
    alice, bob, make_user, api_for
):
    from crm.accounts.models import Role
    from crm.accounts.services import add_team_member
    from tests.factories import TeamFactory

    add_team_member(team=TeamFactory(organization=alice.organization), user=alice)
    add_team_member(team=TeamFactory(organization=alice.organization), user=bob)
    seeker = create_job_seeker(coach=alice)
    create_follow_up(user=alice, due_on=timezone.localdate(), title="Lääkäri", job_seeker=seeker)
    create_follow_up(user=alice, due_on=timezone.localdate(), title="Soita K-Marketille")
    for viewer in (make_user(role=Role.RELATIONS), bob, make_user(role=Role.LEAD)):
        titles = [f["title"] for f in api_for(viewer).get("/api/v1/follow-ups").json()["items"]]
        assert titles == ["Soita K-Marketille"], viewer.role
    titles = {f["title"] for f in api_for(alice).get("/api/v1/follow-ups").json()["items"]}
    assert titles == {"Lääkäri", "Soita K-Marketille"}


def test_a_back_dated_contact_may_name_a_person_who_exited_later(alice):
    today = timezone.localdate()
    seeker = create_job_seeker(
        coach=alice,
        referred_on=today - timedelta(days=90),
        intake_on=today - timedelta(days=80),
        status="exited",
        exit_reason="education",
        exited_on=today - timedelta(days=10),
    )
    employer = EmployerFactory(organization=alice.organization)
    before_exit = timezone.now() - timedelta(days=20)
    contact = log_employer_contact(
        employer=employer,
        by=alice,
        channel="face_to_face",
        purpose="needs_discovery",
        summary="Kävin työpaikalla",
        occurred_at=before_exit,
        candidates=[seeker],
    )
    assert list(contact.candidates.all()) == [seeker]
    with pytest.raises(ValidationError) as error:
        log_employer_contact(
            employer=employer,
            by=alice,
            channel="face_to_face",
            purpose="needs_discovery",
            summary="Kävin työpaikalla",
            candidates=[seeker],
        )
    assert "candidates" in error.value.message_dict


# Before the referral, and consent to presenting -------------------------------------------


NO_CONSENT = (
    "Aino Virtanen has no valid consent for: Disclosure to an employer. Record the consent first."
)


def consent(seeker, by, days_ago=30):
    today = timezone.localdate()
    return grant_consent(
        job_seeker=seeker,
        by=by,
        purpose="employer_disclosure",
        granted_on=today - timedelta(days=days_ago),
    )


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
