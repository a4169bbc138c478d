#!/usr/bin/env python3
"""Writes a synthetic register and monthly reports for the report benchmarks.

    python3 tests/bench/gen_reports.py register DIR --ventures N [options]
    python3 tests/bench/gen_reports.py long OUT.csv --rows N --ventures N [options]

`register` writes DIR/programs.csv (one open call a year), DIR/indicators.csv (five
indicators: sums, a maximum and two `last` values, one of them lower-is-better) and
DIR/ventures.json (ventures with their five targets and budget lines nested), for
`toro register import program|indicator|venture`. Organizations come from gen_orgs.py
(codes ORG000001…), given here only by their number (--orgs).

`long` writes a long-layout report file for `toro report import`: the columns venture, period,
indicator, value, submitted_on; the five rows of one report stand together; month by month
(every venture's first month, then every venture's second month, …) until --rows rows. The
same options as `register` give the same ventures, so the file fits that register.

Ventures: codes V0000001…; starts uniform over [--first, --last-start]; a length of
--min-months to --max-months (never past --last); status `completed` when they ended before
--now, else `active`. With --since P only the ventures starting in P or later are written
(the same ventures, with the same figures, as without it). The same arguments and seed always
give the same bytes. Python 3 standard library only.
"""

import argparse
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "schemas", "reference")

# code, name, name_en, unit, kind, aggregation, higher_is_better; (baseline, target) ranges.
INDICATORS = [
    ("participants", "Uczestnicy objęci wsparciem", "Participants supported", "persons", "output", "sum", "true"),
    ("support_hours", "Godziny wsparcia", "Hours of support", "hours", "output", "sum", "true"),
    ("volunteers", "Wolontariusze zaangażowani w działania", "Volunteers engaged", "persons", "output", "max", "true"),
    ("satisfaction", "Zadowolenie uczestników (skala 1–5)", "Participant satisfaction (1–5)", "points", "result",
     "last", "true"),
    ("waiting_days", "Średni czas oczekiwania na wsparcie", "Average wait for support", "days", "result", "last",
     "false"),
]
CATEGORIES = [("personnel", "grant", 0.6), ("services", "grant", 0.25), ("materials", "grant", 0.15)]
TITLES = ["Sąsiedzkie warsztaty", "Klub seniora", "Świetlica środowiskowa", "Pracownia pod Lipą",
          "Wakacje w mieście", "Żywa biblioteka", "Łączy nas Wisła", "Ogród społeczny", "Szkoła dla rodziców",
          "Zajęcia terapeutyczne", "Pomoc prawna na Pradze", "Gęsi i ludzie: edukacja przyrodnicza"]


def period_index(text):
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def period_text(index):
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def reference_column(file_name, column, skip=()):
    with open(os.path.join(REFERENCE, file_name), newline="", encoding="utf-8") as f:
        return [row[column] for row in csv.DictReader(f) if row.get("code") not in skip]


def ventures(args):
    """The ventures, in code order: dicts as written to ventures.json, plus `_start`/`_months`."""
    rng = random.Random(args.seed)
    spheres = reference_column("spheres.csv", "code")
    districts = reference_column("districts.csv", "name", skip=("CITY",))
    first, last_start, last = period_index(args.first), period_index(args.last_start), period_index(args.last)
    now = period_index(args.now)
    result = []
    for i in range(1, args.ventures + 1):
        start = rng.randint(first, last_start)
        months = min(rng.randint(args.min_months, args.max_months), last - start + 1)
        end = start + months - 1
        grant = rng.randrange(20_000, 400_000, 100)
        own = grant // 20
        venture = {
            "code": f"V{i:07d}",
            "org": f"ORG{rng.randint(1, args.orgs):06d}",
            "program": f"OK-{start // 12}",
            "title": f"{rng.choice(TITLES)} nr {i}",
            "sphere": rng.choice(spheres),
            "districts": rng.sample(districts, rng.randint(1, 2)),
            "starts": period_text(start),
            "ends": period_text(end),
            "status": "completed" if end < now else "active",
            "grant": f"{grant}.00",
            "own_funds": f"{own}.00",
            "targets": [],
            "budget": [],
        }
        for code, *_ in INDICATORS:
            if code == "satisfaction":
                baseline, target = 3, 4.5
            elif code == "waiting_days":
                baseline, target = rng.randint(20, 40), rng.randint(5, 15)
            elif code == "volunteers":
                baseline, target = 0, rng.randint(5, 30)
            else:
                baseline, target = 0, months * rng.randint(5, 40)
            venture["targets"].append({"indicator": code, "baseline": baseline, "target": target})
        for category, source, share in CATEGORIES:
            venture["budget"].append({"category": category, "source": source, "planned": f"{int(grant * share)}.00"})
        venture["_start"], venture["_months"] = start, months
        result.append(venture)
    if args.since:
        since = period_index(args.since)
        result = [venture for venture in result if venture["_start"] >= since]
    return result


