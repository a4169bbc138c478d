#!/usr/bin/python3
"""Writes the reference figures of lib/stats (tests/vectors/stats/*.json) with SciPy.

Run with a Python that has SciPy 1.10 (Debian 12: /usr/bin/python3 with python3-scipy):

    /usr/bin/python3 tests/vectors/stats/make_vectors.py

The samples come from a fixed seed, so the files only change when this script does. In the
JSON a NaN figure is written null and an infinite one "inf" / "-inf". Where SciPy refuses the
data with an exception, the expected figures are null: toro returns NaN there
(docs/statistics.md lists those cases).
"""

import csv
import json
import math
import pathlib
import warnings

import numpy as np
import scipy
from scipy import stats

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]

warnings.simplefilter("ignore")  # SciPy warns about small samples and NaN results
rng = np.random.default_rng(20261127)


def number(value):
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def values(array):
    return [float(v) for v in array]


def likert(n, low=1, high=5):
    return values(rng.integers(low, high + 1, size=n))


def normal(n, loc=0.0, scale=1.0, digits=None):
    sample = rng.normal(loc, scale, size=n)
    return values(np.round(sample, digits) if digits is not None else sample)


def refused(call):
    """The result of call(), or None where SciPy raises on the data."""
    try:
        return call()
    except ValueError:
        return None


