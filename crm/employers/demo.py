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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from crm.accounts.models import Organization, User
from crm.employers import services
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

SEED = 2025
CONTACT_WINDOW_DAYS = 70  # the contact log covers the past ten weeks
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
PIPELINE = [
    Stage.PROSPECT,
    Stage.CONTACTED,
    Stage.MET,
    Stage.NEEDS_IDENTIFIED,
    Stage.ACTIVE_PARTNER,
]

# Open follow-ups per user, as days from today: due today (0), overdue (<0), upcoming (>0).
FOLLOW_UP_PLAN = {
    "coach": [-6, -3, 0, 0, 0, 1, 3, 6, 12],
    "relations": [-5, -2, 0, 0, 2, 4, 8, 13],
    "coach2": [-4, 0, 2, 9],
}
# Contacts logged this week: (user, channel) — the coach reaches 4 of the weekly 6 face to face.
THIS_WEEK = {
    "coach": [Channel.FACE_TO_FACE] * 4 + [Channel.PHONE],
    "relations": [Channel.FACE_TO_FACE] * 3 + [Channel.PHONE, Channel.EMAIL],
    "coach2": [Channel.FACE_TO_FACE] * 2 + [Channel.PHONE],
}


def business_id_check_digit(digits: str) -> int | None:
    """Check digit of a Y-tunnus body of 7 digits; None when the body cannot be used."""
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def fictional_business_ids(rng: random.Random, count: int) -> list[str]:
    """Distinct valid business IDs in the unissued 9xxxxxx range."""
    ids: list[str] = []
    while len(ids) < count:
        digits = str(rng.randint(9_000_000, 9_999_999))
        check = business_id_check_digit(digits)
        candidate = f"{digits}-{check}"
        if check is not None and candidate not in ids:
            ids.append(candidate)
    return ids


# Employers ---------------------------------------------------------------------------------


@dataclass
class EmployerSpec:
    name: str
    industry: str
    municipality: str
    address: str
    size_class: str
    stage: str
    owner: str
    business_id: bool = True
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    website: bool = False


P, C, M, N, A, D = (
    Stage.PROSPECT,
    Stage.CONTACTED,
    Stage.MET,
    Stage.NEEDS_IDENTIFIED,
    Stage.ACTIVE_PARTNER,
    Stage.DORMANT,
)

