#!/usr/bin/env python3
"""Expected results of `toro survey gaps KOMP-2026 --compare ies,jst` and `toro evaluate
summary EWAL-2026` on the demo data, computed independently of toro with NumPy and SciPy
from the demo CSV files. The end-to-end tests compare toro's JSON with these to 1e-6.

    /usr/bin/python3 tests/vectors/survey/make_demo_vectors.py   # needs python3-scipy
"""

import csv
import json
import math
import tomllib
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "examples" / "demo"
HERE = Path(__file__).resolve().parent

# The rated items of each area, in the instrument's order, read from the instrument itself.
with open(DEMO / "survey-komp-2026.toml", "rb") as instrument_file:
    _instrument = tomllib.load(instrument_file)
AREAS = {area["code"]: [item["code"] for item in _instrument["item"]
                        if item.get("area") == area["code"] and item.get("type", "likert") == "likert"]
         for area in _instrument["area"]}
LABELS = {"bardzo niski": 1, "niski": 2, "średni": 3, "wysoki": 4, "bardzo wysoki": 5}


def rating(text):
    text = (text or "").strip()
    if text in ("", "-") or text.lower() == "n/a":
        return math.nan
    return float(LABELS.get(text, text))


def survey_respondents():
    people = []
    for name, group in (("survey-ies.csv", None), ("survey-jst.csv", "jst")):
        with open(DEMO / name, encoding="utf-8") as file:
            for row in csv.DictReader(file):
                row = {key.replace("[", ".").replace("]", ""): value for key, value in row.items()}
                person = {"group": row.get("group") or group}
                for items in AREAS.values():
                    for item in items:
                        person[item] = (rating(row[f"{item}.current"]), rating(row[f"{item}.required"]))
                people.append(person)
    return people


def rank(entries, key):
    ordered = sorted((e for e in entries if e["mwds"] is not None), key=lambda e: (-e["mwds"], e[key]))
    for position, entry in enumerate(ordered, 1):
        entry["rank"] = position


def own_gap(person, items):
    gaps = [person[i][1] - person[i][0] for i in items if not any(map(math.isnan, person[i]))]
    return sum(gaps) / len(gaps) if gaps else math.nan


def cronbach(rows):
    matrix = np.array(rows)
    k = matrix.shape[1]
    return k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))


def gaps():
    people = survey_respondents()
    items = []
    for area, codes in AREAS.items():
        for code in codes:
            pairs = [p[code] for p in people if not any(map(math.isnan, p[code]))]
            current = np.mean([c for c, _ in pairs])
            required = np.mean([r for _, r in pairs])
            gap = np.mean([r - c for c, r in pairs])
            items.append({"item": code, "area": area, "n": len(pairs), "mean_current": current,
                          "mean_required": required, "mean_gap": gap, "mwds": required * gap, "rank": None})
    rank(items, "item")
    areas, compare = [], []
    for area, codes in AREAS.items():
        mine = [i for i in items if i["area"] == area]
        entry = {"area": area, "n": sum(1 for p in people if not math.isnan(own_gap(p, codes)))}
        for figure in ("mean_current", "mean_required", "mean_gap", "mwds"):
            entry[figure] = float(np.mean([i[figure] for i in mine]))
        entry["rank"] = None
        rows = [[p[c][0] for c in codes] for p in people if not any(math.isnan(p[c][0]) for c in codes)]
        entry["alpha"] = float(cronbach(rows))
        areas.append(entry)
        a = [g for p in people if p["group"] == "ies" and not math.isnan(g := own_gap(p, codes))]
        b = [g for p in people if p["group"] == "jst" and not math.isnan(g := own_gap(p, codes))]
        test = stats.mannwhitneyu(a, b, method="asymptotic")
        compare.append({"area": area, "group_a": "ies", "group_b": "jst", "n_a": len(a), "n_b": len(b),
                        "mean_a": float(np.mean(a)), "mean_b": float(np.mean(b)),
                        "difference": float(np.mean(a) - np.mean(b)), "u": float(test.statistic),
                        "p": float(test.pvalue)})
    rank(areas, "area")
    for item in items:
        for key, value in item.items():
            if isinstance(value, np.floating):
                item[key] = float(value)
    return {"survey": "KOMP-2026", "wave": None, "group": None, "items": items, "areas": areas, "compare": compare}


STUDY_ITEMS = {"relevance": ["rel1", "rel2"], "coherence": ["coh1"], "effectiveness": ["eff1", "eff2"],
               "efficiency": ["effi1"], "sustainability": ["sus1"], "utility": ["uti1", "uti2"],
               "satisfaction": ["sat1", "sat2"]}
GROUPS = ["users", "would_be_users", "officials"]


def summary():
    with open(DEMO / "study-responses.csv", encoding="utf-8") as file:
        people = list(csv.DictReader(file))
    result = {"study": "EWAL-2026", "criteria": [], "alpha": [], "kruskal": [], "pairwise": []}
    for criterion, codes in STUDY_ITEMS.items():
        scores = {}
        for group in GROUPS:
            values = []
            for p in people:
                answers = [float(p[c]) for c in codes if p[c].strip()]
                if p["group"] == group and answers:
                    values.append(sum(answers) / len(answers))
            scores[group] = values
            x = np.array(values)
            sd = x.std(ddof=1)
            low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=sd / math.sqrt(len(x)))
            result["criteria"].append({"criterion": criterion, "group": group, "n": len(values),
                                       "mean": float(x.mean()), "sd": float(sd), "ci_low": float(low),
                                       "ci_high": float(high), "median": float(np.median(x))})
        rows = [[float(p[c]) for c in codes] for p in people if all(p[c].strip() for c in codes)]
        result["alpha"].append({"criterion": criterion, "k": len(codes), "n": len(rows),
                                "alpha": float(cronbach(rows)) if len(codes) > 1 else None})
        h = stats.kruskal(*[scores[g] for g in GROUPS])
        result["kruskal"].append({"criterion": criterion, "h": float(h.statistic), "df": len(GROUPS) - 1,
                                  "p": float(h.pvalue)})
        pairs = [(a, b) for i, a in enumerate(GROUPS) for b in GROUPS[i + 1:]]
        tests = [stats.mannwhitneyu(scores[a], scores[b], method="asymptotic") for a, b in pairs]
        # Holm: sort ascending, multiply by (m - rank), cumulative max, cap at 1.
        order = sorted(range(len(tests)), key=lambda i: tests[i].pvalue)
        adjusted, running = [0.0] * len(tests), 0.0
        for position, index in enumerate(order):
            running = max(running, min(1.0, (len(tests) - position) * tests[index].pvalue))
            adjusted[index] = running
        for (a, b), test, p_holm in zip(pairs, tests, adjusted):
            result["pairwise"].append({"criterion": criterion, "group_a": a, "group_b": b,
                                       "u": float(test.statistic), "p": float(test.pvalue), "p_holm": p_holm})
    nps = [int(p["nps"]) for p in people if p["nps"].strip()]
    promoters = sum(1 for v in nps if v >= 9)
    passives = sum(1 for v in nps if 7 <= v <= 8)
    detractors = sum(1 for v in nps if v <= 6)
    result["nps"] = {"n": len(nps), "promoters": promoters, "passives": passives, "detractors": detractors,
                     "nps": (promoters - detractors) / len(nps) * 100}
    return result


if __name__ == "__main__":
    (HERE / "demo_gaps.json").write_text(json.dumps(gaps(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "demo_study.json").write_text(json.dumps(summary(), indent=1, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
