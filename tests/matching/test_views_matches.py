"""The "Matching job seekers" page of an opening and the "Matching openings" tab of a person."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from crm.accounts.models import Role
from crm.candidates.services.records import change_status
from crm.employers.services.openings import update_opening
from tests.matching import test_api_matches as api

KEEN, SECRET_HEALTH, SECRET_ACCOMMODATION = api.KEEN, api.SECRET_HEALTH, api.SECRET_ACCOMMODATION
seeker = api.seeker
# The API tests' fixtures, shared by name.
_english, user_with, warehouse = api._english, api.user_with, api.warehouse

pytestmark = pytest.mark.django_db


def page_of(client, opening, **params):
    response = client.get(reverse("opening_matches", args=[opening.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_opening_page_links_to_its_matches(alice, client_for, warehouse):
    response = client_for(alice).get(reverse("opening_detail", args=[warehouse.pk]))
    assert reverse("opening_matches", args=[warehouse.pk]) in response.content.decode()
    assert "Matching job seekers" in response.content.decode()


def test_the_coach_sees_ranked_names_scores_reasons_and_a_propose_button(
    alice, client_for, warehouse
):
    seeker(alice, profile={"occupations": ["kokki"]}, first_name="Olli", last_name="Ojala")
    keen = seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    html = page_of(client_for(alice), warehouse)

    assert html.index("Kaisa Koski") < html.index("Olli Ojala")
    assert reverse("candidate_detail", args=[keen.pk]) in html
    assert re.search(r"Score \d+/100", html)
    assert "Wants this kind of work" in html and "obtainable" in html
    assert "Fits:" in html and "Gap:" in html  # marks carry text, not colour only
    assert f'action="{reverse("proposal_create")}"' in html
    assert f'name="job_seeker" value="{keen.pk}"' in html
    assert f'name="opening" value="{warehouse.pk}"' in html


def test_propose_on_a_card_creates_the_proposal(alice, client_for, warehouse):
    from crm.matching.models import Proposal

    keen = seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    client = client_for(alice)
    html = page_of(client, warehouse)
    form = re.search(r'<form method="post" action="([^"]+)" class="match-propose">', html)

    response = client.post(form.group(1), {"job_seeker": keen.pk, "opening": warehouse.pk})

    assert response.status_code == 302
    assert Proposal.objects.filter(job_seeker=keen, opening=warehouse).exists()


def test_another_coach_sees_whom_to_talk_to_but_not_the_name(alice, bob, client_for, warehouse):
    alice.first_name, alice.last_name = "Sanna", "Virtanen"
    alice.save()
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    html = page_of(client_for(bob), warehouse)

    assert "Talk to coach Sanna Virtanen" in html
    assert "Kaisa" not in html and "Koski" not in html
    assert 'name="job_seeker"' not in html  # no Propose for someone else's job seeker


def test_relations_staff_see_skills_and_preferences_but_nothing_identifying(
    alice, client_for, user_with, warehouse
):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    html = page_of(client_for(user_with(Role.RELATIONS)), warehouse)

    assert "Job seeker " in html and "täsmällinen" in html and "Imatra" in html
    for secret in ("Kaisa", "Koski", SECRET_HEALTH, SECRET_ACCOMMODATION):
        assert secret not in html
    assert 'name="job_seeker"' not in html


def test_leads_see_pseudonymous_figures(alice, client_for, user_with, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")

    html = page_of(client_for(user_with(Role.LEAD)), warehouse)

    assert re.search(r"Score \d+/100", html)
    assert "Kaisa" not in html and "täsmällinen" not in html


def test_admins_get_403(client_for, user_with, warehouse):
    response = client_for(user_with(Role.ADMIN)).get(
        reverse("opening_matches", args=[warehouse.pk])
    )
    assert response.status_code == 403


def test_another_organisation_gets_404(charlie, client_for, warehouse):
    response = client_for(charlie).get(reverse("opening_matches", args=[warehouse.pk]))
    assert response.status_code == 404


def test_only_my_caseload_narrows_the_list(alice, bob, client_for, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    seeker(bob, profile=KEEN, first_name="Bertta", last_name="Berg")
    client = client_for(alice)

    everyone = page_of(client, warehouse)
    mine = page_of(client, warehouse, mine="1")

    assert "Kaisa Koski" in everyone and "Talk to coach" in everyone
    assert "Kaisa Koski" in mine and "Talk to coach" not in mine
    assert "1 job seeker ranked" in mine


def test_the_filter_answers_htmx_with_the_list_only(alice, client_for, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    response = client_for(alice).get(
        reverse("opening_matches", args=[warehouse.pk]),
        {"mine": "1"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Kaisa Koski" in html and "<h1>" not in html


def test_a_closed_opening_says_no_one_is_matched(alice, client_for, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    update_opening(opening=warehouse, by=alice, version=warehouse.version, status="closed")

    html = page_of(client_for(alice), warehouse)

    assert "This opening is not open" in html and "Kaisa Koski" not in html


def test_paused_people_are_not_listed(alice, client_for, warehouse):
    paused = seeker(alice, profile=KEEN, first_name="Paula", last_name="Tauko")
    change_status(job_seeker=paused, by=alice, version=paused.version, status="paused")

    assert "Paula Tauko" not in page_of(client_for(alice), warehouse)


def test_a_page_past_the_end_shows_the_last_page(alice, client_for, warehouse):
    seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    assert "Kaisa Koski" in page_of(client_for(alice), warehouse, page="99")
    assert "Kaisa Koski" in page_of(client_for(alice), warehouse, page="x")


# A job seeker's matching openings -----------------------------------------------------------


def openings_page(client, person):
    return client.get(reverse("candidate_matches", args=[person.pk]))


def test_the_coach_team_sees_ranked_openings_with_reasons(alice, client_for, warehouse):
    person = seeker(alice, profile=KEEN)

    response = openings_page(client_for(alice), person)

    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("opening_detail", args=[warehouse.pk]) in html
    assert "Saimaan Varasto Oy" in html and "Wants this kind of work" in html
    assert 'aria-current="page">Matching openings' in html
    assert f'name="opening" value="{warehouse.pk}"' in html


def test_a_lead_sees_the_openings_without_propose(alice, client_for, user_with, warehouse):
    person = seeker(alice, profile=KEEN)

    response = openings_page(client_for(user_with(Role.LEAD)), person)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Varastotyöntekijä" in html and 'name="opening"' not in html


def test_the_tab_is_not_offered_to_other_coaches(alice, bob, client_for, warehouse):
    person = seeker(alice, profile=KEEN)
    detail = client_for(bob).get(reverse("candidate_detail", args=[person.pk])).content.decode()
    assert reverse("candidate_matches", args=[person.pk]) not in detail
    assert openings_page(client_for(bob), person).status_code == 403


@pytest.mark.parametrize("role", [Role.RELATIONS, Role.ADMIN])
def test_relations_staff_and_admins_get_403(alice, client_for, user_with, warehouse, role):
    person = seeker(alice, profile=KEEN)
    assert openings_page(client_for(user_with(role)), person).status_code == 403


def test_another_organisation_gets_404_for_a_person(alice, charlie, client_for, warehouse):
    person = seeker(alice, profile=KEEN)
    assert openings_page(client_for(charlie), person).status_code == 404


def test_an_exited_person_gets_a_note_instead_of_matches(alice, client_for, warehouse):
    person = seeker(alice, profile=KEEN)
    change_status(
        job_seeker=person, by=alice, version=person.version, status="exited", exit_reason="moved"
    )

    html = openings_page(client_for(alice), person).content.decode()

    assert "are not matched to openings" in html
    assert reverse("opening_detail", args=[warehouse.pk]) not in html


def test_logged_out_visitors_are_sent_to_log_in(client, alice, warehouse):
    person = seeker(alice)
    for url in (
        reverse("opening_matches", args=[warehouse.pk]),
        reverse("candidate_matches", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_only_my_caseload_includes_my_coach_teams_people(
    alice, api_for, bob, client_for, make_user, warehouse
):
    from crm.accounts.services import add_team_member
    from tests.factories import TeamFactory

    carol = make_user(language="en", first_name="Carita", last_name="Kallio")
    ours, theirs = (
        TeamFactory(organization=alice.organization),
        TeamFactory(organization=alice.organization),
    )
    for user, team in ((alice, ours), (bob, ours), (carol, theirs)):
        add_team_member(team=team, user=user)
    own = seeker(alice, profile=KEEN, first_name="Kaisa", last_name="Koski")
    teammates = seeker(bob, profile=KEEN, first_name="Bertta", last_name="Berg")
    others = seeker(carol, profile=KEEN, first_name="Onni", last_name="Outo")
    assert teammates.team == ours and others.team == theirs
    client = client_for(alice)

    mine = page_of(client, warehouse, mine="1")

    assert "Kaisa Koski" in mine and "Bertta Berg" in mine
    assert "Onni" not in mine and "Talk to coach" not in mine
    assert "2 job seekers ranked" in mine

    body = api.matches_of(api_for(alice), warehouse, mine="true")

    assert body["count"] == 2
    assert {i["candidate_id"] for i in body["items"]} == {own.pk, teammates.pk}