# fmt: off
EMPLOYERS = [
    # Retail and car repair (G)
    EmployerSpec("Saimaan Lähikauppa Oy", "G", "Lappeenranta", "Kauppakatu 21, 53100 Lappeenranta",
                 "small", A, "coach", tags=["IPS-kumppani", "Palkkatuki tuttu"], website=True,
                 notes="Kauppias tuntee palkkatuen. Aamuisin kiireinen hyllytys ennen klo 9."),
    EmployerSpec("Karjalan Kodinkone ja Tarvike Oy", "G", "Lappeenranta",
                 "Valtakatu 44, 53100 Lappeenranta", "small", M, "relations",
                 notes="Myymäläpäällikkö kiinnostunut, omistaja päättää rekrytoinneista."),
    EmployerSpec("Lemin Kyläkauppa Ky", "G", "Lemi", "Lemintie 12, 54710 Lemi", "micro", N,
                 "coach", notes="Kyläkauppa ja postipalvelut. Tarve kesäsesongin ajaksi."),
    EmployerSpec("Ruokolahden Rautapuoti Oy", "G", "Ruokolahti",
                 "Ruokolahdentie 5, 56100 Ruokolahti", "micro", C, "coach2"),
    EmployerSpec("Parikkalan Puutarha ja Kukka Oy", "G", "Parikkala",
                 "Kauppatie 8, 59100 Parikkala", "micro", P, "relations",
                 notes="Kevätsesonki huhti-kesäkuu, silloin lisäkäsiä tarvitaan."),
    EmployerSpec("Imatrankosken Marketti Oy", "G", "Imatra", "Tainionkoskentie 32, 55100 Imatra",
                 "medium", A, "coach2", tags=["IPS-kumppani"], website=True),
    EmployerSpec("Taipalsaaren Satamapuoti Ky", "G", "Taipalsaari",
                 "Rantatie 2, 54920 Taipalsaari", "micro", D, "relations",
                 notes="Kesäkauppa: auki touko-syyskuu. Palataan asiaan maaliskuussa."),
    EmployerSpec("Luumäen Autohuolto Oy", "G", "Luumäki", "Taavetintie 15, 54500 Luumäki", "micro",
                 M, "coach"),
    EmployerSpec("Vuoksen Rengas ja Huolto Oy", "G", "Imatra", "Teollisuuskatu 9, 55100 Imatra",
                 "small", N, "coach2", notes="Rengassesongit keväällä ja syksyllä."),
    EmployerSpec("Lappeenrannan Autopesu ja Korjaamo Oy", "G", "Lappeenranta",
                 "Ratakatu 60, 53100 Lappeenranta", "small", C, "relations"),
    # Food service and hotels (I)
    EmployerSpec("Ravintola Linnoituksen Lounas Oy", "I", "Lappeenranta",
                 "Kristiinankatu 7, 53900 Lappeenranta", "small", A, "coach",
                 tags=["IPS-kumppani", "Palkkatuki tuttu"], website=True),
    EmployerSpec("Kahvila Satamanportti Oy", "I", "Lappeenranta",
                 "Satamatie 4, 53900 Lappeenranta", "micro", M, "coach",
                 notes="Kesäkahvila satamassa, talvella pienempi henkilöstö."),
    EmployerSpec("Imatran Lounaskeittiö Oy", "I", "Imatra", "Helsingintie 10, 55100 Imatra",
                 "small", N, "coach2"),
    EmployerSpec("Savitaipaleen Pitopalvelu Ky", "I", "Savitaipale",
                 "Kuhatie 3, 52200 Savitaipale", "micro", C, "relations"),
    EmployerSpec("Pizzeria Vuoksenranta", "I", "Imatra", "Vuoksenniskantie 50, 55800 Imatra",
                 "micro", P, "relations", business_id=False,
                 notes="Y-tunnus selvitetään ensimmäisessä yhteydenotossa."),
    EmployerSpec("Hotelli Saimaanhelmi Oy", "I", "Lappeenranta",
                 "Satamakatu 11, 53900 Lappeenranta", "medium", A, "relations",
                 tags=["IPS-kumppani", "Rekrytointitapahtuma"], website=True),
    EmployerSpec("Lomakylä Kuolimonranta Oy", "I", "Savitaipale",
                 "Kuolimontie 120, 52200 Savitaipale", "small", M, "relations"),
    EmployerSpec("Rautjärven Kartanohotelli Oy", "I", "Rautjärvi",
                 "Kartanontie 4, 56800 Rautjärvi", "micro", D, "coach2",
                 notes="Omistajanvaihdos kesken; ei rekrytointeja ennen sitä."),
    # Cleaning and property services (N)
    EmployerSpec("Saimaan Siivouspalvelu Oy", "N", "Lappeenranta",
                 "Pikisaarenkatu 3, 53900 Lappeenranta", "medium", A, "coach",
                 tags=["IPS-kumppani", "Palkkatuki tuttu"], website=True),
    EmployerSpec("Etelä-Karjalan Kiinteistöhuolto Oy", "N", "Lappeenranta",
                 "Myllymäenkatu 15, 53100 Lappeenranta", "medium", N, "relations",
                 tags=["Rekrytointitapahtuma"]),
    EmployerSpec("Imatran Puhdas Koti Ky", "N", "Imatra", "Karjalankatu 6, 55100 Imatra", "micro",
                 M, "coach2"),
    EmployerSpec("Luumäen Pihapalvelut Oy", "N", "Luumäki", "Jurvalantie 2, 54500 Luumäki",
                 "micro", P, "relations"),
    EmployerSpec("Vuoksen Ikkuna- ja Kotisiivous Oy", "N", "Imatra",
                 "Koskenparras 11, 55100 Imatra", "small", C, "coach2"),
    # Logistics (H)
    EmployerSpec("Karjalan Varastologistiikka Oy", "H", "Lappeenranta",
                 "Hyötytie 8, 53600 Lappeenranta", "medium", A, "relations", tags=["IPS-kumppani"],
                 website=True),
    EmployerSpec("Nuijamaan Rajakuljetus Oy", "H", "Lappeenranta",
                 "Nuijamaantie 400, 54230 Lappeenranta", "small", N, "coach",
                 notes="Rajaliikenteen määrä vaihtelee; tarve terminaalissa vuorotyöhön."),
    EmployerSpec("Imatran Pakettipalvelu Oy", "H", "Imatra", "Vuoksenniskantie 70, 55800 Imatra",
                 "small", M, "coach2"),
    EmployerSpec("Taipalsaaren Kuljetus Ky", "H", "Taipalsaari",
                 "Saimaantie 14, 54920 Taipalsaari", "micro", P, "relations"),
    # Care (Q)
    EmployerSpec("Hoivakoti Kielo Oy", "Q", "Lappeenranta", "Kimpinkatu 12, 53300 Lappeenranta",
                 "small", A, "coach", tags=["IPS-kumppani"]),
    EmployerSpec("Palvelukoti Mäntyrinne Oy", "Q", "Parikkala",
                 "Särkisalmentie 9, 59100 Parikkala", "small", C, "coach2"),
    EmployerSpec("Lemin Kotihoitopalvelut Oy", "Q", "Lemi", "Kuukanpääntie 1, 54710 Lemi", "micro",
                 M, "coach"),
    EmployerSpec("Aurinkorinteen Palvelutalo Oy", "Q", "Imatra", "Rajapatsaantie 2, 55100 Imatra",
                 "medium", N, "coach2"),
    # Manufacturing (C)
    EmployerSpec("Saimaan Puutuote Oy", "C", "Ruokolahti", "Sahantie 5, 56100 Ruokolahti",
                 "medium", A, "coach2", tags=["IPS-kumppani"]),
    EmployerSpec("Karjalan Leipomo Oy", "C", "Lappeenranta",
                 "Teollisuuskatu 18, 53100 Lappeenranta", "small", N, "coach",
                 tags=["Palkkatuki tuttu"]),
    EmployerSpec("Imatran Metallityö Oy", "C", "Imatra", "Tainionkoskentie 100, 55100 Imatra",
                 "small", C, "relations"),
    EmployerSpec("Rautjärven Sahatavara Oy", "C", "Rautjärvi", "Simpeleentie 30, 56800 Rautjärvi",
                 "small", P, "coach2"),
    EmployerSpec("Savitaipaleen Pakkaus Oy", "C", "Savitaipale",
                 "Teollisuustie 4, 52200 Savitaipale", "small", M, "relations"),
    # Construction (F)
    EmployerSpec("Etelä-Karjalan Rakennuspalvelu Oy", "F", "Lappeenranta",
                 "Kiviharjunlenkki 5, 53850 Lappeenranta", "small", C, "relations"),
    EmployerSpec("Luumäen Remontti ja Maalaus Ky", "F", "Luumäki",
                 "Kivijärventie 6, 54500 Luumäki", "micro", D, "coach",
                 notes="Hiljainen talvikausi; kysy uudelleen kevään työmaista."),
    # Municipal (O): the municipality's own business ID is not recorded in the demo
    EmployerSpec("Lappeenrannan kaupunki, puistopalvelut", "O", "Lappeenranta",
                 "Villimiehenkatu 1, 53100 Lappeenranta", "large", M, "relations",
                 business_id=False, notes="Kesätyöt ja viheralueiden hoito; haku keväällä."),
    EmployerSpec("Taipalsaaren kunta, ruokapalvelut", "O", "Taipalsaari",
                 "Kirkkotie 4, 54920 Taipalsaari", "medium", P, "relations", business_id=False),
]
# fmt: on

