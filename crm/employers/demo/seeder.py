"""Demo employers for `seed_demo`: about 40 fictional South Karelian employers across the pipeline,
with contact persons, ten weeks of contact log, follow-ups, openings and job tailoring notes.

Idempotent: when the organisation already has employers nothing is created. Everything is drawn
from `random.Random(2025)` and dated relative to `timezone.localdate()`, so the data looks the same
on every run and stays fresh (this week's contacts, follow-ups due today). Every row is written
through the services, so the demo obeys the same rules as the UI (no contact in the future, no
follow-up before its contact, stage changes recorded).

All companies are fictional. Their business IDs (Y-tunnus) have a correct check digit and are drawn
from the 9xxxxxx range, which has not been issued so far, so none is a real company's.
"""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from crm.accounts.models import Organization, User
from crm.employers.demo.business_ids import fictional_business_ids
from crm.employers.demo.data.contacts import (
    FOLLOW_UP_PLAN,
    LEFTOVER_FOLLOW_UPS,
    TASKS,
    TEXTS,
    THIS_WEEK,
)
from crm.employers.demo.data.employers import (
    CONTACT_COUNTS,
    CREATED_DAYS_AGO,
    EMPLOYERS,
    FIRST_NAMES,
    IMATRA_AREA,
    LAST_MOVE_DAYS_AGO,
    LAST_NAMES,
    MOBILE_PREFIXES,
    PATHS,
    TITLES,
    EmployerSpec,
)
from crm.employers.demo.data.openings import OPENINGS, TAILORING
from crm.employers.models import (
    Channel,
    ContactPerson,
    Employer,
    FollowUp,
    Opening,
    Purpose,
    Stage,
    StageChange,
)
from crm.employers.services.contacts import add_contact_person, log_employer_contact
from crm.employers.services.employers import create_employer, move_employer_to_stage
from crm.employers.services.follow_ups import complete_follow_up, create_follow_up
from crm.employers.services.openings import add_tailoring_note, create_opening

SEED = 2025
CONTACT_WINDOW_DAYS = 70  # the contact log covers the past ten weeks
PIPELINE = [
    Stage.PROSPECT,
    Stage.CONTACTED,
    Stage.MET,
    Stage.NEEDS_IDENTIFIED,
    Stage.ACTIVE_PARTNER,
]


# Helpers ------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _week_slots(rng: random.Random, today: date, now: datetime, count: int) -> list[datetime]:
    """`count` past moments of this week (Monday to now), in working hours when possible."""
    week_start = today - timedelta(days=today.weekday())
    slots = [
        _at(week_start + timedelta(days=d), 8) + timedelta(minutes=15 * q)
        for d in range(today.weekday() + 1)
        for q in range(33)  # 8.00-16.00
    ]
    slots = [s for s in slots if s <= now - timedelta(minutes=5)]
    if len(slots) >= count:
        return sorted(rng.sample(slots, count))
    start = _at(week_start, 0)  # early on a Monday: spread over the time that has passed
    if now - timedelta(minutes=5) > _at(week_start, 8):
        start = _at(week_start, 8)
    step = (now - timedelta(minutes=1) - start) / (count + 1)
    return [start + step * (i + 1) for i in range(count)]


