"""Every organisation starts from one curated Finnish/Swedish vocabulary, and keeps its own."""

from __future__ import annotations

import importlib
from collections import defaultdict

import pytest
from django.apps import apps

from crm.matching.models import Term
from crm.matching.vocabulary import (
    _aliases,
    demo_seed,
    load_seed,
    matching_key,
    seed_vocabulary,
)

pytestmark = pytest.mark.django_db


def terms(org, kind=None):
    qs = Term.objects.filter(organization=org)
    return qs.filter(kind=kind) if kind else qs


def test_a_new_organisation_gets_occupations_skills_and_licences(org):
    added = seed_vocabulary(organization_id=org.pk)

    assert added == len(load_seed()) >= 140
    assert terms(org, "occupation").filter(name="Kassatyöntekijä", name_sv="Kassapersonal").exists()
    assert terms(org, "skill").filter(name="Siivous", name_sv="Städning").exists()
    assert "forklift" in terms(org, "licence").get(name="Trukkikortti").synonyms


def test_seeding_twice_adds_nothing(org):
    seed_vocabulary(organization_id=org.pk)
    count = terms(org).count()

    assert seed_vocabulary(organization_id=org.pk) == 0
    assert terms(org).count() == count


def test_quickly_obtainable_licences_are_marked_and_driving_licences_are_not(org):
    seed_vocabulary(organization_id=org.pk)
    obtainable = set(terms(org, "licence").filter(obtainable=True).values_list("name", flat=True))

    assert {
        "Hygieniapassi",
        "Työturvallisuuskortti",
        "Ensiapukortti EA1",
        "Anniskelupassi",
        "Tieturva 1",
        "Tulityökortti",
        "Trukkikortti",
    } <= obtainable
    assert not obtainable & {"Ajokortti B", "Ajokortti C", "Ajokortti CE"}
    assert not terms(org).exclude(kind="licence").filter(obtainable=True).exists()


def test_an_organisations_own_term_is_completed_not_replaced(org):
    own = Term.objects.create(
        organization=org, kind="licence", name="hygieniapassi", key=matching_key("Hygieniapassi")
    )
    custom = Term.objects.create(
        organization=org,
        kind="skill",
        name="Pihatyöt",
        key=matching_key("Pihatyöt"),
        synonyms=["haravointi"],
    )

    seed_vocabulary(organization_id=org.pk)

    own.refresh_from_db()
    custom.refresh_from_db()
    assert own.name == "hygieniapassi"
    assert own.name_sv == "Hygienpass"
    assert own.obtainable is True
    assert "hygiene passport" in own.synonyms
    assert custom.synonyms == ["haravointi"]
    assert terms(org, "licence").filter(key=own.key).count() == 1


def test_seeding_one_organisation_leaves_the_others_alone(org, other_org):
    seed_vocabulary(organization_id=org.pk)

    assert not terms(other_org).exists()


def test_the_data_migration_seeds_every_existing_organisation(org, other_org):
    migration = importlib.import_module("crm.matching.migrations.0003_seed_vocabulary")

    migration.seed_existing_organisations(apps, None)

    assert terms(org).count() == terms(other_org).count() == len(load_seed())


def test_the_demo_seeder_step_reports_what_it_added_once(org):
    assert demo_seed(org) == [f"{len(load_seed())} vocabulary terms"]
    assert demo_seed(org) == []


# The curated list itself ---------------------------------------------------------------------


def test_every_seed_term_has_a_kind_a_finnish_name_and_synonyms():
    seeds = load_seed()

    assert {s.kind for s in seeds} == {"occupation", "skill", "licence"}
    assert all(s.name and s.synonyms for s in seeds)
    assert sum(bool(s.name_sv) for s in seeds) >= 0.9 * len(seeds)


def test_no_two_seed_terms_share_a_way_of_writing_them():
    owners = defaultdict(set)
    for seed in load_seed():
        for key, _tokens in _aliases(seed.name, seed.name_sv, seed.synonyms):
            owners[(seed.kind, key)].add(seed.name)

    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_esco_uris_are_blank_or_real_esco_addresses():
    uris = [s.esco_uri for s in load_seed() if s.esco_uri]

    assert all(u.startswith("http://data.europa.eu/esco/") for u in uris)