IMATRA_AREA = {"Imatra", "Ruokolahti", "Rautjärvi", "Parikkala"}  # coach2's area
# How far back (days) each target stage's employer entered the CRM.
CREATED_DAYS_AGO = {
    P: (5, 60),
    C: (25, 75),
    M: (45, 100),
    N: (75, 115),
    A: (95, 125),
    D: (100, 125),
}
# How far back (days) the move into the target stage happened.
LAST_MOVE_DAYS_AGO = {P: (0, 0), C: (10, 20), M: (5, 25), N: (10, 35), A: (20, 50), D: (15, 35)}
# Pipeline path to the target stage (the first entry, prospect, is set by create_employer).
PATHS = {
    P: [],
    C: [C],
    M: [C, M],
    N: [C, M, N],
    A: [C, M, N, A],
    D: [C, M, D],
}
# Historical contacts (before this week) per target stage.
CONTACT_COUNTS = {P: (0, 0), C: (1, 3), M: (3, 5), N: (4, 5), A: (5, 7), D: (2, 3)}

TASKS = {
    "G": "hyllytys ja kassatyöt",
    "I": "keittiön esivalmistelu ja astianpesu",
    "N": "toimistojen ylläpitosiivous",
    "H": "keräily ja pakkaaminen",
    "Q": "ruokailussa avustaminen ja ulkoilu asukkaiden kanssa",
    "C": "pakkaaminen ja tuotantolinjan aputehtävät",
    "F": "työmaan siivous ja materiaalien siirrot",
    "O": "viheralueiden hoito ja kiinteistöjen pienet huoltotyöt",
}
TITLES = {
    "G": ["Kauppias", "Myymäläpäällikkö", "Vuoropäällikkö", "Osastovastaava"],
    "I": ["Ravintolapäällikkö", "Keittiöpäällikkö", "Vuoropäällikkö", "Hotellinjohtaja"],
    "N": ["Toimitusjohtaja", "Palveluesimies", "Työnjohtaja", "HR-koordinaattori"],
    "H": ["Toimitusjohtaja", "Varastopäällikkö", "Terminaaliesimies", "Henkilöstöpäällikkö"],
    "Q": ["Yksikön johtaja", "Palveluesimies", "Vastaava sairaanhoitaja"],
    "C": ["Toimitusjohtaja", "Tuotantopäällikkö", "Henkilöstöpäällikkö", "Työnjohtaja"],
    "F": ["Toimitusjohtaja", "Vastaava työnjohtaja", "Työmaamestari"],
    "O": ["Palvelupäällikkö", "Esihenkilö", "Henkilöstösuunnittelija"],
}
FIRST_NAMES = [
    "Anne",
    "Tiina",
    "Kaisa",
    "Minna",
    "Riikka",
    "Johanna",
    "Heidi",
    "Satu",
    "Laura",
    "Elina",
    "Marjo",
    "Hanna",
    "Katja",
    "Tuula",
    "Petra",
    "Jussi",
    "Timo",
    "Mika",
    "Janne",
    "Antti",
    "Markku",
    "Pekka",
    "Ville",
    "Sami",
    "Tero",
    "Kari",
    "Harri",
    "Olli",
    "Juha",
    "Esa",
]
LAST_NAMES = [
    "Pesonen",
    "Hämäläinen",
    "Kärkkäinen",
    "Tiainen",
    "Kettunen",
    "Partanen",
    "Suikkanen",
    "Rantanen",
    "Hakulinen",
    "Kokkonen",
    "Karhu",
    "Laukkanen",
    "Pulli",
    "Saarinen",
    "Puumalainen",
    "Kauranen",
    "Hirvonen",
    "Ikonen",
    "Kinnunen",
    "Myllärinen",
    "Ahonen",
    "Kukkonen",
    "Lehtonen",
    "Manninen",
    "Repo",
    "Sorsa",
    "Toivonen",
    "Vesterinen",
    "Leinonen",
    "Heiskanen",
]
MOBILE_PREFIXES = ["040", "044", "045", "046", "050"]