class _Seeder:
    def __init__(self, organization: Organization, users: dict[str, User]) -> None:
        self.organization = organization
        self.users = users
        self.rng = random.Random(SEED)  # noqa: S311  (repeatable demo data, not security)
        # This week's times depend on the time of day; their own generator keeps the rest fixed.
        self.week_rng = random.Random(SEED + 1)  # noqa: S311
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.plan = {
            name: sorted(self.today + timedelta(days=d) for d in days)
            for name, days in FOLLOW_UP_PLAN.items()
            if name in users
        }
        self.counts: dict[str, int] = defaultdict(int)
        self.used_texts: dict[int, set[str]] = defaultdict(set)

    def user(self, name: str) -> User:
        fallback = self.users.get("relations") or next(iter(self.users.values()))
        return self.users.get(name) or fallback

    # One employer's history ----------------------------------------------------------------

    def employer(self, spec: EmployerSpec, business_id: str, this_week: list[tuple]) -> Employer:
        rng = self.rng
        owner = self.user(spec.owner)
        created_days = rng.randint(*CREATED_DAYS_AGO[spec.stage])
        created_at = _at(self.today - timedelta(days=created_days), rng.randint(8, 15))
        employer = create_employer(
            organization_id=self.organization.pk,
            by=owner,
            name=spec.name,
            business_id=business_id if spec.business_id else "",
            industry=spec.industry,
            municipality=spec.municipality,
            address=spec.address,
            size_class=spec.size_class,
            owner=owner,
            notes=spec.notes,
            tags=spec.tags,
            website=f"https://www.{_slug(spec.name)}.example" if spec.website else "",
        )
        Employer.objects.filter(pk=employer.pk).update(
            created_at=created_at, stage_changed_at=created_at
        )
        StageChange.objects.filter(employer=employer).update(changed_at=created_at)
        persons = self.contact_persons(employer, spec)

        events: list[tuple[datetime, int, str, object]] = []
        path = PATHS[spec.stage]
        last_move = rng.randint(*LAST_MOVE_DAYS_AGO[spec.stage])
        move_days = sorted(rng.sample(range(last_move, created_days), len(path)), reverse=True)
        if path:
            move_days[-1] = min(move_days[-1], last_move)
        for stage, days in zip(path, move_days, strict=True):
            events.append((_at(self.today - timedelta(days=days), 16, 30), 1, "move", stage))

        week_offset = self.today.weekday()
        earliest = min(created_days - 1, CONTACT_WINDOW_DAYS)
        latest = (last_move + 1) if spec.stage == Stage.DORMANT else week_offset + 1
        for _ in range(rng.randint(*CONTACT_COUNTS[spec.stage]) if earliest >= latest else 0):
            day = self.today - timedelta(days=rng.randint(latest, earliest))
            while day.weekday() > 4:  # staff meet employers on weekdays
                day = self.today - timedelta(days=rng.randint(latest, earliest))
            when = _at(day, rng.randint(8, 15), rng.choice([0, 15, 30, 45]))
            events.append((when, 0, "contact", None))
        events.extend(
            (when, 0, "contact", (user_name, channel)) for when, user_name, channel in this_week
        )
        events.sort(key=lambda e: (e[0], e[1]))

        last_contact_index = max(
            (i for i, e in enumerate(events) if e[2] == "contact"), default=None
        )
        opening = None
        for i, (when, _order, kind, payload) in enumerate(events):
            employer.refresh_from_db()
            if kind == "move":
                self.advance(employer, payload, when, owner)
                if payload == Stage.NEEDS_IDENTIFIED and spec.name in OPENINGS:
                    opening = self.opening(employer, spec, owner, when)
                if payload == Stage.ACTIVE_PARTNER and spec.name in TAILORING:
                    self.tailoring(employer, spec, owner, persons, opening, when)
            else:
                self.contact(
                    employer,
                    spec,
                    owner,
                    persons,
                    when,
                    payload,
                    opening,
                    last=i == last_contact_index,
                )
        employer.refresh_from_db()
        return employer

    def advance(self, employer: Employer, stage: str, when: datetime, by: User) -> None:
        order = [*PIPELINE, Stage.DORMANT]
        if order.index(stage) > order.index(employer.stage):
            move_employer_to_stage(employer=employer, stage=stage, by=by, at=when)

    def contact_persons(self, employer: Employer, spec: EmployerSpec) -> list[ContactPerson]:
        rng = self.rng
        titles = TITLES[spec.industry]
        count = {"micro": 1, "small": 2}.get(spec.size_class, 3)
        count = max(1, min(3, count + rng.choice([-1, 0, 0, 1])))
        persons = []
        for i in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if rng.random() < 0.15:
                phone = f"05 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            else:
                phone = (
                    f"{rng.choice(MOBILE_PREFIXES)} {rng.randint(100, 999)} "
                    f"{rng.randint(1000, 9999)}"
                )
            persons.append(
                add_contact_person(
                    employer=employer,
                    by=None,
                    name=f"{first} {last}",
                    title=titles[i] if i < len(titles) else titles[-1],
                    phone=phone,
                    email=f"{_slug(first)}.{_slug(last)}@{_slug(spec.name)[:30]}.example",
                    is_decision_maker=i == 0,
                    preferred_channel=rng.choice(
                        ["phone", "phone", "email", "face_to_face", "text"]
                    ),
                )
            )
        self.counts["contact persons"] += len(persons)
        return persons

    def contact(
        self,
        employer: Employer,
        spec: EmployerSpec,
        owner: User,
        persons: list[ContactPerson],
        when: datetime,
        this_week: tuple | None,
        opening: Opening | None,
        *,
        last: bool,
    ) -> None:
        rng = self.rng
        if this_week:
            user = self.user(this_week[0])
            channel = this_week[1]
        else:
            user = owner if rng.random() < 0.7 else self.colleague(owner, spec)
            channel = rng.choices(
                [Channel.FACE_TO_FACE, Channel.PHONE, Channel.EMAIL, Channel.VIDEO, Channel.EVENT],
                weights=[50, 32, 10, 4, 4],
            )[0]
            if spec.stage == Stage.CONTACTED and channel in (Channel.FACE_TO_FACE, Channel.EVENT):
                channel = Channel.PHONE  # keeps "contacted" employers short of "met"
        purpose = {
            Stage.PROSPECT: Purpose.INTRODUCTION,
            Stage.CONTACTED: Purpose.INTRODUCTION
            if channel != Channel.FACE_TO_FACE
            else Purpose.NEEDS_DISCOVERY,
            Stage.MET: rng.choice(
                [Purpose.NEEDS_DISCOVERY, Purpose.NEEDS_DISCOVERY, Purpose.FOLLOW_UP]
            ),
            Stage.NEEDS_IDENTIFIED: rng.choice([Purpose.PRESENTING_CANDIDATE, Purpose.FOLLOW_UP]),
            Stage.ACTIVE_PARTNER: rng.choice(
                [Purpose.SUPPORT, Purpose.SUPPORT, Purpose.PRESENTING_CANDIDATE, Purpose.FOLLOW_UP]
            ),
            Stage.DORMANT: Purpose.FOLLOW_UP,
        }[employer.stage]
        texts = [t for t in TEXTS[purpose] if not t[0] or channel in t[0]] or TEXTS[purpose]
        texts = [t for t in texts if t[1] not in self.used_texts[employer.pk]] or texts
        _channels, summary, outcome, next_step = rng.choice(texts)
        self.used_texts[employer.pk].add(summary)
        met = rng.sample(persons, k=min(len(persons), rng.choice([1, 1, 2])))
        fill = {"person": met[0].name, "tasks": TASKS[spec.industry]}
        contact_day = timezone.localtime(when).date()

        follow_up_on = None
        done = False
        plan = self.plan.get(self._name(user), [])
        candidates = [d for d in plan if d >= contact_day]
        if last and candidates and contact_day >= self.today - timedelta(days=21):
            follow_up_on = candidates[0]
            plan.remove(follow_up_on)
        elif not last and rng.random() < 0.5:
            due = contact_day + timedelta(days=rng.randint(2, 10))
            if due < self.today:
                follow_up_on, done = due, True
        contact = log_employer_contact(
            employer=employer,
            by=user,
            channel=channel,
            purpose=purpose,
            summary=summary.format(**fill),
            outcome=outcome.format(**fill),
            next_step=next_step if (follow_up_on or rng.random() < 0.6) else "",
            follow_up_on=follow_up_on,
            contact_persons=met,
            occurred_at=when,
            opening=opening if purpose == Purpose.PRESENTING_CANDIDATE else None,
        )
        self.counts["employer contacts"] += 1
        if follow_up_on:
            self.counts["follow-ups"] += 1
        if done:
            for follow_up in FollowUp.objects.filter(contact=contact):
                complete_follow_up(follow_up=follow_up, by=user)
            FollowUp.objects.filter(contact=contact).update(done_at=_at(follow_up_on, 12))

    def colleague(self, owner: User, spec: EmployerSpec) -> User:
        """Who else visits this employer: relations staff, or the coach of the area."""
        if self._name(owner) != "relations":
            return self.user("relations")
        return self.user("coach2" if spec.municipality in IMATRA_AREA else "coach")

    def _name(self, user: User) -> str:
        return next((n for n, u in self.users.items() if u == user), "")

    def opening(self, employer: Employer, spec: EmployerSpec, by: User, when: datetime) -> Opening:
        data = dict(OPENINGS[spec.name])
        start_in = data.pop("start_in")
        opening = create_opening(
            employer=employer,
            by=by,
            municipality=spec.municipality,
            start_on=self.today + timedelta(days=start_in) if start_in else None,
            **data,
        )
        Opening.objects.filter(pk=opening.pk).update(created_at=when)
        self.counts["openings"] += 1
        return opening

    def tailoring(
        self,
        employer: Employer,
        spec: EmployerSpec,
        by: User,
        persons: list[ContactPerson],
        opening: Opening | None,
        when: datetime,
    ) -> None:
        carved, adjustments = TAILORING[spec.name]
        add_tailoring_note(
            employer=employer,
            by=by,
            opening=opening,
            agreed_with=persons[0],
            tasks_carved_out=carved,
            adjustments=adjustments,
            agreed_on=timezone.localtime(when).date(),
        )
        self.counts["job tailoring notes"] += 1

    # Whole organisation ----------------------------------------------------------------------

    def run(self) -> list[str]:
        business_ids = iter(fictional_business_ids(self.rng, len(EMPLOYERS)))
        this_week = self.this_week_contacts()
        employers = []
        for index, spec in enumerate(EMPLOYERS):
            employers.append(self.employer(spec, next(business_ids), this_week.get(index, [])))
        self.leftover_follow_ups(employers)
        self.counts["stage changes"] = StageChange.objects.filter(
            organization=self.organization
        ).count()
        return [f"{len(employers)} employers"] + [
            f"{n} {what}" for what, n in self.counts.items() if n
        ]

    def this_week_contacts(self) -> dict[int, list[tuple]]:
        """This week's contacts, each at a different employer of the user's own, met or later."""
        by_employer: dict[int, list[tuple]] = defaultdict(list)
        taken: set[int] = set()
        for user_name, channels in THIS_WEEK.items():
            if user_name not in self.users:
                continue
            slots = _week_slots(self.week_rng, self.today, self.now, len(channels))
            mine = [
                i
                for i, s in enumerate(EMPLOYERS)
                if s.owner == user_name
                and s.stage in (Stage.MET, Stage.NEEDS_IDENTIFIED, Stage.ACTIVE_PARTNER)
                and i not in taken
            ]
            for when, channel, index in zip(slots, channels, mine, strict=False):
                by_employer[index].append((when, user_name, channel))
                taken.add(index)
        return by_employer

    def leftover_follow_ups(self, employers: list[Employer]) -> None:
        """Follow-ups of the plan that no recent contact took: first calls to prospects etc."""
        for user_name, days in self.plan.items():
            user = self.users[user_name]
            own = [e for e in employers if e.owner_id == user.pk and e.stage != Stage.DORMANT]
            own.sort(key=lambda e: PIPELINE.index(e.stage))  # prospects first
            for i, due in enumerate(days):
                employer = own[i % len(own)] if own else None
                create_follow_up(
                    user=user,
                    due_on=due,
                    employer=employer,
                    title=LEFTOVER_FOLLOW_UPS[i % len(LEFTOVER_FOLLOW_UPS)],
                )
                self.counts["follow-ups"] += 1
            days.clear()


def seed(organization: Organization) -> list[str]:
    """Create the demo employers unless the organisation already has some; return what was made."""
    if Employer.objects.filter(organization=organization).exists():
        return []
    names = ["coach", "coach2", "relations"]
    users = {
        u.username: u for u in User.objects.filter(organization=organization, username__in=names)
    }
    if not users:
        return []
    users = {n: users[n] for n in names if n in users}
    return _Seeder(organization, users).run()
