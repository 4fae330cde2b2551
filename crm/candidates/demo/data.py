"""The tables behind the demo job seekers (demo/seeder.py): fictional people, the kinds
of entry-level work they aim at, and the words coaches would write. All names are invented."""

from __future__ import annotations

from dataclasses import dataclass

SEED = 2026
FORM_VERSION = "web-2020"
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
COACHES = ("coach", "coach2", "coach3")
IMATRA_AREA = {"Imatra", "Ruokolahti", "Rautjärvi", "Parikkala"}


@dataclass(frozen=True)
class Track:
    """A kind of entry-level work a person is aiming at."""

    skills: tuple[str, ...]
    licences: tuple[str, ...]
    occupations: tuple[str, ...]
    industries: tuple[str, ...]
    history: tuple[tuple[str, str, str, str], ...]  # employer, role, went well, went badly


# fmt: off
TRACKS = {
    "retail": Track(
        ("Asiakaspalvelu", "Kassatyö", "Hyllytys", "Tuotteiden esillepano"),
        ("Hygieniapassi", "Ajokortti B"),
        ("Myyjä", "Kassatyöntekijä", "Hyllyttäjä"), ("G",),
        (("Lähikauppa Hinkkanen", "Kesämyyjä", "Asiakkaat kiittelivät ystävällisyydestä.",
          "Iltavuorot venyivät ja väsyttivät."),
         ("Tokmanni", "Hyllyttäjä (työkokeilu)", "Hyllytys oli rauhallista ja selkeää.",
          "Kassalla ruuhka-ajat jännittivät."))),
    "cleaning": Track(
        ("Siivous", "Ylläpitosiivous", "Koneellinen lattianhoito", "Pyykkihuolto"),
        ("Työturvallisuuskortti",),
        ("Siivooja", "Laitoshuoltaja"), ("N",),
        (("Puhtaaksi Palvelut Oy", "Siivooja", "Itsenäinen työ ja omat kohteet sopivat.",
          "Aikaisin alkavat vuorot ja bussiyhteydet."),
         ("Kaupungin siivouspalvelut", "Laitoshuoltaja (sijaisuus)",
          "Oppi koneellisen lattianhoidon nopeasti.", "Sijaisuus loppui yllättäen."))),
    "warehouse": Track(
        ("Varastotyö", "Keräily", "Pakkaaminen", "Tavaran vastaanotto"),
        ("Trukkikortti", "Työturvallisuuskortti", "Ajokortti B"),
        ("Varastotyöntekijä", "Keräilijä"), ("H", "G"),
        (("Kaakon Logistiikka Oy", "Keräilijä", "Tarkka ja nopea keräilyssä.",
          "Vuorotyö sekoitti unirytmin."),
         ("Rautakauppa Saimaa", "Varastoapulainen", "Piti tavaroiden järjestelystä.",
          "Työ oli vain kesäksi."))),
    "kitchen": Track(
        ("Keittiötyö", "Astianpesu", "Ruoan esivalmistelu", "Salaattien kokoaminen"),
        ("Hygieniapassi",),
        ("Keittiöapulainen", "Ravintolatyöntekijä", "Tiskaaja"), ("I",),
        (("Lounasravintola Kulma", "Keittiöapulainen", "Nopea ja siisti esivalmistelussa.",
          "Lounasruuhka oli alussa liian kiireinen."),
         ("Koulun keittiö", "Ruokapalvelutyöntekijä (työkokeilu)",
          "Työyhteisö otti hyvin vastaan.", "Työkokeilun jälkeen ei ollut paikkaa."))),
    "care": Track(
        ("Hoiva-avustaminen", "Ulkoilussa avustaminen", "Ruokailussa avustaminen",
         "Viriketoiminta"),
        ("Hygieniapassi", "Ensiapukortti EA1"),
        ("Hoiva-avustaja", "Laitosapulainen"), ("Q",),
        (("Palvelutalo Kotikulma", "Hoiva-avustaja", "Asukkaat pitivät hänestä.",
          "Iltavuorot olivat raskaita."),
         ("Seurakunnan kerho", "Vapaaehtoinen ohjaaja", "Innostava ja kärsivällinen.",
          "Ei palkallista jatkoa."))),
    "property": Track(
        ("Kiinteistöhuolto", "Piha- ja viheralueiden hoito", "Lumityöt", "Pienet korjaustyöt"),
        ("Työturvallisuuskortti", "Ajokortti B"),
        ("Kiinteistönhoitaja", "Viheralueiden hoitaja"), ("N", "L"),
        (("Isännöinti ja Huolto Kaakko Oy", "Kiinteistöhuoltaja",
          "Osasi korjata pieniä vikoja itsenäisesti.", "Päivystysvuorot olivat liikaa."),
         ("Kaupungin puistotoimi", "Kausityöntekijä", "Ulkotyö sopi hyvin.",
          "Työtä oli vain kesäkaudella."))),
    "production": Track(
        ("Pakkaaminen", "Tuotantotyö", "Kokoonpano", "Laadun tarkastus"),
        ("Trukkikortti", "Työturvallisuuskortti"),
        ("Tuotantotyöntekijä", "Pakkaaja"), ("C",),
        (("Saimaan Saha Oy", "Tuotantotyöntekijä", "Tasainen työtahti ja selkeät ohjeet.",
          "Melu tehtaalla väsytti."),
         ("Leipomo Vehnänen", "Pakkaaja", "Tarkka pakkaamisessa.",
          "Aamuvuorot alkoivat kello viisi."))),
}

