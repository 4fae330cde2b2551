"""Demo jobs for `seed_demo`: the demo job seekers' job starts become placements with
realistic follow-along support histories — most on track, some overdue, three that ended
(the person back in job search), one fixed-term, and one where the person declined further
support when leaving the service.

Idempotent: nothing is created when the organisation already has placements. Runs after the
job seekers (it reads their recorded "job start" milestones: the job and the employer are in
the note). Support contacts and check-ins go through the services, so the contacts that
include the employer are in the employer's contact log too; those stay before the current
week, so this week's figures on "My day" stay those of the employer demo.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from crm.accounts.models import Organization
from crm.candidates.models import JobSeeker, Milestone, MilestoneKind, Status
from crm.employers.models import Employer
from crm.placements import schedule
from crm.placements.models import (
    ContractType,
    EndReason,
    PaySubsidy,
    Placement,
    SupportCadence,
    SupportChannel,
    SupportPlace,
    WithWhom,
)
from crm.placements.services.check_ins import record_check_in
from crm.placements.services.placements import resolve_occupation, suggested_competitive
from crm.placements.services.support import log_support_contact, refresh_next_due

SEED = 20251010
HOURS = [
    Decimal("20"),
    Decimal("25"),
    Decimal("30"),
    Decimal("37.5"),
    Decimal("15"),
    Decimal("32.5"),
]
WAGES = [Decimal("12.40"), Decimal("13.10"), Decimal("13.85"), Decimal("14.60"), Decimal("15.20")]
WORKER_NOTES = [
    "Ensimmäinen viikko sujunut hyvin. Työtehtävät selkeitä, perehdytys hyvä.",
    "Väsymystä iltapäivisin; sovittiin, että puhutaan esihenkilön kanssa tauoista.",
    "Tulot ilmoitettu tulorekisterin kautta, asumistuen tarkistus tehty yhdessä.",
    "Työkaverit ottaneet hyvin vastaan. Haluaa jatkossa enemmän tunteja.",
    "Vuorolistan muutos jännitti; käytiin läpi, miten toimitaan sairastuessa.",
    "Kaikki hyvin, ei tarvetta muutoksiin. Seuraava käynti kuukauden päästä.",
    "Mietitään yhdessä oppisopimuskoulutusta ensi vuodelle.",
]
EMPLOYER_NOTES = [
    "Esihenkilön kanssa käytiin läpi ensimmäiset viikot: tyytyväinen työn laatuun.",
    "Sovittiin työtehtävien porrastuksesta ja palautekeskustelusta kuukauden päästä.",
    "Työnantaja toivoi lisää tukea vuorojen vaihtoihin, sovittiin yhteinen tapaaminen.",
]
LEARNED = {
    EndReason.QUIT: "Yövuorot eivät sopineet: seuraavaksi päivätyötä, lyhyemmät vuorot.",
    EndReason.CONTRACT_ENDED: "Määräaikainen sopimus päättyi. Suositus saatu; haetaan samalta "
    "alalta pidempää työsuhdetta.",
    EndReason.DISMISSED: "Koeaika päättyi. Opittiin: työn tahti oli liian kova alkuun — "
    "seuraavaksi sovitaan porrastettu aloitus.",
}


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Seeder:
    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.rng = random.Random(SEED)  # noqa: S311  (repeatable demo data, not security)
        self.today = timezone.localdate()
        self.contact_cutoff = self.today - timedelta(days=self.today.weekday() + 1)
        self.employers = {
            e.name: e
            for e in Employer.objects.filter(organization=organization, archived_at__isnull=True)
        }
        self.counts: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def employer(self, name: str) -> Employer:
        return (
            self.employers.get(name)
            or sorted(self.employers.values(), key=lambda e: e.name)[
                self.rng.randrange(len(self.employers))
            ]
        )

    # Placements -------------------------------------------------------------------------------

    def placement(self, seeker: JobSeeker, *, title: str, employer: Employer, start: date, **extra):
        rng = self.rng
        pay_subsidy = extra.pop("pay_subsidy", PaySubsidy.NONE)
        placement = Placement(
            organization_id=seeker.organization_id,
            candidate=seeker,
            employer=employer,
            job_title=title,
            start_on=start,
            hours_per_week=rng.choice(HOURS),
            hourly_wage=rng.choice(WAGES),
            contract_type=extra.pop("contract_type", ContractType.PERMANENT),
            pay_subsidy=pay_subsidy,
            competitive=suggested_competitive(pay_subsidy=pay_subsidy, set_aside=False),
            support_cadence=SupportCadence.IPS_DEFAULT,
            created_by=seeker.coach,
            **extra,
        )
        if pay_subsidy != PaySubsidy.NONE:
            placement.pay_subsidy_start_on = start
            placement.pay_subsidy_end_on = schedule.add_months(start, 10) - timedelta(days=1)
        placement.full_clean(exclude=["occupation"])
        resolve_occupation(placement)
        placement.save()
        # Recorded a few days before the start, as coaches do when the contract is signed.
        recorded = _at(start - timedelta(days=rng.randint(2, 6)), 15)
        Placement.objects.filter(pk=placement.pk).update(created_at=recorded)
        placement.created_at = recorded
        self.count("placements")
        return placement

    def support(self, placement: Placement, *, until: date, employer_ok: bool) -> None:
        """Contacts on the plan's slots up to `until`, a day or two early or late."""
        rng, coach = self.rng, placement.candidate.coach
        slots = schedule.planned_slots(
            start_on=placement.start_on,
            cadence=placement.support_cadence,
            recorded_on=timezone.localtime(placement.created_at).date(),
        )
        for index, slot in enumerate(slots):
            on = slot.due_on - timedelta(days=rng.randint(0, 2))
            if on > until or on > self.today:
                break
            with_employer = employer_ok and on < self.contact_cutoff and index % 4 == 2
            with_whom = (
                rng.choice([WithWhom.BOTH, WithWhom.EMPLOYER])
                if with_employer
                else (WithWhom.WORKER)
            )
            channel = (
                SupportChannel.FACE_TO_FACE
                if index < 3 or with_employer
                else rng.choice(list(SupportChannel))
            )
            place = (
                SupportPlace.WORKPLACE
                if with_employer
                else rng.choice([SupportPlace.COMMUNITY, SupportPlace.OFFICE, ""])
            )
            notes = rng.choice(EMPLOYER_NOTES if with_employer else WORKER_NOTES)
            topics = rng.sample(["tasks", "hours", "relationships", "benefits", "career"], 2)
            log_support_contact(
                placement=placement,
                by=coach,
                occurred_on=on,
                with_whom=with_whom,
                channel=channel,
                place=place if channel == SupportChannel.FACE_TO_FACE else "",
                topics=topics,
                notes=notes,
                contact_person=None,
            )
            self.count("support contacts")

    def check_ins(self, placement: Placement, until: date) -> None:
        for months, respondent in ((1, "worker"), (1, "employer"), (6, "worker")):
            on = schedule.add_months(placement.start_on, months)
            if on <= min(until, self.today):
                record_check_in(
                    placement=placement,
                    by=placement.candidate.coach,
                    checked_on=on,
                    respondent=respondent,
                    score=self.rng.choice([3, 4, 4, 5, 5]),
                    note="" if respondent == "employer" else "Viihtyy, haluaa jatkaa.",
                )
                self.count("check-ins")

    # The people -------------------------------------------------------------------------------

    def employed(self) -> None:
        """Everyone whose job start the coach recorded gets the job as a placement."""
        starts = (
            Milestone.objects.filter(
                job_seeker__organization=self.organization,
                job_seeker__erased_at__isnull=True,
                kind=MilestoneKind.JOB_START,
            )
            .select_related("job_seeker__coach")
            .order_by("job_seeker__last_name", "id")
        )
        fixed_term_done = subsidy_done = False
        for index, milestone in enumerate(starts):
            seeker = milestone.job_seeker
            title, _sep, employer_name = milestone.note.partition(", ")
            extra: dict = {}
            if not fixed_term_done and seeker.status == Status.WORKING:
                extra = {
                    "contract_type": ContractType.FIXED_TERM,
                    "planned_end_on": schedule.add_months(milestone.reached_on, 9),
                }
                fixed_term_done = True
            elif index % 5 == 3:
                extra["pay_subsidy"] = PaySubsidy.SKILLS_GAP
            elif not subsidy_done and index % 7 == 6:
                extra["pay_subsidy"] = PaySubsidy.REDUCED_WORK_ABILITY
                subsidy_done = True
            placement = self.placement(
                seeker,
                title=title or "Työntekijä",
                employer=self.employer(employer_name),
                start=milestone.reached_on,
                **extra,
            )
            exited = seeker.status == Status.EXITED
            until = seeker.exited_on if exited and seeker.exited_on else self.today
            if not exited and index % 3 == 1:  # a third: the last contact weeks ago
                until = self.today - timedelta(days=self.rng.randint(21, 45))
                self.count("placements with support overdue")
            self.support(placement, until=until, employer_ok=not exited)
            self.check_ins(placement, until)
            if exited:
                Placement.objects.filter(pk=placement.pk).update(
                    support_declined_on=seeker.exited_on,
                    support_declined_reason="Työ sujuu itsenäisesti; ei halua enää tukea.",
                )
            placement.refresh_from_db()
            refresh_next_due(placement)

    def ended(self) -> None:
        """Three people in job search had a job that ended: every job is a learning step."""
        people = (
            JobSeeker.objects.filter(
                organization=self.organization,
                status=Status.JOB_SEARCH,
                erased_at__isnull=True,
                intake_on__lte=self.today - timedelta(days=150),
            )
            .select_related("coach", "profile")
            .order_by("last_name")[:3]
        )
        reasons = [EndReason.QUIT, EndReason.CONTRACT_ENDED, EndReason.DISMISSED]
        for seeker, reason in zip(people, reasons, strict=False):
            start = max(
                seeker.intake_on + timedelta(days=30),
                self.today - timedelta(days=self.rng.randint(120, 170)),
            )
            end = self.today - timedelta(days=self.rng.randint(20, 40))
            contract = (
                ContractType.FIXED_TERM
                if reason == EndReason.CONTRACT_ENDED
                else ContractType.PERMANENT
            )
            placement = self.placement(
                seeker,
                title=(seeker.profile.occupations or ["Työntekijä"])[0],
                employer=self.employer(""),
                start=start,
                contract_type=contract,
                planned_end_on=end if contract == ContractType.FIXED_TERM else None,
            )
            self.support(placement, until=end - timedelta(days=1), employer_ok=True)
            Placement.objects.filter(pk=placement.pk).update(
                ended_on=end, end_reason=reason, end_note=LEARNED[reason]
            )
            placement.refresh_from_db()
            if reason != EndReason.DISMISSED:  # the contact soon after the job loss
                log_support_contact(
                    placement=placement,
                    by=seeker.coach,
                    occurred_on=end + timedelta(days=2),
                    with_whom=WithWhom.WORKER,
                    channel=SupportChannel.PHONE,
                    topics=["career", "benefits"],
                    notes="Käytiin läpi, mitä työstä opittiin ja mitä haetaan seuraavaksi.",
                )
            refresh_next_due(placement)
            self.count("ended placements")

    def run(self) -> list[str]:
        if not self.employers:
            return []
        self.employed()
        self.ended()
        return [f"{n} {what}" for what, n in self.counts.items()]


def seed(organization: Organization) -> list[str]:
    if Placement.objects.filter(organization=organization).exists():
        return []
    return _Seeder(organization).run()
