"""Free-text skills and licences resolve to one vocabulary, Finnish inflections included."""

from __future__ import annotations

import pytest

from crm.candidates.services.profile import save_profile
from crm.matching import features
from crm.matching.models import CandidateFeatures, Term
from crm.matching.vocabulary import matching_key, resolve_terms, seed_vocabulary
from tests.factories import create_job_seeker

pytestmark = pytest.mark.django_db
WAREHOUSE_WORKER = "varastotyöntekijä"


def resolve(org, kind, *texts):
    return [t.name for t in resolve_terms(organization_id=org.pk, kind=kind, texts=texts)]


def test_inflected_and_capitalised_forms_meet(org):
    first = resolve(org, "skill", "asiakaspalvelu")
    again = resolve(org, "skill", "Asiakaspalvelua", "asiakaspalvelussa", " asiakaspalvelu ")

    assert first == ["Asiakaspalvelu"]
    assert again == ["Asiakaspalvelu"]
    assert Term.objects.filter(kind="skill").count() == 1


def test_small_typos_are_matched_fuzzily(org):
    resolve(org, "skill", "Trukin ajo")

    assert resolve(org, "skill", "trukin ajoo") == ["Trukin ajo"]


def test_different_skills_stay_different(org):
    assert resolve(org, "skill", "siivous", "kassatyö") == ["Siivous", "Kassatyö"]


def test_licence_synonyms_become_one_canonical_name(org):
    names = resolve(org, "licence", "hygieniaosaamistodistus", "Hygiene passport", "B-ajokortti")

    assert names == ["Hygieniapassi", "Ajokortti B"]


def test_vocabularies_are_per_organization(org, other_org):
    resolve(org, "skill", "Hyllytys")
    resolve(other_org, "skill", "hyllytys")

    assert Term.objects.filter(kind="skill").count() == 2
    assert Term.objects.for_organization(other_org.pk).get().name == "Hyllytys"


def test_the_matching_key_stems_finnish_words():
    assert matching_key("Asiakaspalvelua") == matching_key("asiakaspalvelu")


# Synonyms, Swedish, compounds --------------------------------------------------------------


@pytest.fixture
def seeded(org):
    seed_vocabulary(organization_id=org.pk)
    return org


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("occupation", "varastotyöntekijä", "Varastotyöntekijä"),
        ("occupation", "Varastotyöntekijänä", "Varastotyöntekijä"),
        ("occupation", "warehouse worker", "Varastotyöntekijä"),
        ("occupation", "lagerarbetare", "Varastotyöntekijä"),
        ("occupation", "toimitilahuoltaja", "Siivooja"),
        ("occupation", "städare", "Siivooja"),
        ("occupation", "lähettiauton kuljettaja", "Lähetti"),
        ("licence", "trukkikortti", "Trukkikortti"),
        ("licence", "trukki", "Trukkikortti"),
        ("licence", "Forklift", "Trukkikortti"),
        ("licence", "hygienia passi", "Hygieniapassi"),
        ("licence", "hygieniapasi", "Hygieniapassi"),
        ("licence", "hygienpass", "Hygieniapassi"),
        ("licence", "EA1", "Ensiapukortti EA1"),
        ("skill", "siivoustyö", "Siivous"),
        ("skill", "siivoustyöt", "Siivous"),
        ("skill", "städning", "Siivous"),
        ("skill", "städningen", "Siivous"),
        ("skill", "customer service", "Asiakaspalvelu"),
        ("skill", "asiakas palvelu", "Asiakaspalvelu"),
        ("skill", "ruoanlaittotaidot", "Ruoanlaitto"),
        ("skill", "tiskaus", "Astianpesu"),
    ],
)
def test_synonyms_swedish_and_compounds_resolve_to_the_seeded_term(seeded, kind, text, expected):
    before = Term.objects.filter(organization=seeded).count()

    assert resolve(seeded, kind, text) == [expected]
    assert Term.objects.filter(organization=seeded).count() == before


def test_licence_classes_are_never_merged_by_fuzzy_matching(seeded):
    names = resolve(seeded, "licence", "ajokortti C", "Ajokortti CE", "C-kortti", "ce-ajokortti")

    assert names == ["Ajokortti C", "Ajokortti CE"]


def test_a_seed_synonym_creates_the_canonical_term_with_its_details(org):
    [term] = resolve_terms(organization_id=org.pk, kind="licence", texts=["hygiene passport"])

    assert term.name == "Hygieniapassi"
    assert term.name_sv == "Hygienpass"
    assert term.obtainable is True
    assert "hygieniaosaamistodistus" in term.synonyms


def test_an_unknown_skill_is_added_as_written(seeded):
    assert resolve(seeded, "skill", "Lumilautailun opetus") == ["Lumilautailun opetus"]
    assert resolve(seeded, "skill", "lumilautailun opetusta") == ["Lumilautailun opetus"]


def test_an_organisations_own_synonyms_are_matched(org):
    Term.objects.create(
        organization=org,
        kind="skill",
        name="Pihatyöt",
        key=matching_key("Pihatyöt"),
        synonyms=["haravointi"],
    )

    assert resolve(org, "skill", "Haravointi") == ["Pihatyöt"]


def test_occupations_skills_and_licences_are_separate_vocabularies(seeded):
    assert resolve(seeded, "occupation", "Trukinkuljettaja") == ["Trukinkuljettaja"]
    assert resolve(seeded, "skill", "trukin ajo") == ["Trukin ajo"]
    assert resolve(seeded, "licence", "trukki") == ["Trukkikortti"]


def test_text_without_words_is_ignored(org):
    assert resolve(org, "skill", " - ", "!!", "") == []
    assert not Term.objects.exists()


def test_resolving_costs_one_query_however_many_texts(seeded, django_assert_num_queries):
    texts = ["asiakaspalvelua", "städning", "siivoustyö", "trukin ajoo", "kassatyö"] * 10

    with django_assert_num_queries(1):
        resolve_terms(organization_id=seeded.pk, kind="skill", texts=texts)


# Personal free text --------------------------------------------------------------------------


def test_avoid_free_text_never_becomes_a_vocabulary_term(alice, org):
    person = create_job_seeker(coach=alice)
    save_profile(
        job_seeker=person,
        by=alice,
        version=person.profile.version,
        avoid=["Työt entisen puolison lähellä", WAREHOUSE_WORKER],
    )
    features.refresh_candidates([person.pk])
    assert not Term.objects.filter(organization=org, name__icontains="puolison").exists()
    avoided = CandidateFeatures.objects.get(job_seeker=person).avoid
    terms = Term.objects.filter(organization=org, kind="occupation")
    warehouse = terms.get(name__iexact=WAREHOUSE_WORKER)
    assert avoided == [warehouse.pk]  # a known (seed list) job type still counts