# first, last, born, municipality, languages, coach, status, track, flags
PEOPLE = [
    ("Jukka", "Kärkkäinen", 1979, "Lappeenranta", "fi", "coach", "follow_along", "warehouse", "hetu"),  # noqa: E501
    ("Mervi", "Tiainen", 1985, "Lappeenranta", "fi", "coach", "working", "cleaning", ""),
    ("Ahmed", "Al-Rashid", 1990, "Lappeenranta", "ar fi en", "coach", "job_search", "kitchen", ""),
    ("Tanja", "Pesonen", 1992, "Lappeenranta", "fi", "coach", "profiling", "retail", "health"),
    ("Oskar", "Lindqvist", 1996, "Lappeenranta", "sv fi", "coach", "job_search", "warehouse", ""),
    ("Niina", "Kokkonen", 1988, "Taipalsaari", "fi", "coach", "working", "care", ""),
    ("Aleksandr", "Ivanov", 1983, "Lappeenranta", "ru fi", "coach", "job_search", "property", ""),
    ("Sari", "Hakulinen", 1975, "Lappeenranta", "fi", "coach", "follow_along", "cleaning", "revoked"),  # noqa: E501
    ("Joonas", "Rantanen", 2001, "Lappeenranta", "fi", "coach", "referred", "retail", ""),
    ("Fatima", "Yusuf", 1994, "Lappeenranta", "so fi en", "coach", "profiling", "care", ""),
    ("Pasi", "Kettunen", 1970, "Lappeenranta", "fi", "coach", "paused", "property", "health"),
    ("Emma", "Saarinen", 1999, "Lappeenranta", "fi", "coach", "job_search", "retail", ""),
    ("Olena", "Kovalenko", 1987, "Lappeenranta", "uk ru fi", "coach", "working", "kitchen", ""),
    ("Marko", "Laukkanen", 1981, "Taipalsaari", "fi", "coach", "exited", "production", "employed"),
    ("Heli", "Puumalainen", 1977, "Lappeenranta", "fi", "coach", "job_search", "cleaning", "health"),  # noqa: E501
    ("Teemu", "Ikonen", 1995, "Lappeenranta", "fi", "coach", "profiling", "warehouse", ""),
    ("Anja", "Kauranen", 1968, "Lappeenranta", "fi", "coach", "follow_along", "kitchen", ""),
    ("Reza", "Ahmadi", 1991, "Lappeenranta", "fa fi en", "coach", "job_search", "production", ""),
    ("Veera", "Kinnunen", 2002, "Lappeenranta", "fi", "coach", "referred", "kitchen", ""),
    ("Tommi", "Partanen", 1986, "Lappeenranta", "fi", "coach", "working", "property", ""),
    ("Linnea", "Sjöberg", 1993, "Lappeenranta", "sv fi en", "coach", "profiling", "retail", ""),
    ("Kalle", "Myllärinen", 1973, "Taipalsaari", "fi", "coach", "exited", "property", "no_contact"),
    ("Irina", "Smirnova", 1980, "Lappeenranta", "ru fi", "coach", "job_search", "cleaning", ""),
    ("Petri", "Sorsa", 1978, "Imatra", "fi", "coach2", "follow_along", "production", "hetu"),
    ("Kirsi", "Toivonen", 1984, "Imatra", "fi", "coach2", "job_search", "care", ""),
    ("Mohamed", "Abdi", 1997, "Imatra", "so fi en", "coach2", "working", "warehouse", ""),
    ("Johanna", "Vesterinen", 1990, "Ruokolahti", "fi", "coach2", "profiling", "retail", ""),
    ("Arttu", "Leinonen", 2000, "Imatra", "fi", "coach2", "referred", "warehouse", ""),
    ("Leila", "Karimi", 1989, "Imatra", "fa fi", "coach2", "job_search", "kitchen", ""),
    ("Ari", "Heiskanen", 1972, "Rautjärvi", "fi", "coach2", "paused", "production", "health"),
    ("Sirpa", "Repo", 1969, "Parikkala", "fi", "coach2", "follow_along", "care", ""),
    ("Ville", "Manninen", 1994, "Imatra", "fi", "coach2", "job_search", "property", ""),
    ("Natalia", "Petrova", 1986, "Imatra", "ru fi en", "coach2", "working", "cleaning", ""),
    ("Jani", "Kukkonen", 1982, "Ruokolahti", "fi", "coach2", "job_search", "production", ""),
    ("Pia", "Lehtonen", 1991, "Imatra", "fi", "coach2", "profiling", "kitchen", "health"),
    ("Erik", "Holmström", 1988, "Imatra", "sv fi", "coach2", "exited", "warehouse", "education"),
    ("Satu", "Ahonen", 1976, "Parikkala", "fi", "coach2", "working", "retail", ""),
    ("Hussein", "Ali", 1993, "Imatra", "ar fi", "coach2", "job_search", "cleaning", ""),
    ("Minna", "Hirvonen", 1980, "Imatra", "fi", "coach2", "follow_along", "kitchen", ""),
    ("Juha", "Pulli", 1974, "Rautjärvi", "fi", "coach2", "profiling", "property", ""),
    ("Tiina", "Karhu", 1998, "Imatra", "fi", "coach2", "referred", "retail", ""),
    ("Mikael", "Nyström", 1985, "Ruokolahti", "sv fi", "coach2", "job_search", "production", ""),
    ("Eeva", "Partanen", 1983, "Lemi", "fi", "coach3", "job_search", "care", "transfer:coach"),
    ("Janne", "Suikkanen", 1987, "Luumäki", "fi", "coach3", "follow_along", "warehouse", ""),
    ("Marja", "Kauppinen", 1971, "Savitaipale", "fi", "coach3", "paused", "cleaning", "health"),
    ("Santeri", "Heikura", 2003, "Luumäki", "fi", "coach3", "referred", "warehouse", ""),
    ("Aino", "Multanen", 1997, "Savitaipale", "fi", "coach3", "profiling", "retail", ""),
    ("Amir", "Hosseini", 1985, "Lappeenranta", "fa fi en", "coach3", "job_search", "kitchen", ""),
    ("Raili", "Väisänen", 1966, "Lemi", "fi", "coach3", "follow_along", "cleaning", ""),
    ("Tuomas", "Nurmi", 1990, "Taipalsaari", "fi", "coach3", "working", "property", ""),
    ("Katja", "Kiiskinen", 1989, "Luumäki", "fi", "coach3", "job_search", "retail", "health"),
    ("Daniel", "Eriksson", 1992, "Lappeenranta", "sv fi en", "coach3", "profiling", "warehouse", "transfer:coach2"),  # noqa: E501
    ("Helena", "Rautio", 1979, "Savitaipale", "fi", "coach3", "exited", "care", "health"),
    ("Mehmet", "Yilmaz", 1984, "Lappeenranta", "tr fi en", "coach3", "working", "production", ""),
    ("Outi", "Laitinen", 1978, "Lemi", "fi", "coach3", "job_search", "kitchen", ""),
    ("Lauri", "Hyvönen", 1999, "Luumäki", "fi", "coach3", "paused", "retail", ""),
    ("Anastasia", "Volkova", 1995, "Lappeenranta", "ru fi en", "coach3", "job_search", "care", ""),
    ("Esa", "Pölönen", 1967, "Savitaipale", "fi", "coach3", "exited", "property", "other_service"),
    ("Hanna", "Kolehmainen", 1986, "Taipalsaari", "fi", "coach3", "follow_along", "kitchen", ""),
    ("Lan", "Nguyen", 1990, "Lappeenranta", "vi fi en", "coach3", "profiling", "cleaning", ""),
]
# fmt: on

