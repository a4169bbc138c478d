#!/usr/bin/env python3
"""Writes N synthetic organizations as CSV for `toro register import org`.

    python3 tests/bench/gen_orgs.py N [OUT.csv] [--seed S] [--columns code,name,...]

Every org column is present (code, name, short_name, legal_form, krs, nip, regon, opp,
opp_since, district, address, postal_code, city, email, phone, spheres, founded_on, status),
every row is valid for toro: NIP and REGON-9 with correct check digits, KRS unique and ten
digits (leading zeros kept), NIP unique, legal forms, districts and spheres taken from
schemas/reference/, Polish names with Polish letters (some with commas, so quoted). The same N
and seed always give the same bytes. `--columns` writes only those columns, in that order (the
same values as in the full file). Python 3 standard library only.
"""

import argparse
import csv
import datetime
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "schemas", "reference")

COLUMNS = ["code", "name", "short_name", "legal_form", "krs", "nip", "regon", "opp", "opp_since",
           "district", "address", "postal_code", "city", "email", "phone", "spheres", "founded_on", "status"]

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)

# Legal forms whose organizations are not in the KRS (DOMAIN.md: ordinary associations are in
# the city's own register).
NO_KRS = {"STOW_ZW", "KOSC", "CIS", "KIS", "WTZ", "ZAZ"}

KIND_BY_FORM = {
    "STOW": "Stowarzyszenie", "STOW_ZW": "Stowarzyszenie Zwykłe", "FUND": "Fundacja",
    "KLUB_SP": "Uczniowski Klub Sportowy", "KGW": "Koło Gospodyń Wiejskich", "KOSC": "Parafia",
    "STOW_JST": "Związek", "SPOLDZ_SOC": "Spółdzielnia Socjalna", "SPOLDZ_PRACY": "Spółdzielnia Pracy",
    "SPOLDZ_INW": "Spółdzielnia Inwalidów", "SPZOO_NP": "Spółka Non-Profit", "SA_NP": "Spółka Akcyjna Non-Profit",
    "CIS": "Centrum Integracji Społecznej", "KIS": "Klub Integracji Społecznej",
    "WTZ": "Warsztat Terapii Zajęciowej", "ZAZ": "Zakład Aktywności Zawodowej",
}
PURPOSES = ["Przyjaciół", "Pomocy", "Na Rzecz Rozwoju", "Wspierania", "Ochrony", "Miłośników", "Edukacji",
            "Integracji", "Rozwoju Kultury", "Aktywności Seniorów"]
SUBJECTS = ["Żoliborza", "Dzieci i Młodzieży", "Zwierząt", "Osób Niepełnosprawnych", "Łąk i Ogrodów",
            "Sąsiedztwa", "Kultury Żydowskiej", "Wiślanych Plaż", "Seniorów", "Rodzin Zastępczych",
            "Bezdomnych", "Ptaków Mazowsza", "Teatru Ulicznego", "Szachów", "Młodych Sąsiadów",
            "Książki", "Ćwiczeń Oddechowych", "Źródeł Historii", "Pięknej Pragi", "Zdrowia Psychicznego"]
PATRONS = ["im. Marii Skłodowskiej-Curie", "im. Janusza Korczaka", "„Źródło”", "„Ośla Łączka”",
           "„Żółty Żagiel”", "im. Ireny Sendlerowej", "„Śpiewający Dąb”", "„Gęśla”", ""]
STREETS = ["Marszałkowska", "Świętokrzyska", "Żelazna", "Grójecka", "Puławska", "Grochowska",
           "Wałbrzyska", "Łucka", "Słowackiego", "Ząbkowska", "Chłodna", "Jagiellońska", "Kondratowicza",
           "Górczewska", "Połczyńska", "Bełska", "Śniadeckich", "Mińska", "Złota", "Żytnia"]
STATUSES = ["active"] * 90 + ["suspended"] * 4 + ["closed"] * 6