# Contact texts per purpose: (channels it fits, or () for any; summary; outcome; next step).
# {person} (a contact person met) and {tasks} (typical tasks of the industry) are filled in.
IN_PERSON = (Channel.FACE_TO_FACE, Channel.EVENT)
REMOTE = (Channel.PHONE, Channel.EMAIL, Channel.VIDEO)
TEXTS = {
    Purpose.INTRODUCTION: [
        (
            REMOTE,
            "Ensimmäinen yhteydenotto. Kerroin IPS-työhönvalmennuksesta: tuemme sekä työntekijää "
            "että työnantajaa koko työsuhteen ajan. {person} kuunteli kiinnostuneena.",
            "Kiinnostunut kuulemaan lisää, ei avointa paikkaa juuri nyt.",
            "Lähetä esite ja palkkatuen tiedot sähköpostilla",
        ),
        (
            (),
            "Esittelin palvelun lyhyesti ja kysyin, onko työpaikalla tehtäviä, joihin vakituisilla "
            "ei riitä aikaa. Esiin nousivat {tasks}.",
            "Sovittiin, että jatketaan keskustelua paikan päällä.",
            "Sovi tapaaminen työpaikalle",
        ),
        (
            IN_PERSON,
            "Tavattiin yrittäjäaamiaisella. {person} on aiemmin palkannut palkkatuella; "
            "kokemus oli hyvä, mutta hakemusten teko tuntui raskaalta.",
            "Kerroin, että hoidamme hakemukset yhdessä työnantajan kanssa.",
            "Soita ja sovi tutustumiskäynti",
        ),
        (
            (Channel.PHONE,),
            "Soitin vaihteen kautta ja pääsin puhumaan esihenkilön kanssa. Rekrytoinnit hoidetaan "
            "keskitetysti, mutta paikallisesti voidaan sopia osa-aikaisista tehtävistä.",
            "Yhteyshenkilö löytyi: {person}.",
            "Lähetä lyhyt esittely sähköpostilla",
        ),
    ],
    Purpose.NEEDS_DISCOVERY: [
        (
            IN_PERSON,
            "Kierros työpaikalla, mukana {person}. Kävimme läpi päivän rytmin: kiireisimmät ajat "
            "ovat aamupäivällä. Osa-aikaiseksi työksi voisi koota tehtävät: {tasks}.",
            "Tunnistettiin 20-25 h/vko tehtäväkokonaisuus.",
            "Kirjaa työtarve ja lähetä yhteenveto hyväksyttäväksi",
        ),
        (
            (),
            "Keskustelimme kevään ja kesän rekrytointitarpeista. Vakituiset ovat kiireisiä; "
            "erityisesti {tasks} jäävät usein tekemättä.",
            "Työnantaja on valmis kokeilemaan osa-aikaista työntekijää.",
            "Käy läpi työnhakijoiden profiilit tiimissä",
        ),
        (
            IN_PERSON,
            "Tutustuin työtiloihin ja perehdytykseen. {person} kertoi, että uusi työntekijä saa "
            "nimetyn työkaverin ensimmäisiksi viikoiksi.",
            "Perehdytys on hyvin järjestetty; taukotila on rauhallinen.",
            "Tarkista työvuorovaihtoehdot esihenkilöltä",
        ),
        (
            REMOTE,
            "Tarkensimme työtarvetta: työaika, aloitusajankohta ja tarvittavat kortit. "
            "{person} lähettää työvuoropohjan.",
            "Työtarve on selvä; puuttuu vielä työvuorojen tarkistus.",
            "Kirjaa työtarve CRM:ään",
        ),
    ],
    Purpose.PRESENTING_CANDIDATE: [
        (
            (),
            "Esittelin työnhakijan profiilikortin (ilman tunnistetietoja). {person} piti hyvänä "
            "aiempaa kokemusta ja kiinnostusta tehtäviin: {tasks}.",
            "Työnantaja haluaa tavata työnhakijan.",
            "Sovi haastatteluaika työnhakijan kanssa",
        ),
        (
            IN_PERSON,
            "Haastattelu työpaikalla. Työnhakija kertoi itse vahvuuksistaan ja toiveistaan "
            "työajoista; olin mukana tukena.",
            "Haastattelu meni hyvin, työnantaja ilmoittaa päätöksestä ensi viikolla.",
            "Kysy päätös haastattelusta",
        ),
        (
            REMOTE,
            "Kerroin toisesta työnhakijasta, joka toivoo aamupainotteista työtä ja on kiinnostunut "
            "alasta.",
            "{person} pyysi esittelemään hänet tapaamisessa.",
            "Järjestä tapaaminen ja valmistele työnhakija",
        ),
    ],
    Purpose.FOLLOW_UP: [
        (
            REMOTE,
            "Kuulumisten kysely. Rekrytointitilanne ennallaan; uusi tarve mahdollisesti "
            "sesongin alussa.",
            "Ei uutta tarvetta juuri nyt.",
            "Soita uudelleen kuukauden päästä",
        ),
        (
            (),
            "Palasimme aiemmin sovittuun: työnantaja on miettinyt aloitusajankohtaa ja "
            "työaikoja. {person} toivoo aloitusta ensi kuun alussa.",
            "Alustava aloituspäivä sovittu.",
            "Valmistele palkkatukihakemus työnantajan kanssa",
        ),
        (
            (Channel.EMAIL,),
            "Lähetin yhteenvedon työtarpeesta ja palkkatuen ehdoista.",
            "{person} vahvisti tiedot sähköpostilla.",
            "Varmista työvuorolistat",
        ),
        (
            IN_PERSON,
            "Pistäydyin kysymässä kuulumiset. {person} kertoi, että kiireisin kausi alkaa pian ja "
            "lisäkäsiä tarvitaan.",
            "Työnantaja toivoo ehdotuksia kahden viikon sisällä.",
            "Esittele sopivat työnhakijat",
        ),
    ],
    Purpose.SUPPORT: [
        (
            IN_PERSON,
            "Työpaikkakäynti: työntekijän ensimmäiset viikot ovat sujuneet hyvin, työvuorot "
            "sopivat. {person} kertoi olevansa tyytyväinen.",
            "Jatketaan sovitusti; tukikäynnit kerran viikossa ensimmäisen kuukauden ajan.",
            "Seuraava tukikäynti",
        ),
        (
            IN_PERSON,
            "Tukikäynti työnantajan luona. Kävimme läpi perehdytyksen etenemisen ja taukojen "
            "järjestelyt; pieniä muutoksia tehtäväjärjestykseen.",
            "Tehtävälista päivitetty yhdessä työntekijän kanssa.",
            "Tarkista, toimiiko uusi tehtäväjärjestys",
        ),
        (
            REMOTE,
            "Esihenkilön mukaan työntekijä on oppinut uudet tehtävät nopeasti ja haluaisi "
            "lisää tunteja.",
            "{person} harkitsee tuntien nostamista.",
            "Keskustele lisätunneista työntekijän kanssa",
        ),
        (
            (),
            "Sovimme, miten toimitaan, jos työntekijä sairastuu: ilmoitus esihenkilölle ja "
            "tiedoksi työhönvalmentajalle.",
            "Käytäntö kirjattu ja käyty läpi työntekijän kanssa.",
            "Tukikäynti kuukauden kuluttua",
        ),
    ],
}
LEFTOVER_FOLLOW_UPS = [
    "Ensisoitto: esittele IPS-työhönvalmennus",
    "Lähetä palvelun esite ja yhteystiedot",
    "Kysy kevään rekrytointitarpeet",
    "Sovi tapaaminen paikan päälle",
]


