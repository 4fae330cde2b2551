"""Free-text skills and licences resolve to one vocabulary, Finnish inflections included."""

from __future__ import annotations

import pytest

from crm.matching.models import Term
from crm.matching.vocabulary import matching_key, resolve_terms

pytestmark = pytest.mark.django_db


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