def reference_column(file_name, column):
    with open(os.path.join(REFERENCE, file_name), newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f)]


def nip_check(first_nine):
    return sum(int(d) * w for d, w in zip(first_nine, NIP_WEIGHTS)) % 11


def regon9(rng):
    first = f"{rng.randrange(10**7, 10**8):08d}"
    return first + str(sum(int(d) * w for d, w in zip(first, REGON9_WEIGHTS)) % 11 % 10)


def unique_nips(rng, count):
    """`count` distinct valid NIPs: distinct 9-digit prefixes whose check digit is not 10."""
    nips, seen = [], set()
    while len(nips) < count:
        prefix = f"{rng.randrange(10**8, 10**9):09d}"
        check = nip_check(prefix)
        if check == 10 or prefix in seen:
            continue
        seen.add(prefix)
        nips.append(prefix + str(check))
    return nips


def date_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", nargs="?", default="-", help="the CSV file; - (default) for stdout")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--columns", help="a comma-separated subset of the columns (default: all)")
    args = parser.parse_args()
    columns = args.columns.split(",") if args.columns else COLUMNS
    unknown = [name for name in columns if name not in COLUMNS]
    if unknown:
        parser.error(f"unknown columns: {', '.join(unknown)}")
    picked = [COLUMNS.index(name) for name in columns]

    rng = random.Random(args.seed)
    forms = reference_column("legal_forms.csv", "code")
    # A district, not the whole-city pseudo-district.
    districts = [name for code, name in zip(reference_column("districts.csv", "code"),
                                            reference_column("districts.csv", "name")) if code != "CITY"]
    spheres = reference_column("spheres.csv", "code")

    n = args.count
    krs_numbers = iter(rng.sample(range(1, 10**7), n))  # 000xxxxxxx: the leading zeros matter
    nips = iter(unique_nips(rng, n))

    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    first_day, last_day = datetime.date(1989, 5, 1), datetime.date(2024, 6, 30)
    for i in range(1, n + 1):
        form = rng.choice(forms)
        kind = KIND_BY_FORM.get(form, "Organizacja")
        subject = rng.choice(SUBJECTS)
        district = rng.choice(districts)
        patron = rng.choice(PATRONS)
        name = f"{kind} {rng.choice(PURPOSES)} {subject}"
        if patron:
            name += f" {patron}"
        if rng.random() < 0.2:
            name += f", oddział {district}"  # a comma: the field is quoted
        name += f" nr {i}"
        short_name = "".join(word[0] for word in name.split() if word[0].isupper())[:8] + str(i) \
            if rng.random() < 0.7 else ""
        krs = next(krs_numbers)
        krs = "" if form in NO_KRS else f"{krs:010d}"
        founded = date_between(rng, first_day, last_day)
        opp = rng.random() < 0.15 and form in ("STOW", "FUND")
        opp_since = date_between(rng, max(founded, datetime.date(2004, 1, 1)), datetime.date(2024, 6, 30)) \
            if opp else None
        sphere_list = rng.sample(spheres, rng.randint(1, 3))
        row = [
            f"ORG{i:06d}",
            name,
            short_name,
            form,
            krs,
            next(nips),
            regon9(rng) if rng.random() < 0.9 else "",
            "true" if opp else "false",
            opp_since.isoformat() if opp_since else "",
            district,
            f"ul. {rng.choice(STREETS)} {rng.randint(1, 180)}" + (f"/{rng.randint(1, 60)}" if rng.random() < 0.6 else ""),
            f"0{rng.randint(0, 4)}-{rng.randint(0, 999):03d}",
            "Warszawa",
            f"biuro@org{i:06d}.org.pl" if rng.random() < 0.85 else "",
            f"+48 22 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}" if rng.random() < 0.7 else "",
            "|".join(sphere_list),
            founded.isoformat(),
            rng.choice(STATUSES),
        ]
        writer.writerow([row[index] for index in picked])
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