# Referral sources in realistic proportions (shuffled over the 60 people).
REFERRAL_MIX = (
    ["employment_services"] * 20
    + ["health_services"] * 15
    + ["typ"] * 9
    + ["social_services"] * 9
    + ["self"] * 5
    + ["other"] * 2
)
POSTCODES = {
    "Lappeenranta": ["53100", "53500", "53600", "53850"],
    "Imatra": ["55100", "55120", "55800"],
    "Lemi": ["54710"],
    "Luumäki": ["54500"],
    "Parikkala": ["59100"],
    "Rautjärvi": ["56800"],
    "Ruokolahti": ["56100"],
    "Savitaipale": ["52200"],
    "Taipalsaari": ["54920"],
}
STREETS = ["Koulukatu", "Myllytie", "Kirkkotie", "Rantatie", "Pihlajatie", "Asemakatu", "Koivukuja"]
SCHEDULE_CHOICES = [["day"], ["day", "evening"], ["day", "shift"], ["day", "weekend"]]
NEIGHBOURS = {
    "Lappeenranta": ["Lemi", "Taipalsaari"],
    "Imatra": ["Ruokolahti"],
    "Lemi": ["Lappeenranta"],
    "Luumäki": ["Lappeenranta"],
    "Parikkala": ["Rautjärvi"],
    "Rautjärvi": ["Imatra", "Parikkala"],
    "Ruokolahti": ["Imatra"],
    "Savitaipale": ["Lappeenranta"],
    "Taipalsaari": ["Lappeenranta"],
}
EDUCATION = [
    "Peruskoulu.",
    "Peruskoulu; merkonomin opinnot keskeytyivät 2012.",
    "Ravintola- ja catering-alan perustutkinto (kokki), 2006.",
    "Ylioppilas 2015; ammattikorkeakouluopintoja kaksi vuotta.",
    "Logistiikan perustutkinto, 2014.",
    "Puhtaus- ja kiinteistöpalvelualan perustutkinto, 2010.",
    "Lähihoitajaopinnot (keskeytyneet).",
    "Kotimaassa 12 vuotta koulua; suomen kielen taito B1 (YKI).",
    "Kotimaassa ammattikoulu (sähköasentaja); suomen kielen kurssit 2022–2024.",
]
STRENGTHS = [
    "Täsmällinen", "Luotettava", "Ystävällinen asiakkaille", "Pitkäjänteinen", "Oma-aloitteinen",
    "Hyvä tiimityöskentelijä", "Rauhallinen", "Hyvä fyysinen kunto", "Huolellinen",
    "Oppii nopeasti tekemällä", "Monipuolinen kielitaito", "Huumorintajuinen",
]  # fmt: skip
INTERESTS = [
    "Kalastus", "Ruoanlaitto", "Kuntosali", "Luonnossa liikkuminen", "Autot ja moottorit",
    "Käsityöt", "Pelit", "Musiikki", "Eläimet", "Puutarhanhoito", "Valokuvaus", "Lentopallo",
]  # fmt: skip
AVOID = [
    "Yötyö", "Puhelinmyynti", "Raskaat nostot", "Kova melu", "Suuret väkijoukot",
    "Pitkät työmatkat", "Yksin työskentely iltaisin", "Kylmät tilat", "Kiireinen kassatyö",
]  # fmt: skip
# Sensitive section: (accommodation needs, work-relevant health restrictions), plain and brief.
HEALTH = [
    ("Selkeä lista päivän tehtävistä työpäivän alussa. Mahdollisuus lyhyeen taukoon tarvittaessa.",
     "Ei toistuvia yli 15 kg nostoja (selkävaiva)."),
    ("Aloitus lyhyemmillä päivillä (noin 4 h) ja tuntien lisääminen vähitellen.",
     "Väsyy pitkissä vuoroissa; yli 6 tunnin vuorot eivät onnistu alussa."),
    ("Rauhallinen taukotila. Ohjeet mieluiten kirjallisena.",
     "Keskittyminen vaikeutuu meluisassa ympäristössä."),
    ("Säännöllinen päivätyö, jotta uni- ja lääkerytmi pysyvät.",
     "Ei yötyötä eikä kolmivuorotyötä."),
    ("Mahdollisuus istua välillä; ei pitkiä seisomisjaksoja.",
     "Polven nivelrikko: seisominen enintään tunti kerrallaan."),
    ("Nimetty työpaikkaohjaaja, jolta voi kysyä. Valmentaja mukana ensimmäisinä päivinä.",
     "Jännittää uusia tilanteita ja vieraita ihmisiä."),
    ("Viikoittainen lyhyt palaveri esihenkilön kanssa ensimmäisen kuukauden ajan.",
     ""),
    ("Työvuorot samaan aikaan joka viikko.", "Kuntoutus käynnissä kahtena aamuna viikossa."),
]  # fmt: skip
SENSITIVE_NOTES = [
    "Kertoi mielialan laskeneen syksyn aikana; hoitokontakti psykiatrian poliklinikalla jatkuu. "
    "Sovittiin tiiviimmästä yhteydenpidosta.",
    "Lääkitystä on muutettu ja aamut ovat väsyneitä. Sovittiin, että työnantajakäynnit pidetään "
    "iltapäivisin tämän kuun ajan.",
    "Päihdekuntoutus jatkuu, raittiina kahdeksan kuukautta. Ei halua, että työnantajalle "
    "kerrotaan tästä.",
    "Selkävaiva pahentunut; fysioterapeutin arvio tulossa. Nostorajoitus huomioidaan työpaikoissa.",
    "Kertoi ahdistuksen helpottaneen, kun päivärytmi on säännöllinen.",
]


