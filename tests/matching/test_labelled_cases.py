"""Labelled cases: an opening, a few people, and the order a job coach would agree on.

Each case is plain data; `rank` runs the same vectorised path as the index (all people at
once, top-k, explanations). The first names say who the person is in one word.
"""

from __future__ import annotations

import pytest

from crm.matching import codes
from crm.matching.scoring import CandidateRow, OpeningRow, TermBook
from crm.matching.tables import CandidateTable, top_k
from crm.matching.weights import DEFAULT_WEIGHTS

VOCABULARY = [
    # occupations
    "asiakaspalvelija",
    "varastotyöntekijä",
    "siivooja",
    "kokki",
    "keittiöapulainen",
    "kassamyyjä",
    "hoiva-avustaja",
    "kiinteistönhoitaja",
    "lähettikuski",
    "myyjä",
    "ohjelmoija",
    "tarjoilija",
    "puutarhatyöntekijä",
    # skills
    "asiakaspalvelu",
    "kassatyö",
    "trukin ajo",
    "keräily",
    "siivous",
    "ruoanvalmistus",
    "astianpesu",
    "excel",
    "hyllytys",
    "python",
    "nostotyö",
    # licences
    "hygieniapassi",
    "trukkikortti",
    "työturvallisuuskortti",
    "ajokortti b",
    "ajokortti c",
    "anniskelupassi",
    "vartijakortti",
]
OBTAINABLE = {"hygieniapassi", "trukkikortti", "työturvallisuuskortti", "anniskelupassi"}
ID = {name: i for i, name in enumerate(VOCABULARY)}
TERMS = TermBook({i: name for name, i in ID.items()}, {ID[n] for n in OBTAINABLE})


def ids(names) -> frozenset[int]:
    return frozenset(ID[n] for n in names)


def person(pk: int, **spec) -> CandidateRow:
    home = codes.municipality(spec.get("home", "Lappeenranta"))
    hours = spec.get("hours", (None, None))
    return CandidateRow(
        id=pk,
        coach_id=spec.get("coach", 1),
        active=spec.get("active", True),
        occupations=ids(spec.get("wants", [])),
        avoid=ids(spec.get("avoid", [])),
        skills=ids(spec.get("skills", [])),
        licences=ids(spec.get("licences", [])),
        industries=codes.mask(spec.get("industries", []), codes.INDUSTRIES),
        schedules=codes.mask(spec.get("schedules", []), codes.SCHEDULES),
        languages=codes.mask(spec.get("languages", ["fi"]), codes.LANGUAGES),
        hours_min=hours[0],
        hours_max=hours[1],
        municipality=home[0],
        region=home[1],
        municipalities=frozenset(codes.municipality(m)[0] for m in spec.get("ok_places", [])),
        remote=spec.get("remote", False),
    )


def opening(pk: int = 1, **spec) -> OpeningRow:
    place = codes.municipality(spec.get("place", "Lappeenranta"))
    return OpeningRow(
        id=pk,
        active=True,
        occupations=ids(spec.get("occupation", [])),
        required=ids(spec.get("required", [])),
        nice=ids(spec.get("nice", [])),
        licences=ids(spec.get("licences", [])),
        industry=codes.mask(spec.get("industry", []), codes.INDUSTRIES),
        schedules=codes.mask(spec.get("schedule", []), codes.SCHEDULES),
        languages=codes.mask(spec.get("languages", []), codes.LANGUAGES),
        hours=spec.get("hours"),
        municipality=place[0],
        region=place[1],
        remote=spec.get("remote", False),
    )


def rank(job: OpeningRow, people: dict[str, dict]) -> list[str]:
    rows = [person(i + 1, **spec) for i, spec in enumerate(people.values())]
    names = {row.id: name for row, name in zip(rows, people, strict=True)}
    table = CandidateTable(rows, len(VOCABULARY))
    scores = table.score(job, TERMS, DEFAULT_WEIGHTS)
    best = top_k(scores, table.ids, table.active, len(rows))
    return [names[int(table.ids[p])] for p in best]


