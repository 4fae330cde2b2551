"""Demo job seekers for `seed_demo`: 60 fictional people of South Karelia on three coaches'
caseloads, at every stage of the IPS service, with career profiles, work history, milestones,
Kykyviisari results, consents, case notes, follow-ups and face-to-face employer contacts naming
them (so the derived "first employer contact" milestone and its 30-day flag show).

Idempotent: when the organisation already has job seekers nothing is created. Everything is
drawn from `random.Random(SEED)` and dated relative to `timezone.localdate()`. Every row is
written through the services (the same rules and audit rows as the UI); only what a service
cannot express is back-dated afterwards: when a status change, a transfer or the record itself
happened. Employer contacts are dated before the current week, so this week's figures on
"My day" stay those of the employer demo.

All people are fictional. The two identity codes are temporary ones (individual number
900-999), which are never issued to real people.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from crm.accounts.models import Organization, User
from crm.candidates.demo.data import (
    AVOID,
    COACHES,
    EDUCATION,
    EXIT_NOTES,
    FOLLOW_UPS,
    FORM_VERSION,
    HEALTH,
    HETU_CHECK,
    IMATRA_AREA,
    INTERESTS,
    NEIGHBOURS,
    PEOPLE,
    POSTCODES,
    REFERRAL_MIX,
    SEED,
    SENSITIVE_NOTES,
    STREETS,
    STRENGTHS,
    TRACKS,
    Track,
)
from crm.candidates.demo.timeline import Plan, Timelines
from crm.candidates.models import (
    CoachTransfer,
    ConsentPurpose,
    ContactType,
    Disclosure,
    JobSeeker,
    KykyviisariForm,
    KykyviisariPhase,
    MilestoneKind,
    Status,
    StatusChange,
)
from crm.candidates.services.consents import grant_consent, revoke_consent
from crm.candidates.services.kykyviisari import record_kykyviisari
from crm.candidates.services.milestones import record_milestone
from crm.candidates.services.notes import add_case_note
from crm.candidates.services.profile import add_work_history, save_profile
from crm.candidates.services.records import change_status, create_job_seeker, transfer_job_seeker
from crm.employers.models import Channel, Employer, Purpose, Stage
from crm.employers.services.contacts import log_employer_contact
from crm.employers.services.follow_ups import create_follow_up


def temporary_henkilotunnus(born: date, number: int) -> str:
    """A temporary identity code (individual number 900-999) with its check character."""
    assert 900 <= number <= 999
    body = f"{born:%d%m%y}{number}"
    century = "-" if born.year < 2000 else "A"
    return f"{born:%d%m%y}{century}{number}{HETU_CHECK[int(body) % 31]}"


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum())


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _round(value: float, low: float, high: float, places: int = 1) -> Decimal:
    return Decimal(str(round(min(high, max(low, value)), places)))


class _Seeder:
    def __init__(self, organization: Organization, users: dict[str, User]) -> None:
        self.organization = organization
        self.users = users
        self.rng = random.Random(SEED)  # noqa: S311  (repeatable demo data, not security)
        self.today = timezone.localdate()
        # Employer contacts stay before this week: the week's figures belong to the employer demo.
        self.contact_cutoff = self.today - timedelta(days=self.today.weekday() + 1)
        self.timelines = Timelines(self.rng, self.today, self.contact_cutoff)
        self.form = KykyviisariForm.objects.get(version=FORM_VERSION)
        self.employers = list(
            Employer.objects.filter(
                organization=organization,
                stage__in=[Stage.MET, Stage.NEEDS_IDENTIFIED, Stage.ACTIVE_PARTNER],
                archived_at__isnull=True,
            )
            .prefetch_related("contact_persons")
            .order_by("name")
        )
        self.counts: dict[str, int] = {}
        self.health = iter(HEALTH)
        self.sensitive = itertools.cycle(SENSITIVE_NOTES)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def coach(self, name: str) -> User:
        return self.users.get(name) or self.users["coach"]

    # One person --------------------------------------------------------------------------------

    def person(self, index: int, row: tuple, source: str) -> JobSeeker:
        first, last, born_year, municipality, languages, coach_name, status, track, flags = row
        rng = self.rng
        coach = self.coach(coach_name)
        plan = self.timelines.plan(status, flags)
        born = date(born_year, rng.randint(1, 12), rng.randint(1, 28))
        hetu = temporary_henkilotunnus(born, rng.randint(900, 999)) if flags == "hetu" else ""
        first_coach = coach
        if flags.startswith("transfer:"):
            first_coach = self.coach(flags.split(":")[1])
        seeker = create_job_seeker(
            by=first_coach,
            coach=first_coach,
            allow_duplicate=True,
            first_name=first,
            last_name=last,
            birth_date=born,
            henkilotunnus=hetu,
            email=f"{_ascii(first)}.{_ascii(last)}@example.fi",
            phone=f"04{rng.choice('01456')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            address=(
                f"{rng.choice(STREETS)} {rng.randint(1, 40)}"
                f"{rng.choice(['', ' A 3', ' B 12', ' C 7'])}, "
                f"{rng.choice(POSTCODES[municipality])} {municipality}"
            ),
            municipality=municipality,
            languages=languages.split(),
            referral_source=source,
            referred_on=plan.referred_on,
            intake_on=plan.intake_on,
        )
        self.count("job seekers")
        if first_coach != coach:
            self.transfer(seeker, coach, plan)
        self.profile(seeker, coach, plan, TRACKS[track], flags)
        self.work_history(seeker, coach, plan, TRACKS[track], born_year)
        self.statuses(seeker, coach, plan)
        self.milestones(seeker, coach, plan, TRACKS[track])
        self.consents(seeker, coach, plan, flags)  # before contacts: presenting needs consent
        self.employer_contacts(seeker, coach, plan, TRACKS[track])
        self.kykyviisari(seeker, coach, plan)
        self.notes(seeker, coach, plan, TRACKS[track], flags)
        JobSeeker.objects.filter(pk=seeker.pk).update(
            created_at=_at(plan.referred_on, 9, rng.choice([0, 15, 30, 45]))
        )
        return seeker

    def transfer(self, seeker: JobSeeker, to: User, plan: Plan) -> None:
        reason = (
            "Muutti Leenan alueelle; sovittu yhdessä."
            if seeker.municipality != "Lappeenranta"
            else "Muutti Imatralta Lappeenrantaan."
        )
        moved = transfer_job_seeker(
            job_seeker=seeker, to_coach=to, by=seeker.coach, version=seeker.version, reason=reason
        )
        on = plan.intake_on or plan.referred_on
        CoachTransfer.objects.filter(pk=moved.pk).update(at=_at(on, 8))
        self.count("coach transfers")

    def profile(self, seeker: JobSeeker, coach: User, plan: Plan, track: Track, flags: str) -> None:
        if plan.intake_on is None:
            return  # the profile is built after the intake
        rng = self.rng
        done = dict(plan.milestones).get(MilestoneKind.PROFILE_DONE)
        hours_min = rng.choice([10, 15, 20, 20, 25, 30])
        disclosure = rng.choice(list(Disclosure.values))
        notes = {
            Disclosure.DISCLOSE: "Saa kertoa, että hän on IPS-työhönvalmennuksessa ja hyötyy "
            "selkeistä ohjeista. Terveystiedoista ei kerrota.",
            Disclosure.DECIDE_PER_EMPLOYER: "Päätetään yhdessä ennen jokaista työnantajakäyntiä.",
            Disclosure.DO_NOT_DISCLOSE: "",
        }[disclosure]
        accommodation, restrictions = ("", "")
        if flags == "health":
            accommodation, restrictions = next(self.health, ("", ""))
        save_profile(
            job_seeker=seeker,
            by=coach,
            version=seeker.profile.version,
            education=rng.choice(EDUCATION),
            strengths=rng.sample(STRENGTHS, rng.randint(2, 4)),
            interests=rng.sample(INTERESTS, rng.randint(1, 3)),
            skills=rng.sample(track.skills, rng.randint(2, len(track.skills))),
            licences=rng.sample(track.licences, rng.randint(0, len(track.licences))),
            occupations=rng.sample(track.occupations, rng.randint(1, len(track.occupations))),
            industries=list(track.industries),
            hours_min=hours_min,
            hours_max=min(40, hours_min + rng.choice([5, 10, 15, 17])),
            schedules=rng.choice(
                [["day"], ["day", "evening"], ["day", "shift"], ["day", "weekend"]]
            ),
            municipalities=[seeker.municipality, *NEIGHBOURS[seeker.municipality]],
            remote=False,
            avoid=rng.sample(AVOID, rng.randint(0, 2)),
            disclosure=disclosure,
            disclosure_notes=notes,
            accommodation_needs=accommodation,
            health_restrictions=restrictions,
            completed_on=done,
        )

    def work_history(
        self, seeker: JobSeeker, coach: User, plan: Plan, track: Track, born_year: int
    ) -> None:
        if plan.intake_on is None:
            return
        rng = self.rng
        count = rng.randint(0, 1) if born_year >= 2000 else rng.randint(1, 2)
        end = plan.referred_on - timedelta(days=rng.randint(120, 900))
        for employer, role, well, badly in rng.sample(track.history, count):
            start = end - timedelta(days=rng.randint(60, 900))
            add_work_history(
                job_seeker=seeker,
                by=coach,
                employer_name=employer,
                role=role,
                started_on=start,
                ended_on=end,
                went_well=well,
                went_badly=badly,
            )
            self.count("work history entries")
            end = start - timedelta(days=rng.randint(90, 700))

    def statuses(self, seeker: JobSeeker, coach: User, plan: Plan) -> None:
        """Walk the status path through the service, then date each change when it happened."""
        for status, on in plan.statuses:
            change_status(
                job_seeker=seeker,
                by=coach,
                version=seeker.version,
                status=status,
                exited_on=on,
                exit_reason=plan.exit_reason,
            )
        days = [plan.referred_on] + [on for _s, on in plan.statuses]
        changes = list(StatusChange.objects.filter(job_seeker=seeker).order_by("id"))
        for change, on in zip(changes, days, strict=True):
            StatusChange.objects.filter(pk=change.pk).update(at=_at(on, 10))
        JobSeeker.objects.filter(pk=seeker.pk).update(status_changed_at=_at(days[-1], 10))

    def milestones(self, seeker: JobSeeker, coach: User, plan: Plan, track: Track) -> None:
        for kind, on in plan.milestones:
            note = ""
            if kind == MilestoneKind.JOB_START:
                note = f"{track.occupations[0]}, {self.job_employer(seeker, track)}"
            elif kind == MilestoneKind.BENEFITS_COUNSELLING:
                note = "Palkan vaikutus työmarkkinatukeen ja asumistukeen laskettu yhdessä."
            record_milestone(job_seeker=seeker, by=coach, kind=kind, reached_on=on, note=note)
            self.count("milestones")

    # Employer contacts and follow-ups ---------------------------------------------------------

    def employers_for(self, seeker: JobSeeker, track: Track) -> list[Employer]:
        imatra = seeker.municipality in IMATRA_AREA
        near = [e for e in self.employers if (e.municipality in IMATRA_AREA) == imatra]
        fitting = [e for e in near if e.industry in track.industries]
        return fitting or near or self.employers

    def job_employer(self, seeker: JobSeeker, track: Track) -> Employer | str:
        options = self.employers_for(seeker, track)
        if not options:
            return "Saimaan Lähikauppa Oy"
        return options[sum(map(ord, seeker.full_name)) % len(options)]

    def employer_contacts(self, seeker: JobSeeker, coach: User, plan: Plan, track: Track) -> None:
        """Face-to-face contacts naming the person: the first one (the derived milestone) and,
        before a job start, the meeting where the job was agreed."""
        if not self.employers:
            return
        rng = self.rng
        visits = []
        if plan.first_contact:
            employer = rng.choice(self.employers_for(seeker, track))
            # Presenting the person needs their consent to disclose; without it the coach
            # develops the job for them without naming them to the employer.
            discloses = seeker.profile.disclosure == Disclosure.DISCLOSE
            first = Purpose.PRESENTING_CANDIDATE if discloses else Purpose.NEEDS_DISCOVERY
            visits.append((plan.first_contact, employer, first))
        if plan.job_start and plan.first_contact:
            on = max(plan.first_contact, plan.job_start - timedelta(days=rng.randint(3, 10)))
            if on < self.contact_cutoff and on != plan.first_contact:
                job_employer = self.job_employer(seeker, track)
                visits.append((on, job_employer, Purpose.NEEDS_DISCOVERY))
        occupation = track.occupations[0].lower()
        for on, employer, purpose in visits:
            while on.weekday() > 4:
                on -= timedelta(days=1)
            on = max(on, plan.intake_on or plan.referred_on)
            if purpose == Purpose.PRESENTING_CANDIDATE:
                summary = (
                    f"Esittelin työnhakijan (toiveammatti: {occupation}). "
                    "Kävimme läpi työtehtävät ja aloitusmahdollisuudet."
                )
                outcome = "Työnantaja lupasi miettiä sopivia tehtäviä ja palata asiaan."
            elif on == plan.first_contact or not plan.job_start:
                summary = (
                    f"Kartoitin työnantajan tarpeita työnhakijan toiveita ajatellen "
                    f"(toiveammatti: {occupation}). Työnhakijaa ei esitelty nimeltä."
                )
                outcome = "Työnantaja kertoi tulevista rekrytointitarpeista."
            else:
                summary = "Sovimme työtehtävistä, aloituspäivästä ja perehdytyksestä."
                outcome = "Työsopimus allekirjoitetaan aloituspäivänä."
            log_employer_contact(
                employer=employer,
                by=coach,
                channel=Channel.FACE_TO_FACE,
                purpose=purpose,
                summary=summary,
                outcome=outcome,
                occurred_at=_at(on, rng.randint(9, 14), rng.choice([0, 30])),
                contact_persons=list(employer.contact_persons.all())[:1],
                candidates=[seeker],
            )
            self.count("employer contacts naming people")

    # Kykyviisari, consents, notes -------------------------------------------------------------

    def kykyviisari(self, seeker: JobSeeker, coach: User, plan: Plan) -> None:
        if plan.intake_on is None:
            return
        rng = self.rng
        start = min(plan.intake_on + timedelta(days=rng.randint(0, 7)), self.today)
        stopped = plan.exit_reason or any(s == Status.PAUSED for s, _on in plan.statuses)
        last = (plan.last_event if stopped else None) or self.today
        ends = bool(plan.exit_reason) and plan.exit_reason != "no_contact"
        points = [(KykyviisariPhase.START, start, 0.0)]
        if (last - start).days >= (45 if ends else 120):
            points.append((KykyviisariPhase.MIDDLE, start + (last - start) / 2, 0.5))
        if ends:
            points.append((KykyviisariPhase.END, last - timedelta(days=rng.randint(0, 5)), 1.0))
        base = rng.uniform(3, 6.5)
        trend = rng.uniform(-1.5, -0.3) if plan.exit_reason == "health" else rng.uniform(0, 2.5)
        domains = {d: rng.uniform(3.5, 7.5) for d in ("inclusion", "mind", "everyday_life")}
        domains |= {d: rng.uniform(4, 8) for d in ("skills", "body")}
        for phase, on, share in points:
            change = trend * share
            noise = rng.uniform(-0.4, 0.4)
            record_kykyviisari(
                job_seeker=seeker,
                by=coach,
                assessed_on=max(on, plan.referred_on),
                phase=phase,
                form=self.form,
                work_ability=_round(base + change, 0, 10, 0),
                functioning=_round(base + change + noise + 0.5, 0, 10),
                life_satisfaction=_round(2.5 + change / 2 + noise, 1, 5, 0),
                self_rated_health=_round(2.8 + change / 2 - noise, 1, 5, 0),
                **{
                    name: _round(value + change * rng.uniform(0.6, 1.2), 0, 10)
                    for name, value in domains.items()
                },
            )
            self.count("Kykyviisari results")

    def consents(self, seeker: JobSeeker, coach: User, plan: Plan, flags: str) -> None:
        if plan.intake_on is None:
            return
        rng = self.rng
        intake = plan.intake_on
        grants = [(ConsentPurpose.EMPLOYMENT_SERVICES, intake, intake + timedelta(days=365))]
        if rng.random() < 0.6:
            grants.append((ConsentPurpose.RESEARCH, intake, None))
        if flags == "health":
            grants.append((ConsentPurpose.HEALTH_SOCIAL, intake, intake + timedelta(days=730)))
        if seeker.profile.disclosure == Disclosure.DISCLOSE and plan.first_contact:
            grants.append((ConsentPurpose.EMPLOYER_DISCLOSURE, intake, None))
        if flags == "revoked" or rng.random() < 0.25:
            grants.append((ConsentPurpose.KELA, intake, intake + timedelta(days=180)))
        for purpose, granted, expires in grants:
            consent = grant_consent(
                job_seeker=seeker,
                by=coach,
                purpose=purpose,
                granted_on=granted,
                expires_on=expires,
                note="Allekirjoitettu suostumuslomake arkistossa.",
            )
            self.count("consents")
            expired = expires is not None and expires < self.today
            if purpose == ConsentPurpose.KELA and flags == "revoked":
                on = min(self.today, granted + timedelta(days=rng.randint(60, 150)))
                revoke_consent(consent=consent, by=coach, revoked_on=on)
            elif expired and seeker.status not in (Status.EXITED, Status.PAUSED):
                renewed = expires + timedelta(days=rng.randint(0, 14))
                if rng.random() < 0.5 and renewed <= self.today:
                    grant_consent(
                        job_seeker=seeker,
                        by=coach,
                        purpose=purpose,
                        granted_on=renewed,
                        expires_on=renewed + timedelta(days=365),
                        note="Uusittu.",
                    )
                    self.count("consents")

    def notes(self, seeker: JobSeeker, coach: User, plan: Plan, track: Track, flags: str) -> None:
        rng = self.rng
        first = seeker.first_name
        occupation = track.occupations[0].lower()
        notes: list[tuple[date, str, str]] = []  # date, contact type, text
        if plan.intake_on is None:
            if rng.random() < 0.7:
                notes.append(
                    (
                        min(self.today, plan.referred_on + timedelta(days=rng.randint(1, 3))),
                        ContactType.PHONE,
                        f"Puhelu: sovittiin alkutapaaminen. {first} kertoi odottavansa sitä.",
                    )
                )
        else:
            notes.append(
                (
                    plan.intake_on,
                    ContactType.FACE_TO_FACE,
                    f"Alkutapaaminen. Kävimme läpi IPS-työhönvalmennuksen periaatteet. {first} "
                    f"haluaa töihin. Toiveammatti: {occupation}.",
                )
            )
            notes += self.milestone_notes(plan, first, occupation)
            notes += self.routine_notes(plan, first)
        if rng.random() < 0.35 or flags == "health":
            after = plan.intake_on or plan.referred_on
            last = plan.last_event or after
            on = after + (last - after) * rng.random()
            notes.append((on, ContactType.FACE_TO_FACE, next(self.sensitive)))
        for on, contact_type, text in sorted(notes, key=lambda n: n[0]):
            add_case_note(
                job_seeker=seeker,
                by=coach,
                text=text,
                written_on=min(max(on, plan.referred_on), self.today),
                contact_type=contact_type,
                sensitive=text in SENSITIVE_NOTES,
            )
            self.count("case notes")

    def milestone_notes(self, plan: Plan, first: str, occupation: str) -> list[tuple]:
        texts = {
            MilestoneKind.BENEFITS_COUNSELLING: "Etuusneuvonta: laskimme yhdessä, miten palkka "
            "vaikuttaa työmarkkinatukeen ja asumistukeen. Ei pelkoa tulojen pienenemisestä.",
            MilestoneKind.PROFILE_DONE: "Uraprofiili valmis: työhistoria, vahvuudet ja toiveet "
            "kirjattu yhdessä.",
            MilestoneKind.JOB_SEARCH_PLAN: f"Työnhakusuunnitelma: toiveammatti {occupation}. "
            f"Sovittiin kolme työnantajaa, joihin {first} haluaa tutustua.",
            MilestoneKind.JOB_START: "Ensimmäinen työpäivä. Olin mukana työpaikalla; "
            "perehdytys sujui hyvin.",
            MilestoneKind.FOLLOW_ALONG: "Jatkuva tuki alkaa: tapaamme kuukausittain, ja "
            "esihenkilö voi soittaa minulle tarvittaessa.",
        }
        notes = [(on, ContactType.FACE_TO_FACE, texts[kind]) for kind, on in plan.milestones]
        for status, on in plan.statuses:
            if status == Status.PAUSED:
                notes.append(
                    (on, ContactType.PHONE, f"Sovittiin tauosta: {first} haluaa keskittyä "
                     "kuntoutukseen. Palataan asiaan kahden kuukauden kuluttua.")
                )  # fmt: skip
            elif status == Status.EXITED:
                notes.append((on, ContactType.NOTE, EXIT_NOTES[plan.exit_reason]))
        return notes

    def routine_notes(self, plan: Plan, first: str) -> list[tuple]:
        """Calls and meetings between milestones, ending at the last contact: for most people
        within the past two weeks, for some longer ago (the caseload flags them)."""
        rng = self.rng
        active = plan.exit_reason == "" and not any(s == Status.PAUSED for s, _on in plan.statuses)
        since = rng.choice([0, 1, 2, 3, 4, 6, 7, 9, 12, 16, 21, 30]) if active else None
        end = self.today - timedelta(days=since) if since is not None else plan.last_event
        end = max(end or plan.intake_on, plan.intake_on)
        texts = [
            (ContactType.PHONE, "Puhelu: kuulumiset ja ensi viikon tapaamisen sopiminen."),
            (ContactType.MESSAGE, "Tekstiviesti: muistutus huomisesta tapaamisesta."),
            (ContactType.FACE_TO_FACE, "Tapaaminen kahvilassa: kävimme läpi avoimia paikkoja "
             "ja päivitimme CV:n."),
            (ContactType.FACE_TO_FACE, f"Työnantajakäynnin valmistelu: harjoittelimme, miten "
             f"{first} kertoo itsestään."),
            (ContactType.VIDEO, "Videopuhelu: työhakemuksen viimeistely yhdessä."),
            (ContactType.NOTE, "Sovittu moniammatillinen palaveri hoitotahon kanssa."),
        ]  # fmt: skip
        notes = []
        span = (end - plan.intake_on).days
        for _ in range(rng.randint(1, 5) if span > 7 else 0):
            contact_type, text = rng.choice(texts)
            notes.append(
                (plan.intake_on + timedelta(days=rng.randint(1, span)), contact_type, text)
            )
        if since is not None:
            notes.append((end, ContactType.PHONE, "Puhelu: kuulumiset, tilanne ennallaan."))
        return notes

    def follow_ups(self, people: list[JobSeeker]) -> None:
        for index, days, title in FOLLOW_UPS:
            seeker = people[index]
            create_follow_up(
                user=seeker.coach,
                due_on=self.today + timedelta(days=days),
                title=title.format(first=seeker.first_name),
                job_seeker=seeker,
            )
            self.count("follow-ups about people")

    def run(self) -> list[str]:
        sources = list(REFERRAL_MIX)
        self.rng.shuffle(sources)
        people = [self.person(i, row, sources[i]) for i, row in enumerate(PEOPLE)]
        self.follow_ups(people)
        return [f"{n} {what}" for what, n in self.counts.items()]


def seed(organization: Organization) -> list[str]:
    """Create the demo job seekers unless the organisation already has some."""
    if JobSeeker.objects.filter(organization=organization).exists():
        return []
    users = {
        u.username: u for u in User.objects.filter(organization=organization, username__in=COACHES)
    }
    if "coach" not in users:
        return []
    return _Seeder(organization, users).run()
