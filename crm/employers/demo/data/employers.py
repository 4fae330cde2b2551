"""The demo employers (all fictional), how far each has come in the pipeline, and the people
to name their contact persons after."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm.employers.models import Stage


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