# Openings and job tailoring -------------------------------------------------------------------

OPENINGS = {
    "Saimaan Lähikauppa Oy": dict(
        title="Myymäläapulainen, aamuvuoro",
        occupation="Myyjä",
        tasks="Hyllytys aamuisin ennen aukeamista, pahvien ja pakkausten kierrätys, "
        "hedelmä- ja vihannesosaston siistiminen.",
        required_skills=["hyllytys", "asiakaspalvelu"],
        nice_skills=["kassatyöt"],
        licences=[],
        languages=["fi"],
        hours_per_week=20,
        schedule=["day", "weekend"],
        wage_subsidy=True,
        positions=1,
        status="open",
        start_in=21,
    ),
    "Lemin Kyläkauppa Ky": dict(
        title="Kaupan apulainen (kesä)",
        occupation="Myyjä",
        tasks="Hyllytys, kassatyöt ja postipalvelun pakettien luovutus.",
        required_skills=["kassatyöt", "asiakaspalvelu"],
        nice_skills=["hyllytys"],
        licences=[],
        languages=["fi"],
        hours_per_week=12,
        schedule=["weekend"],
        wage_subsidy=False,
        positions=1,
        status="on_hold",
        start_in=60,
    ),
    "Imatrankosken Marketti Oy": dict(
        title="Myyjä, kassa ja hyllytys",
        occupation="Myyjä",
        tasks="Kassatyöt iltaisin, hyllytys ja pullonpalautuspisteen hoito.",
        required_skills=["kassatyöt", "asiakaspalvelu", "hyllytys"],
        nice_skills=[],
        licences=["Hygieniapassi"],
        languages=["fi", "ru"],
        hours_per_week=25,
        schedule=["shift", "weekend"],
        wage_subsidy=False,
        positions=2,
        status="open",
        start_in=14,
    ),
    "Vuoksen Rengas ja Huolto Oy": dict(
        title="Rengastyöntekijä (sesonki)",
        occupation="Rengasasentaja",
        tasks="Renkaiden vaihto ja tasapainotus, rengashotellin hyllytys, autojen pesu.",
        required_skills=["rengastyöt"],
        nice_skills=["autojen pesu"],
        licences=["Ajokortti B"],
        languages=["fi"],
        hours_per_week=30,
        schedule=["day"],
        wage_subsidy=False,
        positions=2,
        status="open",
        start_in=35,
    ),
    "Ravintola Linnoituksen Lounas Oy": dict(
        title="Keittiöapulainen",
        occupation="Keittiöapulainen",
        tasks="Astianpesu, salaattien ja lisukkeiden esivalmistelu, linjaston täydennys.",
        required_skills=["keittiötyöt", "astianpesu"],
        nice_skills=["asiakaspalvelu"],
        licences=["Hygieniapassi"],
        languages=["fi"],
        hours_per_week=25,
        schedule=["day"],
        wage_subsidy=True,
        positions=1,
        status="open",
        start_in=7,
    ),
    "Imatran Lounaskeittiö Oy": dict(
        title="Linjaston ja salaattipöydän hoitaja",
        occupation="Keittiöapulainen",
        tasks="Salaattipöydän kokoaminen ja täydennys, linjaston siisteys lounasaikaan.",
        required_skills=["keittiötyöt"],
        nice_skills=["asiakaspalvelu"],
        licences=["Hygieniapassi"],
        languages=["fi"],
        hours_per_week=20,
        schedule=["day"],
        wage_subsidy=False,
        positions=1,
        status="open",
        start_in=28,
    ),
    "Hotelli Saimaanhelmi Oy": dict(
        title="Kerrossiivooja",
        occupation="Kerrossiivooja",
        tasks="Hotellihuoneiden siivous, vuodevaatteiden vaihto, liinavaatevaraston täydennys.",
        required_skills=["siivous"],
        nice_skills=["pyykkihuolto"],
        licences=[],
        languages=["fi", "en"],
        hours_per_week=30,
        schedule=["day", "weekend"],
        wage_subsidy=False,
        positions=2,
        status="filled",
        start_in=None,
    ),
    "Saimaan Siivouspalvelu Oy": dict(
        title="Ylläpitosiivooja, iltatyö",
        occupation="Toimitilahuoltaja",
        tasks="Toimistojen ylläpitosiivous iltaisin, roskien lajittelu, saniteettitilat.",
        required_skills=["siivous"],
        nice_skills=["koneellinen siivous"],
        licences=[],
        languages=["fi"],
        hours_per_week=20,
        schedule=["evening"],
        wage_subsidy=True,
        positions=3,
        status="open",
        start_in=10,
    ),
    "Etelä-Karjalan Kiinteistöhuolto Oy": dict(
        title="Kiinteistönhoitajan apulainen",
        occupation="Kiinteistönhoitaja",
        tasks="Ulkoalueiden hoito, lumityöt, pienet huoltotyöt kiinteistönhoitajan työparina.",
        required_skills=["ulkoalueiden hoito"],
        nice_skills=["lumityöt"],
        licences=["Työturvallisuuskortti", "Ajokortti B"],
        languages=["fi"],
        hours_per_week=37,
        schedule=["day"],
        wage_subsidy=False,
        positions=1,
        status="open",
        start_in=30,
    ),
    "Karjalan Varastologistiikka Oy": dict(
        title="Varastotyöntekijä, keräily",
        occupation="Varastotyöntekijä",
        tasks="Tilausten keräily ja pakkaaminen, saapuvan tavaran purku, trukin ajo.",
        required_skills=["varastotyöt", "trukin ajo"],
        nice_skills=["keräily"],
        licences=["Trukkikortti", "Työturvallisuuskortti"],
        languages=["fi"],
        hours_per_week=37,
        schedule=["shift"],
        wage_subsidy=False,
        positions=2,
        status="open",
        start_in=14,
    ),
    "Nuijamaan Rajakuljetus Oy": dict(
        title="Terminaalityöntekijä",
        occupation="Varastotyöntekijä",
        tasks="Kuormien purku ja lastaus, lähetysten tarkistus ja lajittelu.",
        required_skills=["varastotyöt"],
        nice_skills=["trukin ajo"],
        licences=["Trukkikortti"],
        languages=["fi", "ru"],
        hours_per_week=30,
        schedule=["shift", "night"],
        wage_subsidy=False,
        positions=1,
        status="on_hold",
        start_in=45,
    ),
    "Hoivakoti Kielo Oy": dict(
        title="Hoiva-avustaja",
        occupation="Hoiva-avustaja",
        tasks="Ruokailussa avustaminen, kahvihetket, ulkoilu ja viriketoiminta asukkaiden kanssa.",
        required_skills=["asiakaspalvelu"],
        nice_skills=["ulkoilussa avustaminen"],
        licences=["Hygieniapassi"],
        languages=["fi"],
        hours_per_week=25,
        schedule=["day", "weekend"],
        wage_subsidy=True,
        positions=1,
        status="open",
        start_in=14,
    ),
    "Aurinkorinteen Palvelutalo Oy": dict(
        title="Laitosapulainen",
        occupation="Laitoshuoltaja",
        tasks="Yleisten tilojen siivous, ruokasalin kattaminen ja astiahuolto.",
        required_skills=["siivous", "keittiötyöt"],
        nice_skills=[],
        licences=["Hygieniapassi"],
        languages=["fi"],
        hours_per_week=30,
        schedule=["day"],
        wage_subsidy=False,
        positions=1,
        status="open",
        start_in=21,
    ),
    "Saimaan Puutuote Oy": dict(
        title="Tuotantotyöntekijä, pakkaus",
        occupation="Tuotantotyöntekijä",
        tasks="Valmiiden tuotteiden pakkaus ja lavaus, linjan siisteys.",
        required_skills=["pakkaaminen"],
        nice_skills=["trukin ajo"],
        licences=["Työturvallisuuskortti"],
        languages=["fi"],
        hours_per_week=37,
        schedule=["shift"],
        wage_subsidy=False,
        positions=1,
        status="closed",
        start_in=None,
    ),
    "Karjalan Leipomo Oy": dict(
        title="Leipomoapulainen",
        occupation="Leipomotyöntekijä",
        tasks="Tuotteiden pakkaus ja etiketöinti, taikinakoneiden pesu, raaka-ainevaraston "
        "täydennys.",
        required_skills=["pakkaaminen", "keittiötyöt"],
        nice_skills=["varastotyöt"],
        licences=["Hygieniapassi"],
        languages=["fi"],
        hours_per_week=20,
        schedule=["day"],
        wage_subsidy=True,
        positions=1,
        status="open",
        start_in=21,
    ),
}

