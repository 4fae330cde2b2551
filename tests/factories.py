from __future__ import annotations

import itertools

import factory
from django.utils import timezone

from crm.accounts.models import Organization, Role, Team, User

PASSWORD = "correct-horse-battery-9"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Hyvinvointialue {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed-width synthetic names: a random real surname (Faker's "Koski", "Mäkelä") once made
    # tests that assert a job seeker's name is hidden fail when a user happened to share it.
    first_name = factory.Sequence(lambda n: f"Kayttaja{n:04d}")
    last_name = factory.Sequence(lambda n: f"Testi{n:04d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fi")
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.COACH
    is_staff = factory.LazyAttribute(lambda u: u.role == Role.ADMIN)
    password = factory.django.Password(PASSWORD)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"IPS-tiimi {n}")


class EmployerFactory(factory.django.DjangoModelFactory):
    """Employers as `create_employer` makes them (search key set, initial stage recorded)."""

    class Meta:
        model = "employers.Employer"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Saimaan Tekijät {n} Oy")
    municipality = "Lappeenranta"
    industry = "G"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from crm.employers.services.employers import create_employer

        organization = kwargs.pop("organization")
        tags = kwargs.pop("tags", ())
        return create_employer(
            organization_id=organization.pk,
            by=kwargs.pop("created_by", None),
            tags=tags,
            **kwargs,
        )


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.ContactPerson"

    employer = factory.SubFactory(EmployerFactory)
    organization = factory.SelfAttribute("employer.organization")
    name = factory.Faker("name", locale="fi_FI")
    title = "Myymäläpäällikkö"
    phone = "+358401234567"
    email = factory.Sequence(lambda n: f"henkilo{n}@example.fi")


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.Opening"

    employer = factory.SubFactory(EmployerFactory)
    organization = factory.SelfAttribute("employer.organization")
    title = "Myyjä"
    occupation = "Myyjä"
    hours_per_week = 25
    municipality = "Lappeenranta"


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.EmployerContact"

    employer = factory.SubFactory(EmployerFactory)
    organization = factory.SelfAttribute("employer.organization")
    user = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..employer.organization")
    )
    channel = "face_to_face"
    purpose = "introduction"
    summary = "Esittelykäynti: kerroimme IPS-työhönvalmennuksesta."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "employers.FollowUp"

    user = factory.SubFactory(UserFactory)
    organization = factory.SelfAttribute("user.organization")
    employer = factory.SubFactory(
        EmployerFactory, organization=factory.SelfAttribute("..user.organization")
    )
    title = "Soita myymäläpäällikölle"
    due_on = factory.LazyFunction(timezone.localdate)


_seeker_numbers = itertools.count(1)


def create_job_seeker(*, coach, **fields):
    """A job seeker on `coach`'s caseload, made through the service (profile, status row)."""
    from datetime import date, timedelta

    from crm.candidates.services.records import create_job_seeker as create

    today = timezone.localdate()
    defaults = {
        "first_name": "Aino",
        "last_name": f"Testinen {next(_seeker_numbers)}",
        "referral_source": "employment_services",
        "referred_on": today - timedelta(days=60),
        "intake_on": today - timedelta(days=50),
        "status": "job_search",
        "municipality": "Lappeenranta",
        "languages": ["fi"],
    }
    defaults.update(fields)
    if defaults.get("status") == "exited":
        defaults.setdefault("exit_reason", "education")
        defaults.setdefault("exited_on", today - timedelta(days=1))
    assert isinstance(defaults["referred_on"], date)
    return create(by=coach, coach=coach, **defaults)


def create_placement(*, candidate, by=None, employer=None, **fields):
    """A job start recorded through the service (status → working, plan, next due date)."""
    from datetime import timedelta
    from decimal import Decimal

    from crm.placements.services.placements import record_job_start

    by = by or candidate.coach
    defaults = {
        "job_title": "Varastotyöntekijä",
        "start_on": timezone.localdate() - timedelta(days=10),
        "hours_per_week": Decimal("30"),
        "contract_type": "permanent",
        "hourly_wage": Decimal("13.50"),
    }
    defaults.update(fields)
    if employer is None:
        employer = EmployerFactory(organization=candidate.organization)
    return record_job_start(candidate=candidate, by=by, employer=employer, **defaults)
