"""What the demo contact log says, and whose follow-ups and contacts fall on this week."""

from __future__ import annotations

from crm.employers.models import Channel, Purpose

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