TAILORING = {
    "Saimaan Lähikauppa Oy": (
        "Hyllytys aamuisin ennen aukeamista (klo 6-9) ja pahvien kierrätys; kassatyöt eivät "
        "kuulu tehtävään alussa.",
        "Lyhyemmät työpäivät alussa (4 h), rauhallinen taukotila, kirjallinen tehtävälista.",
    ),
    "Ravintola Linnoituksen Lounas Oy": (
        "Astianpesu ja salaattien esivalmistelu lounasruuhkan ulkopuolella.",
        "Aloitus klo 9, ei linjaston asiakaspalvelua ensimmäisen kuukauden aikana; nimetty "
        "työkaveri perehdyttää.",
    ),
    "Saimaan Siivouspalvelu Oy": (
        "Yhden toimistotalon kiinteä ilta-alue pysyvästi samalle työntekijälle.",
        "Sama kohde joka ilta, työparina kokenut siivooja kaksi ensimmäistä viikkoa, "
        "työhönvalmentaja mukana ensimmäisessä vuorossa.",
    ),
    "Hoivakoti Kielo Oy": (
        "Ruokailussa avustaminen, kahvihetket ja ulkoilu asukkaiden kanssa, ei hoitotoimenpiteitä.",
        "Vuorot arkisin klo 10-14, mahdollisuus lyhyeen taukoon tarvittaessa.",
    ),
    "Karjalan Varastologistiikka Oy": (
        "Pakkausten kokoaminen ja palautusten lajittelu erillisellä pisteellä.",
        "Kuulosuojaimet ja rauhallisempi työpiste, kirjalliset työohjeet kuvineen.",
    ),
    "Imatrankosken Marketti Oy": (
        "Pullonpalautuspisteen tyhjennys ja palautustilan siisteys.",
        "Aamupäivävuorot, ei kassavuoroja alussa; esihenkilö käy päivän tehtävät läpi aamulla.",
    ),
}


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
        employer = services.create_employer(
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
        latest = (last_move + 1) if spec.stage == D else week_offset + 1
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
                if payload == N and spec.name in OPENINGS:
                    opening = self.opening(employer, spec, owner, when)
                if payload == A and spec.name in TAILORING:
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
            services.move_employer_to_stage(employer=employer, stage=stage, by=by, at=when)

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
                services.add_contact_person(
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
            if spec.stage == C and channel in (Channel.FACE_TO_FACE, Channel.EVENT):
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
        contact = services.log_employer_contact(
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
                services.complete_follow_up(follow_up=follow_up, by=user)
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
        opening = services.create_opening(
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
        services.add_tailoring_note(
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
                if s.owner == user_name and s.stage in (M, N, A) and i not in taken
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
                services.create_follow_up(
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
