#!/usr/bin/env python3
"""Generate the demo city's register data (examples/demo/*.csv, ventures.json).

Python 3 standard library only; deterministic (fixed seed), so running it again writes
byte-identical files. After writing, the files are read back and checked: identifier
checksums, references between files and to schemas/reference/, small-grant limits, budget
sums, loan schedules against the repayments.

    python3 examples/demo/generate.py            # write and verify
    python3 examples/demo/generate.py --check    # only verify the files as they are
    python3 examples/demo/generate.py --schedules  # also print both loans' instalment tables
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import random
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

getcontext().prec = 50

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent.parent / "schemas" / "reference"
SEED = 20250101
GROSZ = Decimal("0.01")

# ---------------------------------------------------------------------------------------------
# Identifiers (shared/spec/DOMAIN.md)

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def nip_valid(nip: str) -> bool:
    if len(nip) != 10 or not nip.isdigit():
        return False
    s = sum(int(d) * w for d, w in zip(nip, NIP_WEIGHTS)) % 11
    return s != 10 and s == int(nip[9])


def regon_valid(regon: str) -> bool:
    if not regon.isdigit():
        return False
    if len(regon) == 9:
        return (sum(int(d) * w for d, w in zip(regon, REGON9_WEIGHTS)) % 11) % 10 == int(regon[8])
    if len(regon) == 14:
        check = (sum(int(d) * w for d, w in zip(regon, REGON14_WEIGHTS)) % 11) % 10
        return check == int(regon[13]) and regon_valid(regon[:9])
    return False


def make_nip(rng: random.Random, used: set[str]) -> str:
    # First three digits: codes of Warsaw tax offices.
    prefixes = ("521", "522", "524", "525", "526", "527", "528", "529", "113", "118", "951", "701")
    while True:
        body = rng.choice(prefixes) + "".join(rng.choice("0123456789") for _ in range(6))
        s = sum(int(d) * w for d, w in zip(body, NIP_WEIGHTS)) % 11
        if s == 10:
            continue
        nip = body + str(s)
        if nip not in used:
            used.add(nip)
            return nip


def make_regon9(rng: random.Random, used: set[str]) -> str:
    # Warsaw REGONs start 01 or 14 (older) or 36/38 (newer numbers).
    while True:
        body = rng.choice(("01", "14", "36", "38")) + "".join(rng.choice("0123456789") for _ in range(6))
        regon = body + str((sum(int(d) * w for d, w in zip(body, REGON9_WEIGHTS)) % 11) % 10)
        if regon not in used:
            used.add(regon)
            return regon


def make_regon14(rng: random.Random, used: set[str]) -> str:
    base = make_regon9(rng, used)
    body = base + "".join(rng.choice("0123456789") for _ in range(4))
    return body + str((sum(int(d) * w for d, w in zip(body, REGON14_WEIGHTS)) % 11) % 10)


def make_krs(rng: random.Random, year: int, used: set[str]) -> str:
    # Roughly the KRS number issued in the year of registration (the register opened in 2001;
    # older organizations were re-registered in 2001-2004).
    anchors = [(2001, 1000), (2004, 200000), (2010, 350000), (2015, 560000), (2020, 830000), (2024, 1100000)]
    y = min(max(year, 2001), 2024)
    for (y0, n0), (y1, n1) in zip(anchors, anchors[1:]):
        if y0 <= y <= y1:
            lo = n0 + (n1 - n0) * (y - y0) // (y1 - y0)
            hi = n0 + (n1 - n0) * (y + 1 - y0) // (y1 - y0)
            break
    while True:
        krs = f"{rng.randrange(lo, hi):010d}"
        if krs not in used:
            used.add(krs)
            return krs


# ---------------------------------------------------------------------------------------------
# Money and dates

def money(value) -> str:
    """Decimal złoty -> '1234.56'."""
    return str(Decimal(value).quantize(GROSZ, rounding=ROUND_HALF_UP))


def round_grosz(value: Decimal) -> Decimal:
    return value.quantize(GROSZ, rounding=ROUND_HALF_UP)  # half away from zero for positives


def add_months(day: dt.date, months: int, day_of_month: int) -> dt.date:
    y, m = divmod(day.year * 12 + (day.month - 1) + months, 12)
    m += 1
    return dt.date(y, m, min(day_of_month, calendar.monthrange(y, m)[1]))


def month_first(period: str) -> dt.date:
    y, m = map(int, period.split("-"))
    return dt.date(y, m, 1)


def month_last(period: str) -> dt.date:
    y, m = map(int, period.split("-"))
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def months_between(starts: str, ends: str) -> int:
    a, b = month_first(starts), month_first(ends)
    return (b.year - a.year) * 12 + b.month - a.month + 1


def slug(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


# ---------------------------------------------------------------------------------------------
# Organizations
# (name, short_name, legal_form, district, address, postal_code, spheres, founded_on, opp_since, status)

ORGS = [
    ("Stowarzyszenie Sąsiedzi z Grochowa", "Sąsiedzi z Grochowa", "STOW", "Praga-Południe",
     "ul. Grochowska 274, lok. 12", "04-357", "13|10|27", "2003-05-20", "2008-03-12", "active"),
    ('Fundacja "Dobry Start Śródmieście"', "Dobry Start", "FUND", "Śródmieście",
     "ul. Wilcza 46/3", "00-679", "8|2|14", "2009-09-01", "2013-06-18", "active"),
    ("Spółdzielnia Socjalna Żółty Rower", "Żółty Rower", "SPOLDZ_SOC", "Praga-Północ",
     "ul. Ząbkowska 27/31", "03-736", "2|8|34", "2016-04-11", "", "active"),
    ("Fundacja Pod Lipą", "Pod Lipą", "FUND", "Żoliborz",
     "ul. Krasińskiego 12", "01-615", "7|16", "2011-02-14", "2014-01-09", "active"),
    ("Stowarzyszenie Ochockie Podwórka", "", "STOW", "Ochota",
     "ul. Grójecka 93", "02-101", "1a|15|31", "2014-06-02", "", "active"),
    ("Fundacja Talerz Sąsiada", "Talerz Sąsiada", "FUND", "Wola",
     "ul. Wolska 44", "01-187", "1|3|2", "2012-10-15", "2015-11-30", "active"),
    ("Klub Sportowy Bemowska Błyskawica", "KS Błyskawica", "KLUB_SP", "Bemowo",
     "ul. Powstańców Śląskich 126", "01-466", "17|15", "2004-03-08", "", "active"),
    ("Koło Gospodyń Wiejskich Zerzeńskie Kądziołki", "KGW Kądziołki", "KGW", "Wawer",
     "ul. Zerzeńska 15", "04-505", "16|13|10", "2019-02-21", "", "active"),
    ("Stowarzyszenie Bielańska Ławeczka", "", "STOW_ZW", "Bielany",
     "ul. Marymoncka 40", "01-813", "13", "2017-05-05", "", "closed"),
    ("Stowarzyszenie Ogród na Bródnie", "Ogród na Bródnie", "STOW_ZW", "Targówek",
     "ul. Kondratowicza 20", "03-242", "18|13", "2020-04-22", "", "active"),
    ("Centrum Integracji Społecznej Nowy Kurs", "CIS Nowy Kurs", "CIS", "Praga-Południe",
     "ul. Ostrobramska 75", "04-175", "2|8", "2012-01-02", "", "active"),
    ("Klub Integracji Społecznej Przystań Ursus", "KIS Przystań", "KIS", "Ursus",
     "ul. Dzieci Warszawy 30", "02-495", "2|8", "2016-09-01", "", "active"),
    ("Fundacja Ursynowska Pracownia Możliwości", "Pracownia Możliwości", "FUND", "Ursynów",
     "al. Komisji Edukacji Narodowej 47", "02-797", "7|14", "2010-07-19", "2013-02-27", "active"),
    ("Stowarzyszenie Rodzin Zastępczych Tarchomińskie Gniazdo", "Tarchomińskie Gniazdo", "STOW", "Białołęka",
     "ul. Modlińska 257", "03-152", "1a|31", "2008-11-24", "2011-09-05", "active"),
    ("Spółdzielnia Socjalna Wolski Zakwas", "Wolski Zakwas", "SPOLDZ_SOC", "Wola",
     "ul. Górczewska 53, pawilon 2", "01-401", "2|8", "2018-03-15", "", "active"),
    ("Fundacja Srebrny Kursor", "Srebrny Kursor", "FUND", "Mokotów",
     "ul. Puławska 182", "02-670", "10|14", "2013-04-03", "2016-05-23", "active"),
    ("Stowarzyszenie Rembertowskie Korzenie", "", "STOW", "Rembertów",
     "al. gen. Antoniego Chruściela 28", "04-413", "4|16", "2006-10-10", "", "suspended"),
    ("Fundacja Ścieżki Wilanowskie", "Ścieżki Wilanowskie", "FUND", "Wilanów",
     "ul. Przyczółkowa 109", "02-968", "13|19", "2015-08-27", "", "active"),
    ("Stowarzyszenie Włochowskie Okno", "Włochowskie Okno", "STOW", "Włochy",
     "ul. Popularna 36", "02-473", "13|27|14", "2007-03-29", "", "active"),
    ("Uczniowski Klub Sportowy Sokole Pióro Wesoła", "UKS Sokole Pióro", "KLUB_SP", "Wesoła",
     "ul. Armii Krajowej 45", "05-075", "17", "2010-09-13", "", "active"),
    ("Fundacja Słyszę, Widzę, Działam", "Słyszę Widzę Działam", "FUND", "Mokotów",
     "ul. Odyńca 27", "02-606", "7|8", "2011-11-08", "2014-07-01", "active"),
    ("Spółdzielnia Socjalna Ochocki Garnek", "Ochocki Garnek", "SPOLDZ_SOC", "Ochota",
     "ul. Białobrzeska 44", "02-325", "2|6", "2019-06-17", "", "active"),
    ("Stowarzyszenie Praska Pracownia Rzemiosła", "Praska Pracownia", "STOW", "Praga-Północ",
     "ul. Targowa 66 lok. 4", "03-729", "8|16|15", "2005-12-01", "", "active"),
    ("Stowarzyszenie Bielańscy Aktywni 60+", "Aktywni 60+", "STOW", "Bielany",
     "ul. Żeromskiego 29", "01-882", "10|19", "2012-02-20", "", "active"),
    ("Fundacja Latarnik Białołęcki", "Latarnik", "FUND", "Białołęka",
     "ul. Głębocka 66", "03-287", "32|15|6", "2009-05-12", "2012-12-03", "active"),
    ("Stowarzyszenie Mokotowska Sieć Wolontariuszy", "MSW", "STOW", "Mokotów",
     "ul. Racławicka 99", "02-634", "27|13|33", "2002-09-16", "2005-04-20", "active"),
    ("Fundacja Nadwiślański Brzeg", "", "FUND", "Wawer",
     "ul. Wał Miedzeszyński 646", "04-975", "7|18", "2017-01-30", "", "suspended"),
    ("Stowarzyszenie Ursynowskie Drzwi Otwarte", "Drzwi Otwarte", "STOW", "Ursynów",
     "ul. Lanciego 13", "02-792", "15|13|14", "2004-06-07", "2009-10-14", "active"),
    ("Spółdzielnia Socjalna Zielone Dachy Bródna", "Zielone Dachy", "SPOLDZ_SOC", "Targówek",
     "ul. św. Wincentego 85", "03-291", "18|2", "2021-05-04", "", "active"),
    ("Stowarzyszenie Żoliborskie Słowo", "Żoliborskie Słowo", "STOW", "Żoliborz",
     "ul. Mickiewicza 34/36", "01-616", "16|14|13", "1997-11-18", "2006-02-01", "active"),
    ("Wolska Pracownia Integracji sp. z o.o. non-profit", "Wolska Pracownia Integracji", "SPZOO_NP", "Wola",
     "ul. Redutowa 48", "01-106", "2|8|34", "2017-10-02", "", "active"),
    ("Stowarzyszenie Śródmiejski Dom Sąsiedzki", "Dom Sąsiedzki", "STOW", "Śródmieście",
     "ul. Nowogrodzka 22", "00-511", "13|33|27", "2001-04-09", "2004-09-15", "active"),
]

NO_KRS_FORMS = {"STOW_ZW", "CIS", "KIS", "KGW"}  # KGW: own register at ARiMR since 2018
REGON14_ORGS = {"ORG-012"}                        # a club run as a local unit: 14-digit REGON


def build_orgs(rng: random.Random) -> list[dict]:
    used_nip, used_regon, used_krs = set(), set(), set()
    rows = []
    for i, (name, short, form, district, address, postal, spheres, founded, opp_since, status) in enumerate(ORGS, 1):
        code = f"ORG-{i:03d}"
        krs = "" if form in NO_KRS_FORMS else make_krs(rng, int(founded[:4]), used_krs)
        nip = make_nip(rng, used_nip)
        regon = make_regon14(rng, used_regon) if code in REGON14_ORGS else make_regon9(rng, used_regon)
        if rng.random() < 0.6:
            phone = f"+48 22 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
        else:
            mobile = rng.choice(("501", "505", "512", "530", "600", "602", "660", "691", "720", "735", "784", "795", "880"))
            phone = f"+48 {mobile} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
        rows.append({
            "code": code, "name": name, "short_name": short, "legal_form": form, "krs": krs,
            "nip": nip, "regon": regon, "opp": "true" if opp_since else "false",
            "opp_since": opp_since, "district": district, "address": address,
            "postal_code": postal, "city": "Warszawa",
            "email": f"{slug(short or name)[:40].strip('-')}@example.org",
            "phone": phone, "spheres": spheres, "founded_on": founded, "status": status,
        })
    return rows


ORG_COLUMNS = ["code", "name", "short_name", "legal_form", "krs", "nip", "regon", "opp", "opp_since",
               "district", "address", "postal_code", "city", "email", "phone", "spheres",
               "founded_on", "status"]

# ---------------------------------------------------------------------------------------------
# Indicators

INDICATORS = [
    ("participants", "Uczestnicy objęci wsparciem", "Participants supported",
     "persons", "output", "sum", "true"),
    ("at_risk_supported", "Osoby zagrożone wykluczeniem społecznym objęte wsparciem",
     "People at risk of social exclusion supported", "persons", "output", "sum", "true"),
    ("disabled_supported", "Osoby z niepełnosprawnościami objęte wsparciem",
     "People with disabilities supported", "persons", "output", "sum", "true"),
    ("qualified", "Uczestnicy, którzy uzyskali kwalifikacje",
     "Participants who gained a qualification", "persons", "result", "sum", "true"),
    ("employed", "Uczestnicy pracujący po wsparciu (stan na koniec miesiąca)",
     "Participants in employment after support (at month end)", "persons", "result", "last", "true"),
    ("support_hours", "Godziny udzielonego wsparcia", "Hours of support given",
     "hours", "output", "sum", "true"),
    ("volunteers", "Zaangażowani wolontariusze", "Volunteers engaged",
     "persons", "output", "max", "true"),
    ("dropouts", "Uczestnicy, którzy przerwali udział", "Participants who dropped out",
     "persons", "result", "sum", "false"),
]
INDICATOR_COLUMNS = ["code", "name", "name_en", "unit", "kind", "aggregation", "higher_is_better"]

# ---------------------------------------------------------------------------------------------
# Programmes

PROGRAMS = [
    {"code": "OK-2025", "name": "Otwarty konkurs ofert 2025–2026: integracja społeczna i zawodowa, rodzina, seniorzy",
     "year": "2025", "mode": "open_call", "form": "supporting", "spheres": "1|1a|2|7|8|10|13|32",
     "budget": "2000000.00", "opens_on": "2024-11-04", "closes_on": "2024-12-02"},
    {"code": "MG-2025", "name": "Małe granty 2025–2026 (art. 19a)",
     "year": "2025", "mode": "small_grant", "form": "supporting", "spheres": "10|13|14|15|16|17|18|19",
     "budget": "150000.00", "opens_on": "2025-01-02", "closes_on": "2026-10-30"},
    {"code": "RG-2025", "name": "Regranting: Warszawski Fundusz Inicjatyw Sąsiedzkich 2025–2026",
     "year": "2025", "mode": "regranting", "form": "entrusting", "spheres": "13|16|27",
     "budget": "800000.00", "opens_on": "2025-01-13", "closes_on": "2025-02-10"},
]
PROGRAM_COLUMNS = ["code", "name", "year", "mode", "form", "spheres", "budget", "opens_on", "closes_on"]

# ---------------------------------------------------------------------------------------------
# Ventures: (org, program, title, sphere, districts, starts, ends, grant, profile, terminated)

CITY = "cała Warszawa (ogólnomiejskie)"

VENTURES = [
    # open call
    ("ORG-001", "OK-2025", "Klub Sąsiedzki Grochów — codzienne wsparcie seniorów", "10",
     ["Praga-Południe"], "2025-02", "2026-12", "100000.00", "senior", False),
    ("ORG-001", "OK-2025", "Grochowskie podwórka: animacja lokalna dla rodzin", "13",
     ["Praga-Południe"], "2025-03", "2025-12", "45000.00", "community", False),
    ("ORG-002", "OK-2025", "Dobry Start na rynku pracy — aktywizacja młodzieży NEET", "8",
     ["Śródmieście", "Wola"], "2025-02", "2026-12", "145000.00", "employ", False),
    ("ORG-003", "OK-2025", "Żółty Rower w pracy: reintegracja zawodowa w serwisie rowerowym", "2",
     ["Praga-Północ"], "2025-03", "2026-12", "125000.00", "employ", False),
    ("ORG-004", "OK-2025", "Pracownia pod Lipą — zajęcia terapeutyczne dla dorosłych z niepełnosprawnościami", "7",
     ["Żoliborz", "Bielany"], "2025-01", "2026-06", "88000.00", "disab", False),
    ("ORG-005", "OK-2025", "Ochockie Podwórka — świetlica środowiskowa dla dzieci i rodziców", "1a",
     ["Ochota"], "2025-02", "2026-12", "80000.00", "family", False),
    ("ORG-006", "OK-2025", "Talerz Sąsiada — posiłki i doradztwo dla osób w kryzysie bezdomności", "1",
     ["Wola"], "2025-01", "2026-12", "120000.00", "homeless", False),
    ("ORG-011", "OK-2025", "Nowy Kurs — reintegracja społeczna i zawodowa w CIS", "2",
     ["Praga-Południe", "Targówek"], "2025-01", "2026-12", "200000.00", "employ", False),
    ("ORG-012", "OK-2025", "Przystań Ursus — klub dla osób długotrwale bezrobotnych", "8",
     ["Ursus", "Włochy"], "2025-03", "2026-02", "60000.00", "employ", False),
    ("ORG-013", "OK-2025", "Trening umiejętności społecznych dla młodych dorosłych z autyzmem", "7",
     ["Ursynów"], "2025-04", "2026-09", "70000.00", "disab", False),
    ("ORG-014", "OK-2025", "Tarchomińskie Gniazdo — wsparcie rodzin zastępczych", "1a",
     ["Białołęka", "Targówek"], "2025-02", "2026-12", "85000.00", "family", False),
    ("ORG-015", "OK-2025", "Wolski Zakwas — piekarnia społeczna jako miejsce pracy", "2",
     ["Wola"], "2025-03", "2026-11", "85000.00", "employ", False),
    ("ORG-016", "OK-2025", "Srebrny Kursor — kursy komputerowe i bankowość bez strachu", "10",
     [CITY], "2025-02", "2025-12", "42000.00", "senior", False),
    ("ORG-016", "OK-2025", "Senior w sieci — e-usługi publiczne krok po kroku", "10",
     ["Mokotów", "Ursynów", "Wilanów"], "2026-01", "2026-12", "48000.00", "senior", False),
    ("ORG-019", "OK-2025", "Włochowskie Okno — centrum wolontariatu sąsiedzkiego", "13",
     ["Włochy"], "2025-03", "2026-12", "52000.00", "community", False),
    ("ORG-021", "OK-2025", "Doradca zawodowy w polskim języku migowym", "7",
     [CITY], "2025-02", "2026-12", "95000.00", "disab", False),
    ("ORG-022", "OK-2025", "Ochocki Garnek — zatrudnienie osób po kryzysie psychicznym", "2",
     ["Ochota", "Włochy"], "2025-02", "2026-08", "92500.00", "employ", False),
    ("ORG-023", "OK-2025", "Praski warsztat — nauka zawodu stolarza dla młodzieży", "8",
     ["Praga-Północ"], "2025-03", "2026-12", "75000.00", "employ", False),
    ("ORG-025", "OK-2025", "Latarnik — profilaktyka uzależnień wśród młodzieży", "32",
     ["Białołęka"], "2025-02", "2026-12", "63850.50", "addict", False),
    ("ORG-026", "OK-2025", "Mokotowski bank czasu", "13",
     ["Mokotów"], "2025-04", "2026-12", "45000.00", "community", False),
    ("ORG-027", "OK-2025", "Nadwiślańskie warsztaty zawodowe dla osób z niepełnosprawnościami", "7",
     ["Wawer"], "2025-03", "2026-06", "68000.00", "disab", True),
    ("ORG-031", "OK-2025", "Zatrudnienie wspierane z trenerem pracy", "2",
     ["Wola", "Bemowo"], "2025-02", "2026-12", "110000.00", "employ", False),
    # open call, second stage of multi-year contracts, not started yet
    ("ORG-003", "OK-2025", "Żółty Rower 2.0 — mobilny serwis i nowe miejsca pracy", "2",
     ["Praga-Północ", "Targówek"], "2027-01", "2027-12", "50000.00", "employ", False),
    ("ORG-002", "OK-2025", "Dobry Start — kontynuacja 2027", "8",
     ["Śródmieście"], "2027-01", "2027-12", "45000.00", "employ", False),
    # small grants (art. 19a): at most 10 000 zł and 90 days
    ("ORG-007", "MG-2025", "Wakacje z piłką na Bemowie", "17",
     ["Bemowo"], "2025-07", "2025-08", "9500.00", "sport", False),
    ("ORG-007", "MG-2025", "Zimowa liga podwórkowa", "17",
     ["Bemowo"], "2026-02", "2026-04", "7980.50", "sport", False),
    ("ORG-008", "MG-2025", "Wawerski jarmark smaków", "16",
     ["Wawer"], "2025-09", "2025-09", "6000.00", "culture", False),
    ("ORG-008", "MG-2025", "Warsztaty kulinarne dla seniorów", "10",
     ["Wawer"], "2026-05", "2026-06", "7432.50", "senior_small", False),
    ("ORG-010", "MG-2025", "Ogród na Bródnie — sezon 2025", "18",
     ["Targówek"], "2025-05", "2025-06", "9800.00", "eco", False),
    ("ORG-024", "MG-2025", "Bielańska Akademia 60+ — warsztaty wiosenne", "10",
     ["Bielany"], "2025-02", "2025-04", "10000.00", "senior_small", False),
    ("ORG-024", "MG-2025", "Spacery historyczne po Bielanach", "19",
     ["Bielany"], "2026-09", "2026-10", "7000.00", "culture", False),
    ("ORG-018", "MG-2025", "Wilanowskie lato sąsiedzkie", "13",
     ["Wilanów"], "2025-07", "2025-08", "8800.00", "culture", False),
    ("ORG-028", "MG-2025", "Ursynowska noc gier planszowych", "15",
     ["Ursynów"], "2026-10", "2026-11", "5500.00", "youth", False),
    ("ORG-029", "MG-2025", "Zielone dachy Targówka — warsztaty ogrodnicze", "18",
     ["Targówek"], "2026-04", "2026-05", "9000.00", "eco", False),
    ("ORG-030", "MG-2025", "Żoliborski festiwal słowa", "16",
     ["Żoliborz"], "2025-10", "2025-11", "9900.00", "culture", False),
    ("ORG-005", "MG-2025", "Półkolonie na Ochocie", "15",
     ["Ochota"], "2025-07", "2025-08", "9600.00", "youth", False),
    ("ORG-004", "MG-2025", "Kino pod Lipą — seanse plenerowe z audiodeskrypcją", "16",
     ["Żoliborz"], "2026-07", "2026-08", "8500.00", "culture", False),
    ("ORG-019", "MG-2025", "Włochy czytają dzieciom", "14",
     ["Włochy"], "2026-11", "2026-12", "4800.00", "youth", False),
    # regranting operators
    ("ORG-032", "RG-2025", "Fundusz Inicjatyw Sąsiedzkich — Śródmieście, Wola, Ochota", "13",
     ["Śródmieście", "Wola", "Ochota"], "2025-03", "2026-12", "200000.00", "regrant", False),
    ("ORG-001", "RG-2025", "Prawobrzeżne Inicjatywy Sąsiedzkie", "13",
     ["Praga-Południe", "Praga-Północ", "Targówek", "Rembertów", "Wawer", "Wesoła", "Białołęka"],
     "2025-03", "2026-12", "220000.00", "regrant", False),
    ("ORG-030", "RG-2025", "Mikrogranty kulturalne Żoliborz–Bielany–Bemowo", "16",
     ["Żoliborz", "Bielany", "Bemowo"], "2025-04", "2026-12", "150000.00", "regrant", False),
    ("ORG-026", "RG-2025", "Fundusz wolontariatu młodzieżowego", "27",
     [CITY], "2025-04", "2026-11", "180000.00", "regrant", False),
]

# Report deadlines that differ from the configured default (day of the following month).
REPORT_DAYS = {"ORG-011": 15, "ORG-032": 20}

# Indicators by profile: the first two always, the rest one of them at random.
PROFILES = {
    "employ": (["participants", "at_risk_supported"], ["employed", "qualified"]),
    "disab": (["participants", "disabled_supported"], ["support_hours"]),
    "senior": (["participants", "support_hours"], ["volunteers"]),
    "senior_small": (["participants", "support_hours"], []),
    "family": (["participants", "support_hours"], ["at_risk_supported"]),
    "homeless": (["participants", "at_risk_supported"], ["support_hours"]),
    "addict": (["participants", "support_hours"], []),
    "community": (["participants", "volunteers"], ["support_hours"]),
    "regrant": (["participants", "volunteers"], []),
    "sport": (["participants", "volunteers"], []),
    "culture": (["participants", "volunteers"], []),
    "eco": (["participants", "volunteers"], []),
    "youth": (["participants", "support_hours"], []),
}
# zł of grant per person / per hour of support, by profile
COST_PER_PARTICIPANT = {"employ": 2600, "disab": 2200, "senior": 700, "senior_small": 330, "family": 900,
                        "homeless": 650, "addict": 400, "community": 450, "regrant": 160, "sport": 170,
                        "culture": 60, "eco": 200, "youth": 240}
COST_PER_HOUR = {"disab": 80, "senior": 95, "senior_small": 250, "family": 70, "homeless": 90,
                 "addict": 110, "community": 120, "youth": 160}

GRANT_CATEGORIES = {
    "employ": ["personnel", "services", "materials", "equipment"],
    "disab": ["personnel", "services", "materials", "rent"],
    "senior": ["personnel", "equipment", "services", "promotion"],
    "senior_small": ["materials", "services", "promotion"],
    "family": ["personnel", "materials", "services", "travel"],
    "homeless": ["materials", "personnel", "services", "travel"],
    "addict": ["personnel", "services", "promotion", "materials"],
    "community": ["personnel", "services", "promotion", "materials"],
    "regrant": ["services", "personnel", "promotion", "administration"],
    "sport": ["services", "equipment", "materials"],
    "culture": ["services", "promotion", "materials"],
    "eco": ["materials", "equipment", "services"],
    "youth": ["services", "materials", "promotion"],
}
SHARES = {2: (0.7,), 3: (0.6, 0.25), 4: (0.55, 0.2, 0.15)}
WHOLE_ZLOTY = Decimal("1")  # lines but the last are whole złoty; the last takes the rest


def status_of(starts: str, ends: str, terminated: bool) -> str:
    if terminated:
        return "terminated"
    if starts >= "2027-01":
        return "planned"
    if ends < "2026-11":
        return "completed"
    return "active"


def build_ventures(rng: random.Random) -> list[dict]:
    order = sorted(range(len(VENTURES)), key=lambda i: (VENTURES[i][5], VENTURES[i][1], VENTURES[i][0], i))
    counters: dict[str, int] = {}
    employ_seq = 0
    out = []
    for i in order:
        org, program, title, sphere, districts, starts, ends, grant_s, profile, terminated = VENTURES[i]
        year = starts[:4]
        counters[year] = counters.get(year, 0) + 1
        code = f"V-{year}-{counters[year]:03d}"
        grant = Decimal(grant_s)
        small = program == "MG-2025"
        regrant = program == "RG-2025"

        # own contribution and in-kind (volunteer work, rooms lent free of charge)
        if small:
            own = Decimal(rng.choice([0, 0, 200, 300, 500])) if rng.random() < 0.6 else None
            in_kind = Decimal(rng.choice([400, 600, 800, 1200])) if rng.random() < 0.7 else None
        elif regrant:
            own = None
            in_kind = round_grosz(grant * Decimal(rng.choice(["0.02", "0.03"])))
        else:
            own = Decimal(int(grant * Decimal(rng.choice(["0.05", "0.08", "0.1", "0.12", "0.15"]))) // 100 * 100)
            in_kind = (Decimal(int(grant * Decimal(rng.choice(["0.03", "0.05", "0.07"]))) // 100 * 100)
                       if rng.random() < 0.6 else None)
        if own is not None and own == 0:
            own = None

        # budget lines: distinct categories; grant lines sum to the grant
        extra = [x for x in (own, in_kind) if x]
        n_grant = max(2, min(4, rng.choice([3, 4]) if not small else 3, 5 - len(extra)))
        if len(extra) + n_grant < 3:
            n_grant = 3 - len(extra)
        cats = GRANT_CATEGORIES[profile][:n_grant]
        lines = []
        remaining = grant
        for k, cat in enumerate(cats):
            if k < len(cats) - 1:
                amount = (grant * Decimal(str(SHARES[n_grant][k]))).quantize(WHOLE_ZLOTY)
                remaining -= amount
            else:
                amount = remaining
            lines.append({"category": cat, "source": "grant", "planned": amount})
        free = [c for c in ("administration", "promotion", "travel", "rent", "equipment", "materials")
                if c not in cats]
        if own:
            lines.append({"category": free.pop(rng.choice([0, 0, 1])), "source": "own", "planned": own})
        if in_kind:
            kind_cat = "personnel" if "personnel" not in cats else ("rent" if "rent" in free else free[0])
            lines.append({"category": kind_cat, "source": "in_kind", "planned": in_kind})

        # targets
        months = months_between(starts, ends)
        must, optional = PROFILES[profile]
        if profile == "employ":
            # participants, a result (employment or qualification), then who was reached or,
            # every third venture, a ceiling on dropouts
            employ_seq += 1
            inds = ["participants", "employed" if employ_seq % 2 else "qualified",
                    "dropouts" if employ_seq % 3 == 2 else "at_risk_supported"]
        else:
            inds = list(must) + ([rng.choice(optional)] if optional and rng.random() < 0.75 else [])
        participants = max(10, int(grant / COST_PER_PARTICIPANT[profile] * Decimal(rng.uniform(0.85, 1.15))))
        targets = []
        for ind in inds:
            baseline, target = 0, None
            if ind == "participants":
                target = participants
            elif ind in ("at_risk_supported",):
                target = int(participants * rng.uniform(0.6, 0.9))
            elif ind == "disabled_supported":
                target = int(participants * rng.uniform(0.8, 1.0))
            elif ind == "qualified":
                target = max(3, int(participants * rng.uniform(0.35, 0.55)))
            elif ind == "employed":
                target = max(2, int(participants * rng.uniform(0.2, 0.35)))
            elif ind == "support_hours":
                target = int(grant / COST_PER_HOUR.get(profile, 120)) // 10 * 10
            elif ind == "dropouts":
                # lower is better: baseline = dropouts in the previous edition, target = ceiling
                baseline = max(4, participants // 4)
                target = max(2, baseline // 2)
            elif ind == "volunteers":
                target = max(4, min(60, int(participants * rng.uniform(0.05, 0.12))))
                if months > 6 and rng.random() < 0.5:
                    baseline = max(2, target // 3)
            targets.append({"indicator": ind, "baseline": baseline, "target": target})


        out.append({
            "code": code, "org": org, "program": program, "title": title, "sphere": sphere,
            "districts": districts, "starts": starts, "ends": ends,
            "status": status_of(starts, ends, terminated),
            "grant": grant, "own_funds": own, "in_kind": in_kind,
            "report_day": REPORT_DAYS.get(org) if not small else None,
            "targets": targets, "budget": lines,
        })
    return out


def ventures_json(ventures: list[dict]) -> str:
    """JSON array, 2-space indent; amounts written with two decimals (never via floats)."""

    def val(v) -> str:
        if v is None:
            return "null"
        if isinstance(v, Decimal):
            return money(v)
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for v in ventures:
        fields = []
        for key in ("code", "org", "program", "title", "sphere", "districts", "starts", "ends", "status",
                    "grant", "own_funds", "in_kind", "report_day"):
            fields.append(f'    "{key}": {val(v[key])}')
        tl = ",\n".join("      {" + ", ".join(f'"{k}": {val(t[k])}' for k in ("indicator", "baseline", "target")) + "}"
                        for t in v["targets"])
        bl = ",\n".join("      {" + ", ".join(f'"{k}": {val(b[k])}' for k in ("category", "source", "planned")) + "}"
                        for b in v["budget"])
        fields.append(f'    "targets": [\n{tl}\n    ]')
        fields.append(f'    "budget": [\n{bl}\n    ]')
        parts.append("  {\n" + ",\n".join(fields) + "\n  }")
    return "[\n" + ",\n".join(parts) + "\n]\n"


# ---------------------------------------------------------------------------------------------
# Loans (PRODUCT.md §12 "Loan schedule")

LOANS = [
    {"code": "L-2025-001", "org": "ORG-003", "venture": "", "principal": "60000.00", "annual_rate": "1.5",
     "term_months": "24", "method": "annuity", "disbursed_on": "2025-03-15", "first_due_on": "2025-04-15",
     "grace_months": "3"},
    # bridge loan before the grant's second tranche; first_due_on left empty: one month after payout
    {"code": "L-2025-002", "org": "ORG-006", "venture": None, "principal": "30000.00", "annual_rate": "12",
     "term_months": "12", "method": "equal_principal", "disbursed_on": "2025-06-30", "first_due_on": "",
     "grace_months": "0"},
]
LOAN_COLUMNS = ["code", "org", "venture", "principal", "annual_rate", "term_months", "method",
                "disbursed_on", "first_due_on", "grace_months"]


def schedule(loan: dict) -> list[dict]:
    principal = Decimal(loan["principal"])
    rate = Decimal(loan["annual_rate"]) / 100 / 12
    term, grace = int(loan["term_months"]), int(loan["grace_months"] or 0)
    disbursed = dt.date.fromisoformat(loan["disbursed_on"])
    if loan["first_due_on"]:
        first = dt.date.fromisoformat(loan["first_due_on"])
    else:
        first = add_months(disbursed, 1, disbursed.day)
    day = first.day if loan["first_due_on"] else disbursed.day
    count = term - grace
    if loan["method"] == "annuity":
        payment = (principal * rate / (1 - (1 + rate) ** -count)) if rate else principal / count
        payment = round_grosz(payment)
    else:
        part = round_grosz(principal / count)
    balance = principal
    rows = []
    for no in range(1, term + 1):
        interest = round_grosz(balance * rate)
        if no <= grace:
            princ = Decimal("0.00")
        elif no == term:
            princ = balance
        elif loan["method"] == "annuity":
            princ = payment - interest
        else:
            princ = part
        balance -= princ
        rows.append({"no": no, "due_on": add_months(first, no - 1, day), "principal": princ,
                     "interest": interest, "payment": princ + interest, "balance": balance})
    return rows


def build_repayments(rng: random.Random, schedules: dict[str, list[dict]]) -> list[dict]:
    rows = []
    # L-2025-001: on time every month up to October 2026 (a day or two early when the due date
    # falls on a weekend or the organization pays ahead)
    for inst in schedules["L-2025-001"]:
        if inst["due_on"] > dt.date(2026, 10, 31):
            break
        paid = inst["due_on"] - dt.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        while paid.weekday() >= 5:
            paid -= dt.timedelta(days=1)
        rows.append({"loan": "L-2025-001", "paid_on": paid.isoformat(), "amount": money(inst["payment"])})
    # L-2025-002: the first five instalments, then nothing (the grant tranche went elsewhere)
    for inst in schedules["L-2025-002"][:5]:
        paid = inst["due_on"]
        while paid.weekday() >= 5:
            paid -= dt.timedelta(days=1)
        rows.append({"loan": "L-2025-002", "paid_on": paid.isoformat(), "amount": money(inst["payment"])})
    return rows


# ---------------------------------------------------------------------------------------------
# Consultations, trainings, attendance

CONSULTATIONS = [
    {"code": "K-2025-01", "title": "Konsultacje zasad małych grantów: terminy, limity i rozliczenia",
     "held_on": "2025-01-21", "subject": "tryb małych grantów (art. 19a)", "participants": "23",
     "orgs": "ORG-007|ORG-008|ORG-010|ORG-024|ORG-030"},
    {"code": "K-2025-02", "title": "Projekt Programu współpracy z organizacjami pozarządowymi na 2026 r.",
     "held_on": "2025-09-18", "subject": "roczny program współpracy", "participants": "64",
     "orgs": "ORG-001|ORG-002|ORG-006|ORG-014|ORG-016|ORG-026|ORG-032"},
    {"code": "K-2026-01", "title": "Wieloletni program rozwoju ekonomii społecznej w Warszawie",
     "held_on": "2026-04-22", "subject": "ekonomia społeczna", "participants": "38",
     "orgs": "ORG-003|ORG-011|ORG-012|ORG-015|ORG-022|ORG-029|ORG-031"},
    {"code": "K-2026-02", "title": "Projekt Programu współpracy z organizacjami pozarządowymi na 2027 r.",
     "held_on": "2026-09-24", "subject": "roczny program współpracy", "participants": "71",
     "orgs": "ORG-001|ORG-004|ORG-005|ORG-013|ORG-019|ORG-021|ORG-025|ORG-028|ORG-032"},
]
CONSULTATION_COLUMNS = ["code", "title", "held_on", "subject", "participants", "orgs"]

TRAININGS = [
    {"code": "T-2025-01", "module": "FUND-1", "title": "Rozliczanie dotacji krok po kroku",
     "held_on": "2025-04-10", "hours": "8", "max_score": "100"},
    {"code": "T-2025-02", "module": "LAW-1", "title": "Prawo w praktyce organizacji: umowy, RODO, wolontariat",
     "held_on": "2025-10-16", "hours": "16", "max_score": "40"},
    {"code": "T-2026-01", "module": "DEV-1", "title": "Rozwój i stabilizacja organizacji: plan strategiczny",
     "held_on": "2026-03-19", "hours": "12", "max_score": "20"},
]
TRAINING_COLUMNS = ["code", "module", "title", "held_on", "hours", "max_score"]
ATTENDANCE_COLUMNS = ["training", "participant", "pre_score", "post_score", "satisfaction"]


def build_attendance(rng: random.Random) -> list[dict]:
    pool = [f"P-{n:04d}" for n in range(1, 29)]
    rows = []
    missing_post = {("T-2025-02", 7), ("T-2026-01", 3)}
    for t in TRAININGS:
        max_score = int(t["max_score"])
        people = sorted(rng.sample(pool, 12))
        for k, person in enumerate(people):
            pre = min(max_score, max(0, round(rng.gauss(0.5, 0.14) * max_score)))
            gain = rng.gauss(0.2, 0.1) * max_score
            post = min(max_score, max(0, round(pre + gain)))
            satisfaction = rng.choices([2, 3, 4, 5], weights=[1, 3, 8, 8])[0]
            row = {"training": t["code"], "participant": person, "pre_score": str(pre),
                   "post_score": str(post), "satisfaction": str(satisfaction)}
            if (t["code"], k) in missing_post:
                row["post_score"] = ""  # left before the final test
            rows.append(row)
    rows[20]["satisfaction"] = ""  # did not return the form
    rows[17]["post_score"] = rows[17]["pre_score"]  # no change
    rows[29]["post_score"] = str(int(rows[29]["pre_score"]) - 1)  # a worse result after the training
    return rows


# ---------------------------------------------------------------------------------------------
# Writing

def write_csv(name: str, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow({c: ("" if r.get(c) is None else r.get(c)) for c in columns})
    (HERE / name).write_text(buf.getvalue(), encoding="utf-8", newline="")


def generate() -> None:
    rng = random.Random(SEED)
    orgs = build_orgs(rng)
    ventures = build_ventures(rng)
    # the bridge loan finances the borrower's open-call venture
    for loan in LOANS:
        if loan["venture"] is None:
            loan["venture"] = next(v["code"] for v in ventures
                                   if v["org"] == loan["org"] and v["program"] == "OK-2025")
    schedules = {loan["code"]: schedule(loan) for loan in LOANS}
    repayments = build_repayments(rng, schedules)
    attendance = build_attendance(rng)

    write_csv("orgs.csv", ORG_COLUMNS, orgs)
    write_csv("indicators.csv", INDICATOR_COLUMNS, [dict(zip(INDICATOR_COLUMNS, i)) for i in INDICATORS])
    write_csv("programs.csv", PROGRAM_COLUMNS, PROGRAMS)
    (HERE / "ventures.json").write_text(ventures_json(ventures), encoding="utf-8", newline="")
    write_csv("loans.csv", LOAN_COLUMNS, LOANS)
    write_csv("repayments.csv", ["loan", "paid_on", "amount"], repayments)
    write_csv("consultations.csv", CONSULTATION_COLUMNS, CONSULTATIONS)
    write_csv("trainings.csv", TRAINING_COLUMNS, TRAININGS)
    write_csv("attendance.csv", ATTENDANCE_COLUMNS, attendance)


# ---------------------------------------------------------------------------------------------
# Verification: read the files back as an importer would

def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def verify() -> list[str]:
    problems: list[str] = []

    def check(cond: bool, message: str) -> None:
        if not cond:
            problems.append(message)

    ref = {name: read_csv(REFERENCE / f"{name}.csv")[1]
           for name in ("legal_forms", "spheres", "districts", "budget_categories")}
    forms = {r["code"] for r in ref["legal_forms"]}
    spheres = {r["code"] for r in ref["spheres"]}
    district_names = {r["name"] for r in ref["districts"]}
    categories = {r["code"] for r in ref["budget_categories"]}

    def is_date(s: str) -> bool:
        try:
            dt.date.fromisoformat(s)
            return len(s) == 10
        except ValueError:
            return False

    def is_money(s: str) -> bool:
        head, _, tail = s.partition(".")
        return head.isdigit() and len(tail) == 2 and tail.isdigit()

    # orgs
    cols, orgs = read_csv(HERE / "orgs.csv")
    check(cols == ORG_COLUMNS, f"orgs.csv columns {cols}")
    org_codes = {o["code"] for o in orgs}
    check(len(org_codes) == len(orgs) == 32, "orgs: 32 unique codes")
    nips = [o["nip"] for o in orgs if o["nip"]]
    krss = [o["krs"] for o in orgs if o["krs"]]
    check(len(set(nips)) == len(nips), "orgs: NIPs unique")
    check(len(set(krss)) == len(krss), "orgs: KRS numbers unique")
    for o in orgs:
        c = o["code"]
        check(nip_valid(o["nip"]), f"{c}: NIP {o['nip']}")
        check(regon_valid(o["regon"]), f"{c}: REGON {o['regon']}")
        check(o["legal_form"] in forms, f"{c}: legal form {o['legal_form']}")
        if o["legal_form"] in NO_KRS_FORMS:
            check(o["krs"] == "", f"{c}: {o['legal_form']} has no KRS")
        else:
            check(len(o["krs"]) == 10 and o["krs"].isdigit() and int(o["krs"]) > 0, f"{c}: KRS {o['krs']}")
        check(o["district"] in district_names, f"{c}: district {o['district']}")
        check(all(s in spheres for s in o["spheres"].split("|")), f"{c}: spheres {o['spheres']}")
        pc = o["postal_code"]
        check(len(pc) == 6 and pc[2] == "-" and (pc[:2] + pc[3:]).isdigit(), f"{c}: postal code {pc}")
        check(o["opp"] in ("true", "false") and (o["opp"] == "true") == bool(o["opp_since"]), f"{c}: opp")
        check(is_date(o["founded_on"]) and (not o["opp_since"] or is_date(o["opp_since"])), f"{c}: dates")
        check(not o["opp_since"] or o["opp_since"] > o["founded_on"], f"{c}: opp_since after founding")
        check(o["status"] in ("active", "suspended", "closed"), f"{c}: status")
        check(o["email"].endswith("@example.org"), f"{c}: email")
    statuses = [o["status"] for o in orgs]
    check(statuses.count("suspended") == 2 and statuses.count("closed") == 1, "orgs: 2 suspended, 1 closed")
    check({o["district"] for o in orgs} >= district_names - {"cała Warszawa (ogólnomiejskie)"},
          "orgs: every district")
    check(any('"' in o["name"] for o in orgs) and any("," in o["address"] for o in orgs), "orgs: quoting cases")

    # indicators
    cols, inds = read_csv(HERE / "indicators.csv")
    check(cols == INDICATOR_COLUMNS, "indicators.csv columns")
    ind = {i["code"]: i for i in inds}
    check(len(ind) == 8, "8 indicators")
    check(any(i["aggregation"] == "last" for i in inds), "an indicator aggregated by last")
    check(any(i["higher_is_better"] == "false" for i in inds), "an indicator where lower is better")

    # programmes
    cols, progs = read_csv(HERE / "programs.csv")
    check(cols == PROGRAM_COLUMNS, "programs.csv columns")
    prog = {p["code"]: p for p in progs}
    check(len({p["mode"] for p in progs}) == 3, "programmes of three modes")
    for p in progs:
        check(is_money(p["budget"]), f"{p['code']}: budget")
        check(all(s in spheres for s in p["spheres"].split("|")), f"{p['code']}: spheres")

    # ventures
    ventures = json.loads((HERE / "ventures.json").read_text(encoding="utf-8"), parse_float=Decimal)
    check(isinstance(ventures, list) and len(ventures) == 42, "42 ventures")
    vcodes = {v["code"] for v in ventures}
    check(len(vcodes) == len(ventures), "venture codes unique")
    grants_by_prog: dict[str, Decimal] = {}
    small_by_org_year: dict[tuple, Decimal] = {}
    for v in ventures:
        c = v["code"]
        check(v["org"] in org_codes and v["program"] in prog, f"{c}: org/program")
        check(v["sphere"] in spheres and v["sphere"] in prog[v["program"]]["spheres"].split("|"),
              f"{c}: sphere {v['sphere']}")
        check(v["districts"] and all(d in district_names for d in v["districts"]), f"{c}: districts")
        check(v["starts"] <= v["ends"], f"{c}: starts <= ends")
        check(v["status"] in ("planned", "active", "completed", "terminated"), f"{c}: status")
        if v["status"] != "planned":
            check("2025-01" <= v["starts"] and v["ends"] <= "2026-12", f"{c}: period")
        grant = Decimal(str(v["grant"]))
        grants_by_prog[v["program"]] = grants_by_prog.get(v["program"], Decimal(0)) + grant
        days = (month_last(v["ends"]) - month_first(v["starts"])).days + 1
        if prog[v["program"]]["mode"] == "small_grant":
            check(grant <= 10000 and days <= 90, f"{c}: small grant {grant} zł, {days} days")
            key = (v["org"], v["starts"][:4])
            small_by_org_year[key] = small_by_org_year.get(key, Decimal(0)) + grant
        else:
            check(40000 <= grant <= 250000, f"{c}: grant {grant}")
        check(2 <= len(v["targets"]) <= 3, f"{c}: 2-3 targets")
        check(len({t["indicator"] for t in v["targets"]}) == len(v["targets"]), f"{c}: targets distinct")
        for t in v["targets"]:
            check(t["indicator"] in ind, f"{c}: indicator {t['indicator']}")
            check(t["target"] != t["baseline"], f"{c}: target differs from baseline")
            if ind[t["indicator"]]["higher_is_better"] == "false":
                check(t["target"] < t["baseline"], f"{c}: lower-is-better target below baseline")
        check(3 <= len(v["budget"]) <= 5, f"{c}: 3-5 budget lines")
        check(len({b["category"] for b in v["budget"]}) == len(v["budget"]), f"{c}: categories distinct")
        by_source: dict[str, Decimal] = {}
        for b in v["budget"]:
            check(b["category"] in categories and b["source"] in ("grant", "own", "in_kind"), f"{c}: budget line")
            by_source[b["source"]] = by_source.get(b["source"], Decimal(0)) + Decimal(str(b["planned"]))
        check(by_source.get("grant") == grant, f"{c}: grant lines sum {by_source.get('grant')} != {grant}")
        check(by_source.get("own", Decimal(0)) == Decimal(str(v["own_funds"] or 0)), f"{c}: own lines")
        check(by_source.get("in_kind", Decimal(0)) == Decimal(str(v["in_kind"] or 0)), f"{c}: in-kind lines")
    for p, total in grants_by_prog.items():
        check(total <= Decimal(prog[p]["budget"]), f"{p}: grants {total} above budget")
    pool = sum((Decimal(p["budget"]) for p in progs), Decimal(0))
    small_total = sum((t for p, t in grants_by_prog.items() if prog[p]["mode"] == "small_grant"), Decimal(0))
    check(small_total <= pool * Decimal("0.2"), "small grants above 20 % of the pool")
    for key, total in small_by_org_year.items():
        check(total <= 20000, f"small grants {key}: {total} above 20 000 zł a year")
    with_ventures = {v["org"] for v in ventures}
    check(len(org_codes - with_ventures) >= 2, "some orgs have no venture")
    check(sum(1 for o in org_codes if sum(v["org"] == o for v in ventures) > 1) >= 4, "orgs with several ventures")
    check(sum(v["status"] == "planned" for v in ventures) == 2, "two planned ventures")

    # loans and repayments
    cols, loans = read_csv(HERE / "loans.csv")
    check(cols == LOAN_COLUMNS, "loans.csv columns")
    vorg = {v["code"]: v["org"] for v in ventures}
    for loan in loans:
        check(loan["org"] in org_codes, f"{loan['code']}: org")
        check(not loan["venture"] or vorg.get(loan["venture"]) == loan["org"], f"{loan['code']}: venture")
    cols, reps = read_csv(HERE / "repayments.csv")
    check(cols == ["loan", "paid_on", "amount"], "repayments.csv columns")
    for loan in loans:
        sched = schedule(loan)
        paid = [r for r in reps if r["loan"] == loan["code"]]
        check(sum(i["principal"] for i in sched) == Decimal(loan["principal"]), f"{loan['code']}: principal repaid")
        check(sched[-1]["balance"] == 0, f"{loan['code']}: final balance")
        for inst, r in zip(sched, paid):
            check(Decimal(r["amount"]) == inst["payment"] and r["paid_on"] <= inst["due_on"].isoformat(),
                  f"{loan['code']}: repayment of instalment {inst['no']} on time and exact")
    check(all(r["loan"] in {l["code"] for l in loans} for r in reps), "repayments reference loans")

    # consultations, trainings, attendance
    cols, cons = read_csv(HERE / "consultations.csv")
    check(cols == CONSULTATION_COLUMNS, "consultations.csv columns")
    for k in cons:
        check(all(o in org_codes for o in k["orgs"].split("|")), f"{k['code']}: orgs")
        check(is_date(k["held_on"]) and k["participants"].isdigit(), f"{k['code']}: values")
    cols, trs = read_csv(HERE / "trainings.csv")
    check(cols == TRAINING_COLUMNS, "trainings.csv columns")
    tmax = {t["code"]: int(t["max_score"]) for t in trs}
    cols, att = read_csv(HERE / "attendance.csv")
    check(cols == ATTENDANCE_COLUMNS, "attendance.csv columns")
    check(len({(a["training"], a["participant"]) for a in att}) == len(att), "attendance unique")
    for a in att:
        check(a["training"] in tmax, f"attendance: training {a['training']}")
        for s in ("pre_score", "post_score"):
            check(a[s] == "" or 0 <= int(a[s]) <= tmax[a["training"]], f"attendance: {s} {a[s]}")
        check(a["satisfaction"] == "" or 1 <= int(a["satisfaction"]) <= 5, "attendance: satisfaction")
    return problems


def summary() -> str:
    _, loans = read_csv(HERE / "loans.csv")
    _, reps = read_csv(HERE / "repayments.csv")
    lines = []
    for loan in loans:
        sched = schedule(loan)
        paid = sum(Decimal(r["amount"]) for r in reps if r["loan"] == loan["code"])
        n_paid = sum(r["loan"] == loan["code"] for r in reps)
        lines.append(f"{loan['code']} {loan['method']} {loan['principal']} @ {loan['annual_rate']} %: "
                     f"{len(sched)} instalments {sched[0]['due_on']}..{sched[-1]['due_on']}, "
                     f"interest {sum(i['interest'] for i in sched)}, repaid {n_paid} payments = {paid}")
        for i in sched:
            lines.append(f"  {i['no']:2d} {i['due_on']} principal {i['principal']:>9} interest {i['interest']:>7} "
                         f"payment {i['payment']:>9} balance {i['balance']:>9}")
    return "\n".join(lines)


def main() -> int:
    if "--check" not in sys.argv[1:]:
        generate()
    problems = verify()
    for p in problems:
        print(f"generate.py: {p}", file=sys.stderr)
    if "--schedules" in sys.argv[1:]:
        print(summary())
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
