"""The employer pages as coaches, relations staff and leads use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import Role
from crm.employers.models import Employer, EmployerContact, FollowUp, Stage, StageChange
from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.employers import move_employer_to_stage
from tests.factories import (
    ContactPersonFactory,
    EmployerFactory,
    FollowUpFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def relations(make_user):
    return make_user(role=Role.RELATIONS, username="mikko")


@pytest.fixture
def employer(org):
    return EmployerFactory(organization=org, name="K-Market Lappeenranta", business_id="0112038-9")


# Access: role x page x own/other organisation ---------------------------------------------

READ_PAGES = ["employer_list", "pipeline_board", "opening_list", "contact_log"]
WRITE_PAGES = ["employer_create", "contact_create_any"]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", READ_PAGES + WRITE_PAGES)
def test_each_role_opens_only_the_employer_pages_it_may(role, page, make_user, client_for):
    can_read = role in (Role.COACH, Role.RELATIONS, Role.LEAD)
    can_write = role in (Role.COACH, Role.RELATIONS)
    allowed = can_write if page in WRITE_PAGES else can_read

    response = client_for(make_user(role=role)).get(reverse(page))

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(
    "page",
    [
        "employer_detail",
        "employer_edit",
        "contact_create",
        "opening_create",
        "contact_person_create",
        "tailoring_create",
    ],
)
def test_another_organizations_employer_is_a_404(page, employer, charlie, client_for):
    response = client_for(charlie).get(reverse(page, args=[employer.pk]))

    assert response.status_code == 404


def test_another_organizations_employers_never_appear_in_lists(employer, charlie, client_for):
    EmployerFactory(organization=charlie.organization, name="Charlien Kauppa")

    html = client_for(charlie).get(reverse("employer_list")).content.decode()

    assert "Charlien Kauppa" in html
    assert "K-Market" not in html


def test_a_lead_reads_but_cannot_change(employer, make_user, client_for):
    lead = client_for(make_user(role=Role.LEAD))

    assert lead.get(reverse("employer_detail", args=[employer.pk])).status_code == 200
    assert lead.get(reverse("employer_edit", args=[employer.pk])).status_code == 403
    response = lead.post(reverse("employer_stage_update", args=[employer.pk]), {"stage": "met"})
    assert response.status_code == 403


# Employers ---------------------------------------------------------------------------------


def test_typo_tolerant_search_finds_the_employer(employer, alice, client_for):
    EmployerFactory(organization=alice.organization, name="Imatran Siivous Oy")

    html = client_for(alice).get(reverse("employer_list"), {"q": "k-marketti lapenranta"})

    assert "K-Market Lappeenranta" in html.content.decode()
    assert "Imatran Siivous" not in html.content.decode()


def test_search_without_nordic_letters_finds_the_employer(alice, client_for):
    EmployerFactory(organization=alice.organization, name="Kärkkäisen Kukka ja Hautauspalvelu")

    html = client_for(alice).get(reverse("employer_list"), {"q": "karkkaisen kukka"})

    assert "Kärkkäisen Kukka" in html.content.decode()


def test_search_by_business_id(employer, alice, client_for):
    html = client_for(alice).get(reverse("employer_list"), {"q": "0112038-9"}).content.decode()

    assert "K-Market Lappeenranta" in html


def test_filters_narrow_the_list(employer, alice, client_for):
    EmployerFactory(organization=alice.organization, name="Imatran Siivous", municipality="Imatra")
    OpeningFactory(employer=employer)

    client = client_for(alice)
    by_place = client.get(reverse("employer_list"), {"municipality": "Imatra"}).content.decode()
    with_openings = client.get(
        reverse("employer_list"), {"has_open_openings": "true"}
    ).content.decode()

    assert "Imatran Siivous" in by_place and "K-Market" not in by_place
    assert "K-Market" in with_openings and "Imatran Siivous" not in with_openings


def test_overdue_follow_up_filter(employer, alice, client_for):
    EmployerFactory(organization=alice.organization, name="Ajallaan Oy")
    FollowUpFactory(user=alice, employer=employer, due_on=timezone.localdate() - timedelta(days=2))

    html = (
        client_for(alice)
        .get(reverse("employer_list"), {"follow_up_overdue": "true"})
        .content.decode()
    )

    assert "K-Market" in html
    assert "Ajallaan" not in html


def test_htmx_search_returns_only_the_results_fragment(employer, alice, client_for):
    response = client_for(alice).get(
        reverse("employer_list"), {"q": "market"}, headers={"hx-request": "true"}
    )

    html = response.content.decode()
    assert 'id="results"' in html
    assert "<html" not in html


def test_archived_employers_are_hidden_unless_asked_for(employer, alice, client_for):
    client = client_for(alice)
    client.post(reverse("employer_archive", args=[employer.pk]))
    link = f'href="{reverse("employer_detail", args=[employer.pk])}"'

    assert link not in client.get(reverse("employer_list")).content.decode()
    assert link in client.get(reverse("employer_list"), {"archived": "true"}).content.decode()


def test_creating_an_employer_normalises_and_records_the_initial_stage(alice, client_for):
    response = client_for(alice).post(
        reverse("employer_create"),
        {
            "name": "  Lemin   Leipomo ",
            "business_id": "01120389",
            "municipality": "lemi",
            "tags": "leipomo, IPS-kumppani",
        },
    )

    employer = Employer.objects.get(name="Lemin Leipomo")
    assert response.status_code == 302
    assert employer.business_id == "0112038-9"
    assert employer.municipality == "Lemi"
    assert sorted(t.name for t in employer.tags.all()) == ["IPS-kumppani", "leipomo"]
    assert StageChange.objects.filter(employer=employer, to_stage=Stage.PROSPECT).exists()


def test_a_bad_business_id_gets_a_field_error_in_finnish(alice, client_for):
    response = client_for(alice).post(
        reverse("employer_create"), {"name": "Testi Oy", "business_id": "1234567-8"}
    )

    assert response.status_code == 422
    assert "ei ole kelvollinen Y-tunnus" in response.content.decode()
    assert not Employer.objects.exists()


def test_the_same_business_id_is_blocked(employer, alice, client_for):
    response = client_for(alice).post(
        reverse("employer_create"), {"name": "Toinen nimi", "business_id": "0112038-9"}
    )

    assert response.status_code == 422
    assert Employer.objects.count() == 1


def test_a_similar_name_in_the_same_municipality_warns_before_saving(employer, alice, client_for):
    client = client_for(alice)
    data = {"name": "K Market Lappeenranta", "municipality": "Lappeenranta"}

    warned = client.post(reverse("employer_create"), data)
    assert warned.status_code == 422
    assert "confirm_duplicate" in warned.content.decode()
    assert Employer.objects.count() == 1

    saved = client.post(reverse("employer_create"), {**data, "confirm_duplicate": "on"})
    assert saved.status_code == 302
    assert Employer.objects.count() == 2


def test_an_unknown_municipality_is_a_field_error(alice, client_for):
    response = client_for(alice).post(
        reverse("employer_create"), {"name": "Testi Oy", "municipality": "Atlantis"}
    )

    assert response.status_code == 422
    assert "Atlantis" in response.content.decode()


def test_a_stale_edit_shows_both_versions_and_overwrites_nothing(employer, alice, bob, client_for):
    version = employer.version
    client_for(bob).post(
        reverse("employer_edit", args=[employer.pk]),
        {"name": "K-Market Lappeenranta Keskusta", "version": version},
    )

    response = client_for(alice).post(
        reverse("employer_edit", args=[employer.pk]),
        {"name": "K-Market Sammonlahti", "version": version},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "K-Market Lappeenranta Keskusta" in html
    assert "K-Market Sammonlahti" in html
    employer.refresh_from_db()
    assert employer.name == "K-Market Lappeenranta Keskusta"


# Contacts and follow-ups -------------------------------------------------------------------


def test_logging_a_face_to_face_contact_creates_a_follow_up_and_advances_the_pipeline(
    employer, alice, client_for
):
    person = ContactPersonFactory(employer=employer)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(alice).post(
        reverse("contact_create", args=[employer.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "face_to_face",
            "purpose": "needs_discovery",
            "contact_persons": [person.pk],
            "summary": "Kävimme läpi hyllytystyöt.",
            "next_step": "Lähetä ehdokasprofiili",
            "follow_up_on": tomorrow.isoformat(),
        },
    )

    assert response.status_code == 302
    contact = EmployerContact.objects.get()
    assert list(contact.contact_persons.all()) == [person]
    follow_up = FollowUp.objects.get()
    assert (follow_up.user, follow_up.due_on, follow_up.title) == (
        alice,
        tomorrow,
        "Lähetä ehdokasprofiili",
    )
    employer.refresh_from_db()
    assert employer.stage == Stage.MET


def test_a_contact_in_the_future_is_refused(employer, alice, client_for):
    future = timezone.localtime() + timedelta(days=2)

    response = client_for(alice).post(
        reverse("contact_create", args=[employer.pk]),
        {
            "occurred_at": future.strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "purpose": "follow_up",
            "summary": "Soitto",
        },
    )

    assert response.status_code == 422
    assert "tulevaisuuteen" in response.content.decode()
    assert not EmployerContact.objects.exists()


def test_a_follow_up_before_the_contact_is_refused(employer, alice, client_for):
    response = client_for(alice).post(
        reverse("contact_create", args=[employer.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "purpose": "follow_up",
            "summary": "Soitto",
            "follow_up_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 422
    assert not EmployerContact.objects.exists()
    assert not FollowUp.objects.exists()


def test_my_day_shows_todays_and_overdue_follow_ups_but_not_others(alice, bob, client_for):
    FollowUpFactory(user=alice, title="Tänään soitto")
    FollowUpFactory(
        user=alice, title="Myöhässä käynti", due_on=timezone.localdate() - timedelta(days=3)
    )
    FollowUpFactory(user=bob, title="Bobin oma")

    html = client_for(alice).get(reverse("my_day")).content.decode()

    assert "Tänään soitto" in html
    assert "Myöhässä käynti" in html
    assert html.index("Myöhässä käynti") < html.index("Tänään soitto")
    assert "Bobin oma" not in html


def test_done_in_place_returns_the_updated_item(alice, client_for):
    follow_up = FollowUpFactory(user=alice)

    response = client_for(alice).post(
        reverse("follow_up_done", args=[follow_up.pk]), headers={"hx-request": "true"}
    )

    follow_up.refresh_from_db()
    assert follow_up.done
    assert response.content.decode().strip().startswith("<li")


def test_rescheduling_to_the_past_is_refused_in_place(alice, client_for):
    follow_up = FollowUpFactory(user=alice)

    response = client_for(alice).post(
        reverse("follow_up_reschedule", args=[follow_up.pk]),
        {"due_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
        headers={"hx-request": "true"},
    )

    assert response.status_code == 422
    assert "field-error" in response.content.decode()


def test_another_users_follow_up_in_another_org_is_a_404(alice, charlie, client_for):
    follow_up = FollowUpFactory(user=alice)

    response = client_for(charlie).post(reverse("follow_up_done", args=[follow_up.pk]))

    assert response.status_code == 404


def test_the_weekly_face_to_face_count_is_on_my_day(employer, alice, client_for):
    for _ in range(2):
        log_employer_contact(
            employer=employer,
            by=alice,
            channel="face_to_face",
            purpose="support",
            summary="Tukikäynti",
        )
    log_employer_contact(
        employer=employer, by=alice, channel="phone", purpose="support", summary="Puhelu"
    )

    html = client_for(alice).get(reverse("my_day")).content.decode()

    assert "<strong>2</strong> / 6" in html


# Board -------------------------------------------------------------------------------------


def test_moving_on_the_board_records_the_change_and_returns_the_board(employer, alice, client_for):
    response = client_for(alice).post(
        reverse("employer_stage_update", args=[employer.pk]),
        {"stage": "needs_identified", "from": "board"},
        headers={"hx-request": "true"},
    )

    assert response.status_code == 200
    assert 'id="board"' in response.content.decode()
    change = StageChange.objects.filter(employer=employer).latest("changed_at")
    assert (change.from_stage, change.to_stage, change.user) == (
        "prospect",
        "needs_identified",
        alice,
    )


def test_an_unknown_stage_is_refused(employer, alice, client_for):
    response = client_for(alice).post(
        reverse("employer_stage_update", args=[employer.pk]),
        {"stage": "won", "from": "board"},
        headers={"hx-request": "true"},
    )

    assert response.status_code == 422
    employer.refresh_from_db()
    assert employer.stage == Stage.PROSPECT


# Openings and tailoring --------------------------------------------------------------------


def test_an_opening_resolves_skills_to_the_vocabulary(employer, alice, client_for):
    client = client_for(alice)
    client.post(
        reverse("opening_create", args=[employer.pk]),
        {
            "title": "Hyllyttäjä",
            "required_skills": "asiakaspalvelu, hyllytys",
            "licences": "hygieniapassi",
            "positions": 1,
            "status": "open",
            "hours_per_week": 20,
        },
    )
    client.post(
        reverse("opening_create", args=[employer.pk]),
        {
            "title": "Kassa",
            "required_skills": "Asiakaspalvelua",
            "positions": 1,
            "status": "open",
        },
    )

    from crm.matching.models import Term

    assert Term.objects.filter(kind="skill").count() == 2  # "Asiakaspalvelua" matched
    assert Term.objects.get(kind="licence").name == "Hygieniapassi"


@pytest.mark.parametrize("hours", ["0", "61"])
def test_hours_outside_1_to_60_are_refused(hours, employer, alice, client_for):
    response = client_for(alice).post(
        reverse("opening_create", args=[employer.pk]),
        {
            "title": "Hyllyttäjä",
            "hours_per_week": hours,
            "positions": 1,
            "status": "open",
        },
    )

    assert response.status_code == 422
    assert not employer.openings.exists()


def test_a_tailoring_note_is_recorded_with_who_and_when(employer, alice, client_for):
    person = ContactPersonFactory(employer=employer)
    opening = OpeningFactory(employer=employer)

    client_for(alice).post(
        reverse("tailoring_create", args=[employer.pk]),
        {
            "opening": opening.pk,
            "tasks_carved_out": "Hyllytys aamuisin",
            "adjustments": "Lyhyemmät päivät alussa",
            "agreed_with": person.pk,
            "agreed_on": timezone.localdate().isoformat(),
        },
    )

    note = employer.tailoring_notes.get()
    assert (note.user, note.agreed_with, note.opening) == (alice, person, opening)


# Query counts do not grow with data --------------------------------------------------------


@pytest.mark.parametrize("url_name", ["employer_list", "pipeline_board", "my_day"])
def test_page_query_counts_do_not_grow_with_rows(url_name, alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for _ in range(n):
            employer = EmployerFactory(organization=alice.organization, owner=alice)
            ContactPersonFactory(employer=employer)
            OpeningFactory(employer=employer)
            FollowUpFactory(user=alice, employer=employer)

    add(2)
    few = count()
    add(20)
    assert count() == few


def test_employer_page_query_count_does_not_grow(employer, alice, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)
    url = reverse("employer_detail", args=[employer.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        for _ in range(n):
            ContactPersonFactory(employer=employer)
            OpeningFactory(employer=employer)
            log_employer_contact(
                employer=employer,
                by=alice,
                channel="phone",
                purpose="other",
                summary="x",
                follow_up_on=timezone.localdate(),
            )

    add(1)
    few = count()
    add(10)
    assert count() == few


def test_the_reports_page_shows_the_funnel_with_days_in_stage(employer, make_user, client_for):
    move_employer_to_stage(
        employer=employer, stage="met", by=None, at=timezone.now() - timedelta(days=12)
    )

    html = client_for(make_user(role=Role.LEAD)).get(reverse("reports_home")).content.decode()

    assert '<td class="num">12</td>' in html


def test_the_opening_page_names_languages_and_schedules_in_words(alice, client_for):
    from tests.factories import OpeningFactory

    alice.language = "en"
    alice.save()
    opening = OpeningFactory(
        employer__organization=alice.organization, languages=["fi", "sv"], schedule=["weekend"]
    )
    html = client_for(alice).get(reverse("opening_detail", args=[opening.pk])).content.decode()
    assert "Finnish, Swedish" in html
    assert "Weekend" in html
