#!/usr/bin/env python3
"""Generate the demo city's monthly reports (examples/demo/reports*.csv, report_reviews.csv).

Python 3 standard library only; deterministic (fixed seed), so running it again writes
byte-identical files. It reads ventures.json and indicators.csv (written by generate.py) and
writes 24 months of reports, 2024-11 to 2026-10, as the city's office saw them on 2026-11-11:

    reports.csv              the long layout of `toro report import`
    report_reviews.csv       review actions to apply after the import, in order
    reports_resubmitted.csv  the corrected report that follows the one `return` in the reviews

After writing, the files are read back and checked (references to the demo data, venture
months, values, contiguous reports, the single outlier and the single overspent category).

    python3 examples/demo/generate_reports.py            # write and verify
    python3 examples/demo/generate_reports.py --check    # only verify the files as they are
    python3 examples/demo/generate_reports.py --summary  # also print what the files hold
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import random
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261111

AS_OF = dt.date(2026, 11, 11)        # the office's "today": use --as-of 2026-11-11
FIRST_PERIOD, LAST_PERIOD = "2024-11", "2026-10"
DEFAULT_REPORT_DAY = 10              # [reporting] report_day of the default configuration

COLUMNS = ["venture", "period", "indicator", "value", "category", "amount", "submitted_on", "note"]
REVIEW_COLUMNS = ["venture", "period", "action", "reason", "on"]

# The terminated venture reported until February 2026, then its work stopped.
TERMINATED_LAST_PERIOD = "2026-02"
TERMINATED_NOTE = "Od marca działania wstrzymane: odeszła cała kadra warsztatów"

# A few ventures clearly behind their targets; the rest end near them, some ahead.
BEHIND = {"V-2025-010", "V-2025-016", "V-2025-019", "V-2025-026"}

# The one outlier: a coordinator entered the year-to-date count instead of the month's.
OUTLIER = ("V-2026-001", "participants", "2026-08")
OUTLIER_NOTE = "Uczestnicy narastająco od stycznia"

# The one overspent budget line: food for the meals cost ~30 % more than planned.
OVERSPENT = ("V-2025-002", "materials")
OVERSPEND = Decimal("1.30")          # cumulative spending / plan by the last reported month
OVERSPENT_NOTE = "Wzrost cen żywności: więcej wydatków na produkty do posiłków"

# The one returned report: submitted without its materials spending, returned, resubmitted.
RETURNED = ("V-2025-008", "2026-09", "materials")
RETURNED_SUBMITTED_ON = "2026-10-07"
RETURN_ON = "2026-10-13"
RETURN_REASON = "Brak danych o wydatkach na materiały"
RESUBMIT_ON = "2026-10-16"
RESUBMIT_NOTE = "Uzupełniono wydatki na materiały (faktura z 30.09)"

# Reports of these months are accepted by the office (report_reviews.csv).
ACCEPTED_PERIODS = ("2026-06", "2026-07")

# Shares of the expected reports (up to 2026-09) that are missing or late; the last month
# has its own share of reports not yet submitted on 2026-11-11.
MISSING_SHARE, LATE_SHARE, NOT_YET_IN_LAST_MONTH = 0.03, 0.10, 4

NOTES = [  # (month or None, note): a few short remarks organizations add to their reports
    ("08", "Przerwa wakacyjna: dwa tygodnie bez zajęć"),
    (None, "Zajęcia odwołane z powodu choroby prowadzącej"),
    (None, "Nowa osoba prowadząca od połowy miesiąca"),
    (None, "Faktura za usługi przesunięta na kolejny miesiąc"),
    ("12", "Spotkanie świąteczne dla uczestników i rodzin"),
    (None, "Dwa spotkania przeniesione na przyszły miesiąc"),
    (None, "Rekrutacja uzupełniająca po rezygnacjach"),
]


# ---------------------------------------------------------------------------------------------
# Months and dates

def period_index(period: str) -> int:
    y, m = map(int, period.split("-"))
    return y * 12 + m - 1


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def periods(first: str, last: str) -> list[str]:
    return [period_of(i) for i in range(period_index(first), period_index(last) + 1)]


def in_next_month(period: str, day: int) -> dt.date:
    """That day of the month after `period` (clamped to the month's end)."""
    y, m = divmod(period_index(period) + 1, 12)
    return dt.date(y, m + 1, min(day, calendar.monthrange(y, m + 1)[1]))


def due_on(period: str, report_day: int) -> dt.date:
    """A report for `period` is due on day `report_day` of the following month."""
    return in_next_month(period, report_day)


def money(grosze: int) -> str:
    return f"{grosze // 100}.{grosze % 100:02d}"


def grosze(value) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


# ---------------------------------------------------------------------------------------------
# Demo data

def load_ventures() -> list[dict]:
    return json.loads((HERE / "ventures.json").read_text(encoding="utf-8"), parse_float=Decimal)


def load_indicators() -> dict[str, dict]:
    with (HERE / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def report_day(venture: dict) -> int:
    return venture["report_day"] or DEFAULT_REPORT_DAY


def reporting_months(venture: dict) -> list[str]:
    """The months in FIRST_PERIOD..LAST_PERIOD for which the venture reports (or should)."""
    if venture["status"] in ("active", "completed"):
        last = venture["ends"]
    elif venture["status"] == "terminated":
        last = TERMINATED_LAST_PERIOD
    else:
        return []
    first = max(venture["starts"], FIRST_PERIOD)
    return periods(first, min(last, LAST_PERIOD)) if first <= min(last, LAST_PERIOD) else []


# ---------------------------------------------------------------------------------------------
# Trajectories

def season(period: str, months: int) -> float:
    if months <= 3:                      # small grants: no seasons
        return 1.0
    return {"07": 0.85, "08": 0.8, "12": 0.9, "01": 0.95}.get(period[5:], 1.0)


def spread(total: int, weights: list[float]) -> list[int]:
    """Whole parts of `total` in proportion to `weights`, by rounding the running sum."""
    s = sum(weights)
    out, before, run = [], 0, 0.0
    for w in weights:
        run += w
        now = round(total * run / s) if s else 0
        out.append(now - before)
        before = now
    return out


def indicator_series(rng: random.Random, target: dict, aggregation: str, achievement: float,
                     months: list[str]) -> list[int]:
    """Monthly values over all the venture's months whose aggregate ends at
    baseline + (target - baseline) * achievement."""
    n = len(months)
    baseline, goal = target["baseline"], target["target"]
    final = max(0, round(baseline + (goal - baseline) * achievement))
    if aggregation == "sum":
        weights = [season(p, n) * rng.uniform(0.85, 1.15) for p in months]
        return spread(final, weights)
    if aggregation == "last":            # a month-end count that grows over the venture
        out = []
        for k in range(1, n + 1):
            noise = 1.0 if k == n else rng.uniform(0.93, 1.07)
            out.append(max(0, round(final * (k / n) ** 0.8 * noise)))
        return out
    # max: the number engaged in the month, from the baseline up to the final figure
    out = []
    for k in range(1, n + 1):
        level = baseline + (final - baseline) * (k / n) ** 0.6
        out.append(max(0, min(final, round(level + (0 if k == n else rng.uniform(-1.0, 0.6))))))
    return out


def spending_series(rng: random.Random, category: str, planned: int, share: float,
                    months: list[str]) -> list[int]:
    """Monthly spending in grosze over all the venture's months, summing to planned * share."""
    n = len(months)
    if category == "equipment" and n > 3:          # bought at the start, small items later
        weights = [3.0, 2.0] + [0.3 * rng.uniform(0.5, 1.5) for _ in months[2:]]
    elif category == "rent":                        # the same rent every month
        weights = [1.0] * n
    else:
        weights = [season(p, n) * rng.uniform(0.8, 1.2) for p in months]
    return spread(round(planned * share), weights)


# ---------------------------------------------------------------------------------------------
# Building the reports

def build(rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    ventures = load_ventures()
    indicators = load_indicators()
    by_code = {v["code"]: v for v in ventures}
    for code in (OUTLIER[0], OVERSPENT[0], RETURNED[0], *BEHIND):
        assert code in by_code, code

    # 1. Which reports exist and when they came in.
    expected = [(v["code"], p) for v in ventures for p in reporting_months(v)]
    specials = {(OUTLIER[0], OUTLIER[2]), (RETURNED[0], RETURNED[1])}
    before_last = [k for k in expected if k[1] < LAST_PERIOD and k not in specials]
    # long ventures may miss a month; the outlier's venture reports every month of its year
    pool = [k for k in before_last if len(reporting_months(by_code[k[0]])) > 3 and k[0] != OUTLIER[0]]
    missing = set(rng.sample(pool, round(MISSING_SHARE * len(expected))))
    received = [k for k in before_last if k not in missing]
    late = set(rng.sample(received, round(LATE_SHARE * (len(received) + len(specials)))))
    last_month = sorted(k for k in expected if k[1] == LAST_PERIOD)
    # on 2026-11-11 a few reports for October are overdue; V-2025-022 (due on the 20th) is not
    # due yet and not in, V-2025-003 (due on the 15th) came in early
    not_yet = set(rng.sample([k for k in last_month if report_day(by_code[k[0]]) == DEFAULT_REPORT_DAY],
                             NOT_YET_IN_LAST_MONTH))
    not_yet.add(("V-2025-022", LAST_PERIOD))

    submitted: dict[tuple, dt.date] = {}
    for key in expected:
        if key in missing or key in not_yet:
            continue
        venture, period = key
        day = report_day(by_code[venture])
        if key in late:
            d = rng.randint(day + 1, max(25, day + 8))
        elif key[1] == LAST_PERIOD:
            d = rng.randint(2, min(day, AS_OF.day - 2))
        else:
            d = rng.choices(range(2, day + 1), weights=[1 + 2 * i for i in range(day - 1)])[0]
        submitted[key] = in_next_month(period, d)
    submitted[(RETURNED[0], RETURNED[1])] = dt.date.fromisoformat(RETURNED_SUBMITTED_ON)

    # 2. How each venture performs: achievement of its targets at its end.
    achievement: dict[str, float] = {}
    for v in ventures:
        if v["code"] in BEHIND:
            achievement[v["code"]] = rng.uniform(0.5, 0.65)
        elif rng.random() < 0.25:
            achievement[v["code"]] = rng.uniform(1.08, 1.25)    # ahead
        else:
            achievement[v["code"]] = rng.uniform(1.0, 1.07)     # on track

    # 3. Values and spending month by month; only received months are written.
    notes_left = list(NOTES)
    reports: list[dict] = []
    resubmitted: list[dict] = []
    for v in ventures:
        code = v["code"]
        if not reporting_months(v):
            continue
        months = periods(v["starts"], v["ends"])
        shown = [p for p in months if (code, p) in submitted]
        values = {}
        for t in v["targets"]:
            agg = indicators[t["indicator"]]["aggregation"]
            a = achievement[code] * rng.uniform(0.96, 1.04)
            # drawn again until no reported value stands out: the outlier below is the only one
            for _ in range(1000):
                series = dict(zip(months, indicator_series(rng, t, agg, a, months)))
                if not modified_z_flags([(p, series[p]) for p in shown]):
                    break
            else:
                raise RuntimeError(f"{code} {t['indicator']}: no series without outliers")
            values[t["indicator"]] = series
        spending = {}
        for b in v["budget"]:
            planned = grosze(b["planned"])
            if (code, b["category"]) == OVERSPENT:
                # rising food prices: spending grows from the autumn of 2025; scaled so that the
                # months reported up to 2026-10 add up to OVERSPEND x the plan
                weights = [season(p, len(months)) * rng.uniform(0.85, 1.15)
                           * (1.0 + 0.05 * max(0, period_index(p) - period_index("2025-08"))) for p in months]
                reported = [w for p, w in zip(months, weights) if p in shown]
                total = round(planned * OVERSPEND * Decimal(sum(weights) / sum(reported)))
                spending[b["category"]] = dict(zip(months, spread(total, weights)))
            else:
                share = rng.uniform(0.85, 1.0)
                spending[b["category"]] = dict(zip(months, spending_series(rng, b["category"], planned, share,
                                                                           months)))
        # the outlier: the year-to-date count typed in place of the month's
        ind, at = OUTLIER[1], OUTLIER[2]
        if code == OUTLIER[0]:
            ytd = [p for p in months if p[:4] == at[:4] and p <= at and (code, p) in submitted]
            values[ind][at] = sum(values[ind][p] for p in ytd)

        for p in shown:
            key = (code, p)
            note = ""
            if code == OUTLIER[0] and p == OUTLIER[2]:
                note = OUTLIER_NOTE
            elif code == OVERSPENT[0] and p in ("2025-11", "2026-03"):
                note = OVERSPENT_NOTE
            elif v["status"] == "terminated" and p == TERMINATED_LAST_PERIOD:
                note = TERMINATED_NOTE
            elif key not in specials and p < LAST_PERIOD and len(months) > 3 and rng.random() < 0.03:
                fits = [n for n in notes_left if n[0] is None or n[0] == p[5:]]
                if fits:
                    choice = fits[0]
                    notes_left.remove(choice)
                    note = choice[1]
            rows = []
            for t in v["targets"]:
                rows.append({"venture": code, "period": p, "indicator": t["indicator"],
                             "value": str(values[t["indicator"]][p])})
            for b in v["budget"]:
                rows.append({"venture": code, "period": p, "category": b["category"],
                             "amount": money(spending[b["category"]][p])})
            for r in rows:
                r["submitted_on"] = submitted[key].isoformat()
            rows[0]["note"] = note
            if key == (RETURNED[0], RETURNED[1]):
                fixed = [dict(r) for r in rows]
                for r in fixed:
                    r["submitted_on"] = RESUBMIT_ON
                fixed[0]["note"] = RESUBMIT_NOTE
                resubmitted.extend(fixed)
                rows = [r for r in rows if r.get("category") != RETURNED[2]]
            reports.extend(rows)
    reports.sort(key=lambda r: (r["period"], r["venture"]))  # stable: a report's rows stay in order

    # 4. The office's reviews: accepted months, then the return and the resubmission.
    reviews = []
    for key in sorted(submitted, key=lambda k: (submitted[k], k)):
        if key[1] in ACCEPTED_PERIODS:
            on = submitted[key] + dt.timedelta(days=rng.randint(2, 9))
            while on.weekday() >= 5:
                on += dt.timedelta(days=1)
            reviews.append({"venture": key[0], "period": key[1], "action": "accept", "reason": "",
                            "on": on.isoformat()})
    reviews.sort(key=lambda r: (r["on"], r["period"], r["venture"]))
    reviews.append({"venture": RETURNED[0], "period": RETURNED[1], "action": "return",
                    "reason": RETURN_REASON, "on": RETURN_ON})
    reviews.append({"venture": RETURNED[0], "period": RETURNED[1], "action": "resubmit",
                    "reason": "", "on": RESUBMIT_ON})
    return reports, reviews, resubmitted


# ---------------------------------------------------------------------------------------------
# Writing

def write_csv(name: str, columns: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c) or "" for c in columns})
    (HERE / name).write_text(buf.getvalue(), encoding="utf-8", newline="")


def generate() -> None:
    rng = random.Random(SEED)
    reports, reviews, resubmitted = build(rng)
    write_csv("reports.csv", COLUMNS, reports)
    write_csv("report_reviews.csv", REVIEW_COLUMNS, reviews)
    write_csv("reports_resubmitted.csv", COLUMNS, resubmitted)


# ---------------------------------------------------------------------------------------------
# Verification: read the files back as an importer would

def read_csv(name: str) -> tuple[list[str], list[dict]]:
    with (HERE / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def group_reports(rows: list[dict], check) -> dict[tuple, dict]:
    """Reports by (venture, period), checking that each one's rows stand together."""
    out: dict[tuple, dict] = {}
    current = None
    for line, r in enumerate(rows, 2):
        key = (r["venture"], r["period"])
        if key != current:
            check(key not in out, f"line {line}: rows of {key} do not stand together")
            out[key] = {"line": line, "values": {}, "spending": {}, "submitted_on": set(), "notes": [],
                        "kinds": []}
            current = key
        rep = out[key]
        is_ind = bool(r["indicator"]) and bool(r["value"]) and not r["category"] and not r["amount"]
        is_spend = bool(r["category"]) and bool(r["amount"]) and not r["indicator"] and not r["value"]
        check(is_ind != is_spend, f"line {line}: neither an indicator row nor a spending row")
        rep["kinds"].append("i" if is_ind else "s")
        if is_ind:
            check(r["indicator"] not in rep["values"], f"line {line}: indicator twice in a report")
            rep["values"][r["indicator"]] = r["value"]
        elif is_spend:
            check(r["category"] not in rep["spending"], f"line {line}: category twice in a report")
            rep["spending"][r["category"]] = r["amount"]
        rep["submitted_on"].add(r["submitted_on"])
        if r["note"]:
            rep["notes"].append(r["note"])
    for key, rep in out.items():
        check("".join(rep["kinds"]) == "".join(sorted(rep["kinds"])), f"{key}: indicator rows come first")
        check(len(rep["submitted_on"]) == 1, f"{key}: one submitted_on per report")
        check(len(rep["notes"]) <= 1, f"{key}: at most one note")
    return out


def modified_z_flags(series: list[tuple[str, float]]) -> set[str]:
    """Periods whose value is flagged against the venture's values up to some month (PRODUCT.md
    §12: |0.6745 (x - median) / MAD| > 3.5, never when MAD = 0), over every prefix."""
    flagged = set()
    for end in range(1, len(series) + 1):
        xs = [x for _, x in series[:end]]
        med = median(xs)
        mad = median([abs(x - med) for x in xs])
        if mad == 0:
            continue
        for p, x in series[:end]:
            if abs(0.6745 * (x - med) / mad) > 3.5:
                flagged.add(p)
    return flagged


def number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def verify(summary: bool = False) -> list[str]:
    problems: list[str] = []

    def check(cond: bool, message: str) -> None:
        if not cond:
            problems.append(message)

    ventures = {v["code"]: v for v in load_ventures()}
    indicators = load_indicators()

    def is_money(s: str) -> bool:
        head, _, tail = s.partition(".")
        return head.isdigit() and len(tail) == 2 and tail.isdigit()

    def check_reports(name: str) -> dict[tuple, dict]:
        cols, rows = read_csv(name)
        check(cols == COLUMNS, f"{name}: columns {cols}")
        reps = group_reports(rows, lambda c, m: check(c, f"{name}: {m}"))
        for (code, period), rep in reps.items():
            where = f"{name}: {code} {period}"
            v = ventures.get(code)
            check(v is not None, f"{where}: no such venture")
            if v is None:
                continue
            check(v["status"] != "planned", f"{where}: a planned venture reports")
            check(v["starts"] <= period <= v["ends"], f"{where}: outside the venture's months")
            check(FIRST_PERIOD <= period <= LAST_PERIOD, f"{where}: outside {FIRST_PERIOD}..{LAST_PERIOD}")
            if v["status"] == "terminated":
                check(period <= TERMINATED_LAST_PERIOD, f"{where}: after the terminated venture stopped")
            targets = {t["indicator"] for t in v["targets"]}
            check(set(rep["values"]) == targets, f"{where}: indicators {sorted(rep['values'])} != targets")
            for ind, value in rep["values"].items():
                check(ind in indicators, f"{where}: no indicator {ind}")
                try:
                    x = float(value)
                except ValueError:
                    check(False, f"{where}: {ind} value {value!r}")
                    continue
                check(x >= 0, f"{where}: {ind} negative")
                if ind in indicators and indicators[ind]["unit"] in ("persons", "hours"):
                    check(value.isdigit(), f"{where}: {ind} not a whole number: {value}")
            cats = {b["category"] for b in v["budget"]}
            check(set(rep["spending"]) <= cats, f"{where}: categories {sorted(rep['spending'])} not in the budget")
            for cat, amount in rep["spending"].items():
                check(is_money(amount), f"{where}: amount {amount!r}")
            sub = min(rep["submitted_on"] or {""})
            try:
                day = dt.date.fromisoformat(sub)
            except ValueError:
                check(False, f"{where}: submitted_on {sub!r}")
                continue
            check(dt.date.fromisoformat(period + "-01") < day.replace(day=1) and day <= AS_OF,
                  f"{where}: submitted on {sub}, not after the month or after {AS_OF}")
            rep["submitted"] = day
        return reps

    reps = check_reports("reports.csv")
    fixed = check_reports("reports_resubmitted.csv")

    # every report has all of its budget lines, but the returned one lacks its materials
    returned = (RETURNED[0], RETURNED[1])
    for key, rep in reps.items():
        cats = {b["category"] for b in ventures[key[0]]["budget"]} if key[0] in ventures else set()
        missing_cats = cats - set(rep["spending"])
        check(missing_cats == ({RETURNED[2]} if key == returned else set()),
              f"reports.csv: {key} spending lacks {sorted(missing_cats)}")
    check(list(fixed) == [returned], f"reports_resubmitted.csv: only {returned}")
    if returned in fixed and returned in reps:
        check(set(fixed[returned]["spending"]) - set(reps[returned]["spending"]) == {RETURNED[2]},
              "reports_resubmitted.csv: adds the missing category")
        check(fixed[returned]["values"] == reps[returned]["values"], "reports_resubmitted.csv: same values")
        check(fixed[returned]["submitted"] > reps[returned]["submitted"], "resubmitted later")

    # reviews
    cols, reviews = read_csv("report_reviews.csv")
    check(cols == REVIEW_COLUMNS, f"report_reviews.csv: columns {cols}")
    ons = [r["on"] for r in reviews]
    check(ons == sorted(ons), "report_reviews.csv: in date order")
    for r in reviews:
        key = (r["venture"], r["period"])
        check(key in reps, f"report_reviews.csv: no report {key}")
        check(r["action"] in ("accept", "return", "resubmit"), f"report_reviews.csv: action {r['action']}")
        check(r["on"] <= AS_OF.isoformat(), f"report_reviews.csv: {key} after {AS_OF}")
        if key in reps and r["action"] in ("accept", "return"):
            check(dt.date.fromisoformat(r["on"]) >= reps[key]["submitted"], f"reviewed before submitted: {key}")
        check((r["action"] == "return") == bool(r["reason"]), f"report_reviews.csv: reason of {key}")
        check(not any(c in x for x in r.values() for c in ',"\n'), f"report_reviews.csv: {key} needs no quoting")
    actions = [(r["action"], r["venture"], r["period"]) for r in reviews]
    check(actions[-2:] == [("return", *returned), ("resubmit", *returned)], "return, then resubmit last")
    check(reviews[-1]["on"] == min(fixed.get(returned, {}).get("submitted_on", {""})), "resubmit on its date")
    accepted = [a for a in actions if a[0] == "accept"]
    check(len(set(accepted)) == len(accepted), "report_reviews.csv: accepted twice")

    # the final state of the reports: the resubmission replaces the returned one
    final = dict(reps)
    final.update(fixed)

    # exactly one outlier by the rule of PRODUCT.md §12
    flagged = set()
    for code, v in ventures.items():
        keys = sorted(k for k in final if k[0] == code)
        for t in v["targets"]:
            series = [(k[1], number(final[k]["values"].get(t["indicator"]))) for k in keys]
            series = [(p, x) for p, x in series if x is not None]
            flagged |= {(code, t["indicator"], p) for p in modified_z_flags(series)}
    check(flagged == {OUTLIER}, f"outliers {sorted(flagged)} != {OUTLIER}")
    usual = 0.0
    if (OUTLIER[0], OUTLIER[2]) in final:
        usual = median([number(final[k]["values"].get(OUTLIER[1])) or 0.0 for k in final
                        if k[0] == OUTLIER[0] and k[1] != OUTLIER[2]])
        ratio = (number(final[(OUTLIER[0], OUTLIER[2])]["values"].get(OUTLIER[1])) or 0.0) / (usual or 1.0)
        check(6 <= ratio <= 10, f"outlier is {ratio:.1f}x the usual value")

    # exactly one category overspent (cumulative above plan x 1.1 in some month)
    overspent, ratios = set(), {}
    for code, v in ventures.items():
        keys = sorted(k for k in final if k[0] == code)
        for b in v["budget"]:
            planned, cum = grosze(b["planned"]), 0
            for k in keys:
                amount = final[k]["spending"].get(b["category"], "0")
                cum += grosze(amount) if is_money(amount) else 0
                if cum > planned * 1.1:
                    overspent.add((code, b["category"]))
            ratios[(code, b["category"])] = cum / planned
    check(overspent == {OVERSPENT}, f"overspent {sorted(overspent)} != {OVERSPENT}")
    check(abs(ratios.get(OVERSPENT, 0) - float(OVERSPEND)) < 0.02, f"overspend {ratios.get(OVERSPENT)}")

    # expected reports, missing and late ones
    expected = [(c, p) for c, v in ventures.items() if v["status"] in ("active", "completed")
                for p in periods(max(v["starts"], FIRST_PERIOD), min(v["ends"], LAST_PERIOD))
                if v["starts"] <= p <= v["ends"]]
    missing = [k for k in expected if k not in reps and k[1] < LAST_PERIOD]
    not_yet = [k for k in expected if k not in reps and k[1] == LAST_PERIOD]
    late = [k for k, r in reps.items() if r["submitted"] > due_on(k[1], report_day(ventures[k[0]]))]
    check(0.02 <= len(missing) / len(expected) <= 0.04, f"{len(missing)} missing of {len(expected)}")
    check(0.07 <= len(late) / len(reps) <= 0.13, f"{len(late)} late of {len(reps)}")
    check(3 <= len(not_yet) <= 8, f"{len(not_yet)} not yet submitted for {LAST_PERIOD}")
    check(30 <= len(accepted) <= 50, f"{len(accepted)} accepted")

    if summary:
        _, rows = read_csv("reports.csv")
        notes = sorted({n for r in reps.values() for n in r["notes"]})
        print(f"reports.csv: {len(reps)} reports, {len(rows)} rows "
              f"({sum(bool(r['indicator']) for r in rows)} indicator, {sum(bool(r['category']) for r in rows)} spending), "
              f"periods {min(k[1] for k in reps)}..{max(k[1] for k in reps)}")
        print(f"expected {len(expected)}; missing {len(missing)}: {sorted(missing)}")
        print(f"not yet in for {LAST_PERIOD} on {AS_OF}: {sorted(not_yet)}")
        print(f"late {len(late)} of {len(reps)}")
        print(f"outlier {OUTLIER}: {final[(OUTLIER[0], OUTLIER[2])]['values'][OUTLIER[1]]}, usual {usual}")
        print(f"overspent {OVERSPENT}: {ratios[OVERSPENT]:.3f} of plan")
        print(f"reviews: {len(accepted)} accept, then return and resubmit of {returned}")
        print(f"notes: {notes}")
        for code, v in ventures.items():
            keys = sorted(k for k in final if k[0] == code)
            if not keys:
                continue
            months = len(periods(v["starts"], v["ends"]))
            elapsed = len(periods(v["starts"], keys[-1][1]))
            parts = []
            for t in v["targets"]:
                xs = [number(final[k]["values"].get(t["indicator"])) or 0.0 for k in keys]
                agg = indicators[t["indicator"]]["aggregation"]
                actual = sum(xs) if agg == "sum" else xs[-1] if agg == "last" else max(xs)
                ach = (actual - t["baseline"]) / (t["target"] - t["baseline"])
                parts.append(f"{t['indicator']} {actual:g}/{t['target']} ({ach:.2f})")
            print(f"  {code} {v['status']:<10} to {keys[-1][1]} pace {min(1, elapsed / months):.2f}: "
                  + ", ".join(parts))
    return problems


def main() -> int:
    if "--check" not in sys.argv[1:]:
        generate()
    problems = verify(summary="--summary" in sys.argv[1:])
    for p in problems:
        print(f"generate_reports.py: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
