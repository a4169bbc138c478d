#!/usr/bin/env python3
"""Generate the demo city's survey and evaluation responses.

Python 3 standard library only; deterministic (fixed seed), so running it again writes
byte-identical files.

    python3 examples/demo/generate_survey.py

Writes
- survey-ies.csv: 40 organization staff answering KOMP-2026 (headers ITEM.current /
  ITEM.required, with a group column);
- survey-jst.csv: 40 city officials answering KOMP-2026 about the organizations, in the
  column style LimeSurvey exports arrays (ITEM[current]), without a group column (the
  import gives --group jst);
- study-responses.csv: the evaluation study EWAL-2026 answered by users, would-be users and
  officials.

The pattern the demo tells: both groups see the largest gaps in raising outside funds and
applying the law; officials judge the organizations' command of the law lower than the
organizations do themselves, while staff feel the funding gap more. Some answers are
missing (empty, N/A, -), never zero.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

AREAS = {
    "law": ["law1", "law2", "law3", "law4"],
    "funds": ["funds1", "funds2", "funds3", "funds4"],
    "development": ["dev1", "dev2", "dev3", "dev4"],
    "cooperation": ["coop1", "coop2", "coop3"],
}

# (mean current, mean required) per area and group.
LEVELS = {
    "ies": {"law": (3.0, 4.4), "funds": (2.4, 4.6), "development": (3.0, 4.0), "cooperation": (3.5, 4.0)},
    "jst": {"law": (2.3, 4.8), "funds": (2.8, 4.2), "development": (3.1, 3.9), "cooperation": (3.0, 4.3)},
}

ROLES = {"ies": ["prezes", "koordynator", "księgowa", "członek zarządu"],
         "jst": ["inspektor", "główny specjalista", "kierownik referatu"]}
DISTRICTS = ["Bemowo", "Mokotów", "Praga-Północ", "Praga-Południe", "Targówek", "Ursus", "Wola", "Śródmieście"]
NOTES = [
    "Szkolenia z rozliczania dotacji",
    "Jednego opiekuna w urzędzie",
    "Wcześniejszych informacji o konkursach",
    "Pomocy w znalezieniu wkładu własnego",
    "Prostszych wzorów sprawozdań",
    "",
]
MISSING = ["", "N/A", "-"]


def rating(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def survey_rows(rng: random.Random, group: str, count: int) -> list[dict[str, str]]:
    rows = []
    for number in range(1, count + 1):
        row = {"respondent": f"R-{group.upper()}-{number:03d}", "group": group,
               "org": f"ORG-{rng.randint(1, 32):03d}" if group == "ies" else "",
               "role": rng.choice(ROLES[group]), "district": rng.choice(DISTRICTS)}
        # Each respondent is more or less demanding than the group as a whole.
        lean = rng.gauss(0, 0.4)
        for area, items in AREAS.items():
            current, required = LEVELS[group][area]
            for item in items:
                row[f"{item}.current"] = str(rating(rng, current + lean))
                row[f"{item}.required"] = str(rating(rng, required))
                if rng.random() < 0.04:
                    row[f"{item}.current"] = rng.choice(MISSING)
                if rng.random() < 0.03:
                    row[f"{item}.required"] = rng.choice(MISSING)
        row["notes"] = rng.choice(NOTES)
        rows.append(row)
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_survey(rng: random.Random) -> None:
    items = [item for items in AREAS.values() for item in items]
    ies = survey_rows(rng, "ies", 40)
    header = ["respondent", "group", "org", "role", "district"]
    header += [f"{item}.{rating}" for item in items for rating in ("current", "required")] + ["notes"]
    write_csv(HERE / "survey-ies.csv", header, [[row[key] for key in header] for row in ies])

    jst = survey_rows(rng, "jst", 40)
    keys = ["respondent", "role", "district"] + [f"{item}.{rating}" for item in items
                                                 for rating in ("current", "required")] + ["notes"]
    lime = [key.replace(".current", "[current]").replace(".required", "[required]") for key in keys]
    write_csv(HERE / "survey-jst.csv", lime, [[row[key] for key in keys] for row in jst])


# Mean answer per criterion and group of the evaluation study.
STUDY = {
    "users": {"relevance": 4.2, "coherence": 3.6, "effectiveness": 3.9, "efficiency": 3.1,
              "sustainability": 3.4, "utility": 4.0, "satisfaction": 4.1, "nps": 8.2},
    "would_be_users": {"relevance": 3.7, "coherence": 3.2, "effectiveness": 3.0, "efficiency": 2.4,
                       "sustainability": 3.0, "utility": 2.6, "satisfaction": 2.9, "nps": 5.6},
    "officials": {"relevance": 4.0, "coherence": 3.9, "effectiveness": 3.7, "efficiency": 3.6,
                  "sustainability": 3.2, "utility": 3.5, "satisfaction": 3.8, "nps": 7.4},
}
STUDY_ITEMS = [("rel1", "relevance"), ("rel2", "relevance"), ("coh1", "coherence"),
               ("eff1", "effectiveness"), ("eff2", "effectiveness"), ("effi1", "efficiency"),
               ("sus1", "sustainability"), ("uti1", "utility"), ("uti2", "utility"),
               ("sat1", "satisfaction"), ("sat2", "satisfaction")]
BARRIERS = ["sprawozdawczość", "terminy", "brak informacji", "brak wkładu własnego", "nic"]
IMPROVE = {
    "users": ["Krótszy formularz raportu", "Przypomnienia SMS o terminie", "", "Eksport do Excela"],
    "would_be_users": ["Szkolenie dla nowych organizacji", "Informacja, jak zacząć", "Mniej dokumentów", ""],
    "officials": ["Automatyczne zestawienia do sprawozdania rocznego", "Integracja z EZD", ""],
}
STUDY_COUNTS = {"users": 26, "would_be_users": 16, "officials": 14}


def write_study(rng: random.Random) -> None:
    header = ["respondent", "group"] + [code for code, _ in STUDY_ITEMS] + ["nps", "barrier", "improve"]
    rows = []
    for group, count in STUDY_COUNTS.items():
        for number in range(1, count + 1):
            means = STUDY[group]
            row = [f"E-{group[:1].upper()}{number:03d}", group]
            # A respondent's general view colours every answer, and each criterion's a little
            # more, so that a criterion's items hang together.
            lean = rng.gauss(0, 0.5)
            leans = {criterion: lean + rng.gauss(0, 0.5) for criterion in means}
            for _, criterion in STUDY_ITEMS:
                value = rating(rng, means[criterion] + leans[criterion])
                row.append(str(value) if rng.random() > 0.03 else "")
            row.append(str(max(0, min(10, round(rng.gauss(means["nps"], 1.8))))))
            row.append(rng.choice(BARRIERS))
            row.append(rng.choice(IMPROVE[group]))
            rows.append(row)
    write_csv(HERE / "study-responses.csv", header, rows)


def main() -> None:
    rng = random.Random(20261127)
    write_survey(rng)
    write_study(rng)


if __name__ == "__main__":
    main()