CS = {"occupation": ["asiakaspalvelija"], "required": ["asiakaspalvelu"], "hours": 30}
WAREHOUSE = {
    "occupation": ["varastotyöntekijä"],
    "required": ["keräily"],
    "nice": ["trukin ajo"],
    "licences": ["trukkikortti"],
    "hours": 37,
    "schedule": ["day"],
}
KITCHEN = {
    "occupation": ["keittiöapulainen"],
    "required": ["astianpesu"],
    "nice": ["ruoanvalmistus"],
    "licences": ["hygieniapassi"],
    "industry": ["I"],
    "hours": 25,
    "schedule": ["day", "evening"],
}

CASES = [
    (
        "preference beats skills",
        CS,
        {
            "wants_it": {"wants": ["asiakaspalvelija"]},
            "skilled_wants_other": {"wants": ["kokki"], "skills": ["asiakaspalvelu"]},
        },
        ["wants_it", "skilled_wants_other"],
    ),
    (
        "preference beats skills of someone who has not said",
        CS,
        {
            "skilled_silent": {"skills": ["asiakaspalvelu"]},
            "wants_it": {"wants": ["asiakaspalvelija"]},
        },
        ["wants_it", "skilled_silent"],
    ),
    (
        "wanting it and having the skill beats only wanting it",
        CS,
        {
            "wants_it": {"wants": ["asiakaspalvelija"]},
            "wants_and_can": {"wants": ["asiakaspalvelija"], "skills": ["asiakaspalvelu"]},
        },
        ["wants_and_can", "wants_it"],
    ),
    (
        "an avoided job type sinks below everyone",
        CS,
        {
            "avoids": {
                "wants": ["asiakaspalvelija"],
                "avoid": ["asiakaspalvelija"],
                "skills": ["asiakaspalvelu"],
            },
            "silent": {},
            "wants_other": {"wants": ["siivooja"]},
        },
        ["silent", "wants_other", "avoids"],
    ),
    (
        "an avoided skill the opening requires sinks",
        CS,
        {"avoids_cs": {"avoid": ["asiakaspalvelu"], "skills": ["asiakaspalvelu"]}, "silent": {}},
        ["silent", "avoids_cs"],
    ),
    (
        "the avoided person is still listed (zero exclusion)",
        CS,
        {"avoids": {"avoid": ["asiakaspalvelija"]}},
        ["avoids"],
    ),
    (
        "obtainable licence gap does not exclude a person who wants the work",
        WAREHOUSE,
        {
            "no_card_wants": {"wants": ["varastotyöntekijä"], "skills": ["keräily"]},
            "card_silent": {"licences": ["trukkikortti"]},
        },
        ["no_card_wants", "card_silent"],
    ),
    (
        "with everything else equal, having the forklift card ranks first",
        WAREHOUSE,
        {
            "no_card": {"wants": ["varastotyöntekijä"], "skills": ["keräily"]},
            "card": {
                "wants": ["varastotyöntekijä"],
                "skills": ["keräily"],
                "licences": ["trukkikortti"],
            },
        },
        ["card", "no_card"],
    ),
    (
        "a missing obtainable licence costs less than a missing non-obtainable one",
        {"occupation": ["lähettikuski"], "licences": ["hygieniapassi", "ajokortti c"]},
        {
            "no_c": {"wants": ["lähettikuski"], "licences": ["hygieniapassi"]},
            "no_passport": {"wants": ["lähettikuski"], "licences": ["ajokortti c"]},
        },
        ["no_passport", "no_c"],
    ),
    (
        "a Swedish-speaking opening ranks Swedish speakers up",
        {"occupation": ["myyjä"], "languages": ["fi", "sv"], "place": "Vaasa"},
        {
            "finnish_only": {"home": "Vaasa", "languages": ["fi"]},
            "bilingual": {"home": "Vaasa", "languages": ["fi", "sv"]},
            "swedish": {"home": "Vaasa", "languages": ["sv"]},
        },
        ["bilingual", "finnish_only", "swedish"],
    ),
    (
        "Swedish-only opening: the Swedish speaker first",
        {"occupation": ["myyjä"], "languages": ["sv"], "place": "Vaasa"},
        {
            "finnish": {"home": "Vaasa", "languages": ["fi"]},
            "swedish": {"home": "Vaasa", "languages": ["sv", "fi"]},
        },
        ["swedish", "finnish"],
    ),
    (
        "20 h/week preference vs a 37.5 h opening",
        {"occupation": ["varastotyöntekijä"], "hours": 37},
        {
            "wants_20": {"wants": ["varastotyöntekijä"], "hours": (10, 20)},
            "wants_full_time": {"wants": ["varastotyöntekijä"], "hours": (30, 40)},
            "not_said": {"wants": ["varastotyöntekijä"]},
        },
        ["wants_full_time", "not_said", "wants_20"],
    ),
    (
        "at most 25 h vs 30 h is a smaller gap than at most 20 h",
        CS,
        {"max_20": {"hours": (None, 20)}, "max_25": {"hours": (None, 25)}},
        ["max_25", "max_20"],
    ),
    (
        "someone wanting more hours than offered ranks below someone whose range fits",
        KITCHEN,
        {"wants_35_plus": {"hours": (35, None)}, "fits": {"hours": (20, 30)}},
        ["fits", "wants_35_plus"],
    ),
    (
        "same municipality > acceptable municipality > same region > elsewhere",
        CS,
        {
            "elsewhere": {"home": "Helsinki"},
            "same_region": {"home": "Imatra"},
            "accepts_it": {"home": "Savitaipale", "ok_places": ["Lappeenranta"]},
            "lives_there": {"home": "Lappeenranta"},
        },
        ["lives_there", "accepts_it", "same_region", "elsewhere"],
    ),
    (
        "remote opening: a person open to remote work ranks above one who is not",
        {"occupation": ["ohjelmoija"], "remote": True, "place": "Helsinki"},
        {"office_only": {"home": "Oulu"}, "remote_ok": {"home": "Oulu", "remote": True}},
        ["remote_ok", "office_only"],
    ),
    (
        "place does not outweigh preference",
        CS,
        {
            "near_wants_other": {"home": "Lappeenranta", "wants": ["siivooja"]},
            "far_wants_it": {"home": "Imatra", "wants": ["asiakaspalvelija"]},
        },
        ["far_wants_it", "near_wants_other"],
    ),
    (
        "evening and weekend opening: people who listed them first",
        {"occupation": ["tarjoilija"], "schedule": ["evening", "weekend"]},
        {
            "days_only": {"schedules": ["day"]},
            "evenings": {"schedules": ["evening"]},
            "both": {"schedules": ["evening", "weekend"]},
        },
        ["both", "evenings", "days_only"],
    ),
    (
        "not having said about schedules is better than having excluded it",
        {"occupation": ["tarjoilija"], "schedule": ["night"]},
        {"days_only": {"schedules": ["day"]}, "not_said": {}},
        ["not_said", "days_only"],
    ),
    (
        "required skills count more than nice-to-have ones",
        WAREHOUSE,
        {"nice_only": {"skills": ["trukin ajo"]}, "required_only": {"skills": ["keräily"]}},
        ["required_only", "nice_only"],
    ),
    (
        "more of the required skills ranks higher",
        {"occupation": ["kassamyyjä"], "required": ["kassatyö", "asiakaspalvelu", "hyllytys"]},
        {
            "one": {"skills": ["kassatyö"]},
            "three": {"skills": ["kassatyö", "asiakaspalvelu", "hyllytys"]},
            "two": {"skills": ["kassatyö", "hyllytys"]},
        },
        ["three", "two", "one"],
    ),
    (
        "industry preference counts when the occupation is not named",
        KITCHEN,
        {"wants_hospitality": {"industries": ["I"]}, "wants_construction": {"industries": ["F"]}},
        ["wants_hospitality", "wants_construction"],
    ),
    (
        "wanted occupation beats wanted industry only",
        KITCHEN,
        {"industry_only": {"industries": ["I"]}, "occupation": {"wants": ["keittiöapulainen"]}},
        ["occupation", "industry_only"],
    ),
    (
        "kitchen: keen without hygiene passport beats a passport holder wanting office work",
        KITCHEN,
        {
            "passport_wants_office": {
                "wants": ["ohjelmoija"],
                "licences": ["hygieniapassi"],
                "skills": ["astianpesu"],
            },
            "wants_kitchen": {"wants": ["keittiöapulainen"]},
        },
        ["wants_kitchen", "passport_wants_office"],
    ),
    (
        "ties are broken by id (the earlier record first)",
        CS,
        {"first": {"wants": ["asiakaspalvelija"]}, "second": {"wants": ["asiakaspalvelija"]}},
        ["first", "second"],
    ),
    (
        "paused or exited people are not ranked",
        CS,
        {"paused": {"active": False, "wants": ["asiakaspalvelija"]}, "active": {}},
        ["active"],
    ),
    (
        "unknown languages rank below a known match but above a known mismatch",
        {"occupation": ["myyjä"], "languages": ["sv"]},
        {
            "no_swedish": {"languages": ["fi"]},
            "unknown": {"languages": []},
            "swedish": {"languages": ["sv"]},
        },
        ["swedish", "unknown", "no_swedish"],
    ),
    (
        "cleaning job in Imatra, three people in the region",
        {
            "occupation": ["siivooja"],
            "required": ["siivous"],
            "licences": ["työturvallisuuskortti"],
            "place": "Imatra",
            "hours": 20,
        },
        {
            "lappeenranta_wants": {
                "home": "Lappeenranta",
                "wants": ["siivooja"],
                "hours": (15, 25),
            },
            "imatra_wants_skilled": {
                "home": "Imatra",
                "wants": ["siivooja"],
                "skills": ["siivous"],
                "hours": (15, 25),
            },
            "imatra_silent": {"home": "Imatra"},
        },
        ["imatra_wants_skilled", "lappeenranta_wants", "imatra_silent"],
    ),
    (
        "care assistant: wanting care work beats full skills without the wish",
        {
            "occupation": ["hoiva-avustaja"],
            "nice": ["asiakaspalvelu"],
            "industry": ["Q"],
            "schedule": ["shift"],
        },
        {
            "skilled_shift": {
                "skills": ["asiakaspalvelu"],
                "schedules": ["shift"],
                "wants": ["varastotyöntekijä"],
            },
            "wants_care": {"wants": ["hoiva-avustaja"], "schedules": ["shift"]},
        },
        ["wants_care", "skilled_shift"],
    ),
    (
        "property maintenance needs a B licence: having it helps among equals",
        {
            "occupation": ["kiinteistönhoitaja"],
            "licences": ["ajokortti b"],
            "place": "Lappeenranta",
        },
        {
            "no_licence": {"wants": ["kiinteistönhoitaja"]},
            "licence": {"wants": ["kiinteistönhoitaja"], "licences": ["ajokortti b"]},
        },
        ["licence", "no_licence"],
    ),
    (
        "bar work needs an anniskelupassi: obtainable, so a keen person stays on top",
        {
            "occupation": ["tarjoilija"],
            "licences": ["anniskelupassi", "hygieniapassi"],
            "schedule": ["evening"],
        },
        {
            "keen_no_cards": {"wants": ["tarjoilija"], "schedules": ["evening"]},
            "cards_no_wish": {
                "licences": ["anniskelupassi", "hygieniapassi"],
                "schedules": ["evening"],
                "wants": ["siivooja"],
            },
        },
        ["keen_no_cards", "cards_no_wish"],
    ),
    (
        "gardening: an acceptable municipality beats living in the same region",
        {"occupation": ["puutarhatyöntekijä"], "place": "Lemi"},
        {"imatra": {"home": "Imatra"}, "accepts_lemi": {"home": "Kouvola", "ok_places": ["Lemi"]}},
        ["accepts_lemi", "imatra"],
    ),
    (
        "avoid beats even a perfect fit otherwise",
        WAREHOUSE,
        {
            "perfect_but_avoids": {
                "wants": ["varastotyöntekijä"],
                "skills": ["keräily", "trukin ajo"],
                "licences": ["trukkikortti"],
                "avoid": ["nostotyö", "varastotyöntekijä"],
                "schedules": ["day"],
                "hours": (35, 40),
            },
            "nothing_known": {"languages": []},
        },
        ["nothing_known", "perfect_but_avoids"],
    ),
]


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(("title", "job", "people", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_coach_would_agree_with_the_order(title, job, people, expected):
    assert rank(opening(**job), people) == expected