def value(venture_number, month, indicator):
    """A deterministic figure for one venture, month and indicator."""
    h = (venture_number * 2654435761 + month * 40503 + indicator * 977) % 1000003
    if indicator == 3:  # satisfaction, 1-5 with one decimal
        return f"{3 + (h % 21) / 10:.1f}"
    if indicator == 4:  # waiting days
        return str(5 + h % 30)
    if indicator == 2:  # volunteers
        return str(h % 25)
    return str(1 + h % 60)


def write_register(args):
    os.makedirs(args.dir, exist_ok=True)
    items = ventures(args)
    years = sorted({venture["_start"] // 12 for venture in items})
    with open(os.path.join(args.dir, "programs.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "year", "mode", "form", "spheres", "budget", "opens_on", "closes_on"])
        for year in years:
            writer.writerow([f"OK-{year}", f"Otwarty konkurs ofert {year}: zadania publiczne miasta", year,
                             "open_call", "supporting", "", "900000000.00", f"{year - 1}-11-02", f"{year - 1}-12-01"])
    with open(os.path.join(args.dir, "indicators.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name", "name_en", "unit", "kind", "aggregation", "higher_is_better"])
        writer.writerows(INDICATORS)
    with open(os.path.join(args.dir, "ventures.json"), "w", encoding="utf-8") as f:
        f.write("[\n")
        for n, venture in enumerate(items):
            record = {key: value for key, value in venture.items() if not key.startswith("_")}
            f.write(("," if n else "") + json.dumps(record, ensure_ascii=False) + "\n")
        f.write("]\n")


def write_long(args):
    items = ventures(args)
    out = sys.stdout if args.output == "-" else open(args.output, "w", newline="", encoding="utf-8")
    out.write("venture,period,indicator,value,submitted_on\n")
    codes = [code for code, *_ in INDICATORS]
    rows = 0
    month = 0
    while rows < args.rows:
        wrote = False
        for venture in items:
            if month >= venture["_months"] or rows >= args.rows:
                continue
            wrote = True
            number = int(venture["code"][1:])
            period = venture["_start"] + month
            following = period + 1
            day = 2 + (number + month) % 17  # mostly by the 10th, some late
            submitted = f"{period_text(following)}-{day:02d}"
            prefix = f"{venture['code']},{period_text(period)},"
            lines = []
            for k, code in enumerate(codes):
                lines.append(f"{prefix}{code},{value(number, month, k)},{submitted}\n")
            out.write("".join(lines))
            rows += len(codes)
        if not wrote:
            sys.exit(f"gen_reports.py: the ventures have only {rows} report rows, fewer than --rows {args.rows}")
        month += 1
    if out is not sys.stdout:
        out.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("register", "long"):
        p = sub.add_parser(name)
        if name == "register":
            p.add_argument("dir")
        else:
            p.add_argument("output", help="the CSV file; - for stdout")
            p.add_argument("--rows", type=int, required=True)
        p.add_argument("--ventures", type=int, required=True)
        p.add_argument("--orgs", type=int, default=20000, help="organizations ORG000001… to draw from")
        p.add_argument("--first", default="2021-01", help="the earliest start (YYYY-MM)")
        p.add_argument("--last-start", default="2025-01", help="the latest start (YYYY-MM)")
        p.add_argument("--last", default="2026-12", help="no venture ends after this month")
        p.add_argument("--min-months", type=int, default=12)
        p.add_argument("--max-months", type=int, default=24)
        p.add_argument("--now", default="2027-01", help="ventures ending before this month are completed")
        p.add_argument("--since", help="only the ventures starting in this month or later")
        p.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.command == "register":
        write_register(args)
    else:
        write_long(args)


if __name__ == "__main__":
    main()
