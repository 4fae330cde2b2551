"""A small hand-built organisation whose figures for Q1 2026 (1.1.-31.3.2026, 90 days) were
worked out by hand; the expected numbers live in the tests, not here.

Rows are written directly (not through the services) so that every date, status change and
time of day is exactly as listed; the services' own rules are tested in their apps.

People (coach · referred · intake · exit · status now):

    P1  alice  2025-10-01  2025-10-15  —           job_search
    P2  alice  2026-01-10  2026-01-20  —           job_search
    P3  alice  2025-12-01  2026-03-31  —           job_search   (intake on the last day)
    P4  alice  2026-03-20  —           —           referred     (never taken in)
    P5  alice  2025-06-01  2025-06-10  2026-01-01  exited       (exits on the first day)
    P6  alice  2025-05-01  2025-05-05  2025-12-31  exited       (exited the day before)
    P16 alice  2026-02-01  2026-02-10  —           job_search   (intake, no contact at all)
    P7  bob    2026-04-02  2026-04-05  —           profiling    (referred after the period)
    P8  bob    2025-09-01  2025-09-10  —           job_search   (paused 1.2.-10.4.2026)
    P9  bob    2025-09-01  2025-09-15  —           paused       (paused 1.4. 00:30 Helsinki)
    P10 bob    2025-08-01  2025-08-05  —           job_search   (paused 5.1., back 31.3. 8:00)
    P15 bob    2025-12-01  —           —           referred     (no status rows at all)
    P17 bob    2026-02-20  2026-03-01  —           job_search
    P11 carol  2025-11-01  2025-11-20  —           job_search   (created paused, back 1.5.)
    P12 carol  2025-11-01  2025-12-01  2026-04-15  exited       (exit after the period)
    P14 carol  2025-10-01  2026-02-01  2026-03-15  exited       (erased)
    P13 dave   2025-10-01  2025-10-02  —           working      (dave: inactive coach)

Teams: North = alice + bob, South = carol; dave is in no team.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from crm.accounts.models import Role
from crm.accounts.services import add_team_member
from crm.candidates.models import JobSeeker, KykyviisariForm, KykyviisariResult, StatusChange
from crm.employers.models import EmployerContact
from crm.matching.models import Term
from crm.placements.models import JobCheckIn, Placement, SupportContact
from tests.factories import EmployerFactory, OrganizationFactory, TeamFactory, UserFactory

HELSINKI = ZoneInfo("Europe/Helsinki")
Q1_START, Q1_END = date(2026, 1, 1), date(2026, 3, 31)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def d(text: str) -> date:
    return date.fromisoformat(text)


def build() -> SimpleNamespace:
    org = OrganizationFactory(name="Laskettu hyvinvointialue")
    ns = SimpleNamespace(org=org)
    ns.alice = UserFactory(username="f_alice", organization=org, role=Role.COACH)
    ns.bob = UserFactory(username="f_bob", organization=org, role=Role.COACH)
    ns.carol = UserFactory(username="f_carol", organization=org, role=Role.COACH)
    ns.dave = UserFactory(username="f_dave", organization=org, role=Role.COACH, is_active=False)
    ns.lead = UserFactory(username="f_lead", organization=org, role=Role.LEAD)
    ns.relations = UserFactory(username="f_rel", organization=org, role=Role.RELATIONS)
    ns.north = TeamFactory(organization=org, name="Pohjoinen")
    ns.south = TeamFactory(organization=org, name="Etelä")
    add_team_member(team=ns.north, user=ns.alice)
    add_team_member(team=ns.north, user=ns.bob)
    add_team_member(team=ns.south, user=ns.carol)

    def person(name, coach, referred, intake=None, exited=None, status="job_search", **extra):
        seeker = JobSeeker.objects.create(
            organization=org,
            first_name=name,
            last_name="Laskettu",
            referral_source="employment_services",
            referred_on=d(referred),
            intake_on=d(intake) if intake else None,
            exited_on=d(exited) if exited else None,
            exit_reason="other" if exited else "",
            status=status,
            coach=coach,
            **extra,
        )
        setattr(ns, name.lower(), seeker)
        return seeker

    person("P1", ns.alice, "2025-10-01", "2025-10-15")
    person("P2", ns.alice, "2026-01-10", "2026-01-20")
    person("P3", ns.alice, "2025-12-01", "2026-03-31")
    person("P4", ns.alice, "2026-03-20", status="referred")
    person("P5", ns.alice, "2025-06-01", "2025-06-10", "2026-01-01", status="exited")
    person("P6", ns.alice, "2025-05-01", "2025-05-05", "2025-12-31", status="exited")
    person("P16", ns.alice, "2026-02-01", "2026-02-10")
    person("P7", ns.bob, "2026-04-02", "2026-04-05", status="profiling")
    person("P8", ns.bob, "2025-09-01", "2025-09-10")
    person("P9", ns.bob, "2025-09-01", "2025-09-15", status="paused")
    person("P10", ns.bob, "2025-08-01", "2025-08-05")
    person("P15", ns.bob, "2025-12-01", status="referred")
    person("P17", ns.bob, "2026-02-20", "2026-03-01")
    person("P11", ns.carol, "2025-11-01", "2025-11-20")
    person("P12", ns.carol, "2025-11-01", "2025-12-01", "2026-04-15", status="exited")
    person(
        "P14",
        ns.carol,
        "2025-10-01",
        "2026-02-01",
        "2026-03-15",
        status="exited",
        erased_at=utc(2026, 3, 15, 12),
    )
    ns.p14.first_name = ns.p14.last_name = ""
    ns.p14.save(update_fields=["first_name", "last_name"])
    person("P13", ns.dave, "2025-10-01", "2025-10-02", status="working")

    def status(seeker, from_status, to_status, at):
        StatusChange.objects.create(
            organization=org, job_seeker=seeker, from_status=from_status, to_status=to_status, at=at
        )

    status(ns.p8, "", "referred", local(2025, 9, 1, 10))
    status(ns.p8, "referred", "job_search", local(2025, 9, 10, 10))
    status(ns.p8, "job_search", "paused", local(2026, 2, 1, 10))
    status(ns.p8, "paused", "job_search", local(2026, 4, 10, 10))
    status(ns.p9, "", "job_search", local(2025, 9, 1, 10))
    status(ns.p9, "job_search", "paused", utc(2026, 3, 31, 21, 30))  # 1.4. 00:30 in Helsinki
    status(ns.p10, "", "job_search", local(2025, 8, 1, 10))
    status(ns.p10, "job_search", "paused", local(2026, 1, 5, 10))
    status(ns.p10, "paused", "job_search", local(2026, 3, 31, 8))
    status(ns.p11, "paused", "job_search", local(2026, 5, 1, 10))  # created paused

    # Someone of another organisation, inside every window: never counted.
    other = OrganizationFactory(name="Muu organisaatio")
    ns.other_org = other
    ns.charlie = UserFactory(username="f_charlie", organization=other, role=Role.COACH)
    ns.other_team = TeamFactory(organization=other, name="Muu tiimi")
    outsider = JobSeeker.objects.create(
        organization=other,
        first_name="Ulko",
        last_name="Puolinen",
        referral_source="self",
        referred_on=d("2025-12-01"),
        intake_on=d("2026-01-05"),
        status="working",
        coach=ns.charlie,
    )
    other_employer = EmployerFactory(organization=other, name="Muu Työnantaja Oy")

    _contacts(ns)
    _kykyviisari(ns)
    _jobs(ns, outsider, other_employer)
    return ns


def _contacts(ns: SimpleNamespace) -> None:
    org = ns.org
    ns.e1 = EmployerFactory(organization=org, name="Kauppa Yksi Oy")
    ns.e2 = EmployerFactory(organization=org, name="Siivous Kaksi Oy")
    ns.e3 = EmployerFactory(organization=org, name="Varasto Kolme Oy")
    ns.e4 = EmployerFactory(organization=org, name="Keittiö Neljä Oy")
    ns.e5 = EmployerFactory(organization=org, name="Ravintola Viisi Oy")
    ns.e6 = EmployerFactory(organization=org, name="Logistiikka Kuusi Oy")

    def contact(user, at, channel="face_to_face", purpose="introduction", people=()):
        row = EmployerContact.objects.create(
            organization=org,
            employer=ns.e1,
            user=user,
            occurred_at=at,
            channel=channel,
            purpose=purpose,
            summary="Käynti",
        )
        if people:
            row.candidates.set(people)
        return row

    # Contacts naming people (first face-to-face, not support, at any date).
    contact(ns.alice, local(2026, 1, 21, 9), channel="phone", people=[ns.p2])
    contact(ns.alice, local(2026, 1, 25, 9), purpose="support", people=[ns.p2])
    contact(ns.alice, local(2026, 2, 14, 10), people=[ns.p2])
    contact(ns.alice, local(2026, 3, 1, 10), people=[ns.p2])
    contact(ns.alice, local(2026, 3, 15, 10), people=[ns.p3])  # before P3's intake
    contact(ns.carol, local(2026, 5, 19, 10), people=[ns.p14])  # after the period
    contact(ns.bob, local(2026, 3, 6, 0, 30), people=[ns.p17])  # 5.3. 22:30 UTC

    # Generic job development: alice 22 + 2 on the period's edges, bob 44, dave (inactive) 90.
    for day in range(22):
        contact(ns.alice, local(2026, 1, 10, 9) + timedelta(days=3 * day))
    contact(ns.alice, local(2026, 1, 1, 0, 15))
    contact(ns.alice, local(2026, 3, 31, 23, 30))
    contact(ns.alice, local(2025, 12, 31, 23, 50))  # the day before
    contact(ns.alice, local(2026, 4, 1, 0, 10))  # the day after
    contact(ns.alice, local(2026, 2, 2, 9), purpose="support")
    contact(ns.alice, local(2026, 2, 3, 9), channel="phone")
    contact(ns.alice, local(2026, 2, 4, 9), channel="video")
    for day in range(44):
        contact(ns.bob, local(2026, 1, 2, 9) + timedelta(days=2 * day))
    for day in range(90):
        contact(ns.dave, local(2026, 1, 1, 12) + timedelta(days=day))
    for day in range(10):
        contact(ns.relations, local(2026, 2, 1, 12) + timedelta(days=day))


def _kykyviisari(ns: SimpleNamespace) -> None:
    form, _created = KykyviisariForm.objects.get_or_create(
        version="test-2026", defaults={"domain_min": 0, "domain_max": 10}
    )

    def result(seeker, on, work_ability):
        KykyviisariResult.objects.create(
            organization=ns.org,
            job_seeker=seeker,
            assessed_on=d(on),
            phase="other",
            form=form,
            work_ability=Decimal(work_ability),
            functioning=5,
            life_satisfaction=3,
            self_rated_health=3,
            inclusion=5,
            mind=5,
            everyday_life=5,
            skills=5,
            body=5,
        )

    result(ns.p1, "2025-10-20", "4.0")
    result(ns.p1, "2026-02-10", "6.5")
    result(ns.p2, "2026-01-25", "5.0")
    result(ns.p2, "2026-03-31", "4.0")
    result(ns.p3, "2026-02-01", "7.0")  # only one result
    result(ns.p8, "2025-09-20", "3.0")
    result(ns.p8, "2026-01-15", "5.0")
    result(ns.p8, "2026-04-20", "7.0")  # latest after the period
    result(ns.p6, "2025-06-01", "2.0")  # not served
    result(ns.p6, "2025-12-01", "8.0")
    result(ns.p12, "2025-12-05", "6.0")
    result(ns.p12, "2025-12-05", "6.2")  # same day, recorded later


def _jobs(ns: SimpleNamespace, outsider: JobSeeker, other_employer) -> None:
    org = ns.org
    ns.t_sales = Term.objects.create(organization=org, kind="occupation", name="Myyjä", key="myyj")
    ns.t_clean = Term.objects.create(
        organization=org, kind="occupation", name="Siivooja", key="siivooj"
    )

    def job(name, seeker, employer, title, start, end=None, reason="", competitive=True, term=None):
        placement = Placement.objects.create(
            organization=org,
            candidate=seeker,
            employer=employer,
            job_title=title,
            occupation=term,
            start_on=d(start),
            ended_on=d(end) if end else None,
            end_reason=reason,
            hours_per_week=Decimal("20.0"),
            contract_type="permanent" if competitive else "other",
            competitive=competitive,
        )
        setattr(ns, name, placement)
        return placement

    job("j1", ns.p1, ns.e1, "Myyjä", "2025-11-01", "2026-01-01", "quit", term=ns.t_sales)
    job("j2", ns.p2, ns.e1, "  Varastotyöntekijä ", "2026-02-01")
    job("j3", ns.p3, ns.e2, "Siivooja", "2026-01-15", competitive=False, term=ns.t_clean)
    job("j4", ns.p5, ns.e2, "Siivooja", "2025-10-03", "2026-02-15", "contract_ended")
    job("j5", ns.p8, ns.e3, "myyjä", "2026-01-01", "2026-03-31", "dismissed")
    job("j6", ns.p9, ns.e3, "Varastotyöntekijä", "2025-12-31")
    job("j7", ns.p10, ns.e4, "Kokki", "2025-12-20", "2026-03-19", "temporary_ended")
    job("j8", ns.p12, ns.e1, "Myyjä", "2026-04-01", term=ns.t_sales)
    job("j9", ns.p13, ns.e5, "Kokki", "2025-06-01", "2025-12-31", "quit")
    job("j10", ns.p1, ns.e2, "Myyjä", "2026-03-01", term=ns.t_sales)
    job("j11", ns.p11, ns.e5, "Kokki", "2026-02-10", competitive=False)
    job("j13", ns.p14, ns.e4, "Siivooja", "2026-01-20", "2026-03-15", "other", term=ns.t_clean)
    job("j14", ns.p6, ns.e6, "Varastotyöntekijä", "2026-01-10")
    job("j15", ns.p12, ns.e5, "Kokki", "2025-11-15", "2026-02-13", "quit")
    Placement.objects.create(
        organization=ns.other_org,
        candidate=outsider,
        employer=other_employer,
        job_title="Myyjä",
        start_on=d("2026-02-01"),
        hours_per_week=Decimal("20.0"),
        contract_type="permanent",
        competitive=True,
    )

    def support(placement, on):
        SupportContact.objects.create(
            organization=org,
            placement=placement,
            occurred_on=d(on),
            with_whom="worker",
            channel="face_to_face",
        )

    support(ns.j2, "2026-02-04")
    support(ns.j2, "2026-02-08")
    support(ns.j2, "2026-02-15")
    support(ns.j2, "2026-02-28")
    support(ns.j3, "2026-01-19")
    for on in ("2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22"):
        support(ns.j5, on)
    support(ns.j10, "2026-02-25")
    support(ns.j11, "2026-02-02")
    support(ns.j11, "2026-02-13")
    support(ns.j13, "2026-01-13")
    support(ns.j13, "2026-01-24")
    support(ns.j14, "2026-01-12")
    support(ns.j14, "2026-01-20")
    support(ns.j14, "2026-01-24")

    def check_in(placement, on, respondent, score):
        JobCheckIn.objects.create(
            organization=org,
            placement=placement,
            checked_on=d(on),
            respondent=respondent,
            score=score,
        )

    check_in(ns.j2, "2026-02-20", "worker", 4)
    check_in(ns.j2, "2026-03-01", "employer", 5)
    check_in(ns.j5, "2026-01-15", "worker", 2)
    check_in(ns.j6, "2025-12-31", "worker", 3)  # the day before
    check_in(ns.j6, "2026-03-31", "employer", 4)
    check_in(ns.j10, "2026-03-31", "worker", 5)
    check_in(ns.j4, "2026-04-01", "worker", 4)  # the day after