EXIT_NOTES = {
    "employed": "Päätös: työ sujuu itsenäisesti eikä hän tarvitse enää tukea. Ovi on auki, "
    "jos tilanne muuttuu.",
    "education": "Päätös: aloittaa logistiikan ammattitutkinnon syksyllä.",
    "no_contact": "Päätös: ei ole vastannut puheluihin eikä viesteihin kahteen kuukauteen. "
    "Kirje lähetetty; voi palata palveluun milloin tahansa.",
    "health": "Päätös: terveydentila ei tällä hetkellä salli työnhakua. Kuntoutus jatkuu "
    "hoitotahon kautta.",
    "other_service": "Päätös: siirtyy kuntouttavaan työtoimintaan omasta toiveestaan.",
}

# (index in PEOPLE, due in days from today, title). The coach's are all upcoming: their
# overdue and today's follow-ups on "My day" are the employer demo's.
FOLLOW_UPS = [
    (0, 2, "{first}: kuukausitapaaminen (jatkuva tuki)"),
    (2, 1, "{first}: sovi työnantajakäynti ravintolaan"),
    (11, 5, "{first}: tarkista työhakemuksen tilanne"),
    (14, 8, "{first}: soita työkokeilun mahdollisuudesta"),
    (24, -2, "{first}: soita, onko CV valmis"),
    (32, 0, "{first}: tarkista palkkatukipäätös"),
    (36, 3, "{first}: ensimmäisen kuukauden palaveri työpaikalla"),
    (47, -1, "{first}: soita työhaastattelun jälkeen"),
    (49, 0, "{first}: käynti työpaikalla"),
    (56, 4, "{first}: etuusneuvonta"),
    (44, 9, "{first}: tauon tarkistus, soita"),
]