def write(name, cases):
    path = HERE / f"{name}.json"
    document = {"function": name, "scipy": scipy.__version__, "cases": cases}
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def describe_case(name, x, confidence=0.95):
    x = np.asarray(x, dtype=float)
    n = len(x)
    mean = np.mean(x) if n else math.nan
    sd = np.std(x, ddof=1) if n >= 2 else math.nan
    median = np.median(x) if n else math.nan
    if n >= 2:
        half = stats.t.ppf(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    else:
        low = high = math.nan
    return {"name": name, "x": values(x), "confidence": confidence, "n": n, "mean": number(mean),
            "variance": number(np.var(x, ddof=1) if n >= 2 else math.nan), "sd": number(sd),
            "median": number(median), "ci_low": number(low), "ci_high": number(high)}


def alpha_case(name, rows):
    data = np.asarray(rows, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] < 2:
        alpha = math.nan
    else:
        k = data.shape[1]
        total = np.var(data.sum(axis=1), ddof=1)
        alpha = math.nan if total == 0 else k / (k - 1) * (1 - np.var(data, axis=0, ddof=1).sum() / total)
    return {"name": name, "rows": [values(r) for r in rows], "alpha": number(alpha)}


def mann_whitney_case(name, a, b):
    result = refused(lambda: stats.mannwhitneyu(a, b, method="asymptotic"))
    u, p = (result.statistic, result.pvalue) if result is not None else (math.nan, math.nan)
    return {"name": name, "a": values(a), "b": values(b), "u": number(u), "p": number(p)}


def kruskal_case(name, groups):
    result = refused(lambda: stats.kruskal(*groups))
    h, p = (result.statistic, result.pvalue) if result is not None else (math.nan, math.nan)
    return {"name": name, "groups": [values(g) for g in groups], "h": number(h),
            "df": max(len(groups) - 1, 0), "p": number(p)}


def paired_t_case(name, a, b):
    result = stats.ttest_rel(a, b)
    return {"name": name, "a": values(a), "b": values(b), "t": number(result.statistic),
            "df": number(result.df), "p": number(result.pvalue)}


def wilcoxon_case(name, a, b):
    result = refused(lambda: stats.wilcoxon(a, b, zero_method="wilcox", correction=False, method="approx"))
    w, p = (result.statistic, result.pvalue) if result is not None else (math.nan, math.nan)
    return {"name": name, "a": values(a), "b": values(b), "w": number(w), "p": number(p)}


def holm_reference(p):
    """Holm's step-down adjustment (SciPy 1.10 has none): NaN stays NaN and is left out."""
    p = np.asarray(p, dtype=float)
    adjusted = np.full(len(p), math.nan)
    present = np.flatnonzero(~np.isnan(p))
    order = present[np.argsort(p[present], kind="stable")]
    m = len(order)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def holm_case(name, p):
    return {"name": name, "p": [number(v) for v in p], "adjusted": [number(v) for v in holm_reference(p)]}


def demo_training_cases():
    """ttest_rel and wilcoxon of post against pre for each training of the demo city, over the
    participants with both scores, with the figures of `toro evaluate training`."""
    trainings = {}
    with open(ROOT / "examples/demo/trainings.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            trainings[row["code"]] = float(row["max_score"])
    pre, post, satisfaction = {}, {}, {}
    with open(ROOT / "examples/demo/attendance.csv", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["pre_score"] == "" or row["post_score"] == "":
                continue
            code = row["training"]
            pre.setdefault(code, []).append(float(row["pre_score"]))
            post.setdefault(code, []).append(float(row["post_score"]))
            if row["satisfaction"] != "":
                satisfaction.setdefault(code, []).append(float(row["satisfaction"]))
    cases = []
    for code in sorted(pre):
        before, after = np.asarray(pre[code]), np.asarray(post[code])
        t = stats.ttest_rel(after, before)
        w = stats.wilcoxon(after, before, zero_method="wilcox", correction=False, method="approx")
        mean_pre, mean_post = before.mean(), after.mean()
        cases.append({"name": f"demo {code}", "training": code, "n": len(before), "pre": values(before),
                      "post": values(after), "max_score": trainings[code], "mean_pre": mean_pre,
                      "mean_post": mean_post, "mean_gain": float((after - before).mean()),
                      "normalized_gain": (mean_post - mean_pre) / (trainings[code] - mean_pre),
                      "t": number(t.statistic), "df": number(t.df), "p_t": number(t.pvalue),
                      "w": number(w.statistic), "p_wilcoxon": number(w.pvalue),
                      "mean_satisfaction": float(np.mean(satisfaction[code]))})
    return cases


def main():
    write("describe", [
        describe_case("five values", [2, 4, 4, 5, 9]),
        describe_case("even count", [3.5, 1.25, 8.0, 2.0]),
        describe_case("likert 30", likert(30)),
        describe_case("likert 30 at 90 %", likert(30), 0.90),
        describe_case("normal 1000", normal(1000, 50, 12)),
        describe_case("large offset", [1e9 + v for v in (4, 7, 13, 16)]),
        describe_case("two values", [1, 2]),
        describe_case("all equal", [3, 3, 3, 3]),
        describe_case("one value", [7]),
        describe_case("no values", []),
    ])

    items = rng.integers(1, 6, size=(40, 1)) + rng.integers(-1, 2, size=(40, 5))
    write("cronbach_alpha", [
        alpha_case("three items", [[1, 2, 2], [2, 3, 3], [4, 4, 5], [3, 3, 4], [5, 4, 5]]),
        alpha_case("correlated likert 40 x 5", np.clip(items, 1, 5).tolist()),
        alpha_case("independent likert 25 x 4", [likert(4) for _ in range(25)]),
        alpha_case("negative alpha", [[1, 5], [5, 1], [2, 4], [4, 3]]),
        alpha_case("one row", [[1, 2, 3]]),
        alpha_case("one item", [[1], [2], [3]]),
        alpha_case("no variance of totals", [[1, 3], [2, 2], [3, 1]]),
    ])

    write("mann_whitney", [
        mann_whitney_case("separated", [1, 2, 3], [4, 5, 6]),
        mann_whitney_case("reversed", [4, 5, 6], [1, 2, 3]),
        mann_whitney_case("ties", [1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4, 5, 5]),
        mann_whitney_case("likert unequal", likert(12), likert(31)),
        mann_whitney_case("likert shifted", likert(40, 2, 5), likert(35, 1, 4)),
        mann_whitney_case("normal large", normal(300, 0.0), normal(250, 0.2)),
        mann_whitney_case("one each", [1], [2]),
        mann_whitney_case("all tied", [1, 1, 1], [1, 1]),
        mann_whitney_case("empty", [], [1, 2]),
    ])

    write("kruskal_wallis", [
        kruskal_case("three groups", [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]),
        kruskal_case("likert ties", [likert(15), likert(22), likert(9)]),
        kruskal_case("two groups", [[1, 2, 3], [4, 5, 6, 7]]),
        kruskal_case("normal large", [normal(200), normal(150, 0.3), normal(180, -0.1), normal(90)]),
        kruskal_case("one value each", [[1], [2]]),
        kruskal_case("same ranks", [[1, 4], [2, 3]]),
        kruskal_case("all tied", [[2, 2], [2, 2, 2]]),
        kruskal_case("empty group", [[1, 2], []]),
        kruskal_case("one group", [[1, 2, 3]]),
    ])

    pre = likert(25, 1, 7)
    write("paired_t", [
        paired_t_case("small", [5.1, 4.9, 6.2, 5.8, 6.0], [4.8, 5.0, 5.6, 5.1, 5.9]),
        paired_t_case("zeros among differences", [3, 4, 4, 5, 2, 3], [3, 3, 4, 3, 2, 1]),
        paired_t_case("likert 25", [min(7.0, v + d) for v, d in zip(pre, likert(25, 0, 2))], pre),
        paired_t_case("normal 500", normal(500, 10, 2), normal(500, 10.1, 2)),
        paired_t_case("equal differences", [2, 3, 4], [1, 2, 3]),
        paired_t_case("no differences", [1, 2, 3], [1, 2, 3]),
        paired_t_case("one pair", [1], [2]),
        paired_t_case("no pairs", [], []),
    ])

    write("wilcoxon", [
        wilcoxon_case("small", [5.1, 4.9, 6.2, 5.8, 6.0, 7.1], [4.8, 5.0, 5.6, 5.1, 5.9, 6.0]),
        wilcoxon_case("zeros and ties", [3, 4, 4, 5, 2, 3, 6, 5, 4], [3, 3, 4, 3, 2, 1, 4, 4, 5]),
        wilcoxon_case("likert 40", likert(40), likert(40)),
        wilcoxon_case("normal 400", normal(400, 0.1, 1, 2), normal(400, 0.0, 1, 2)),
        wilcoxon_case("all differences tied", [2, 3, 4, 5], [1, 2, 3, 4]),
        wilcoxon_case("one pair", [1], [2]),
        wilcoxon_case("no differences", [1, 2, 3], [1, 2, 3]),
        wilcoxon_case("no pairs", [], []),
    ])

    write("holm", [
        holm_case("three", [0.01, 0.04, 0.03]),
        holm_case("capped", [0.5, 0.2, 0.9, 0.01]),
        holm_case("monotone", [0.010, 0.011, 0.012, 0.2, 0.04]),
        holm_case("ties", [0.02, 0.02, 0.5]),
        holm_case("random 12", values(rng.uniform(0, 0.2, size=12))),
        holm_case("with nan", [0.03, math.nan, 0.01]),
        holm_case("empty", []),
    ])

    write("training", demo_training_cases())


if __name__ == "__main__":
    main()
