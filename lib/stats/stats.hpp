#pragma once
// Descriptive statistics and the few tests toro reports, each defined to
// agree with SciPy 1.10 on the same data (docs/statistics.md states every formula and its
// SciPy call). Distributions come from Boost.Math. Pure functions over plain values.
//
// Degenerate input never throws: a figure that is undefined for the data is NaN, as SciPy
// gives it (or where SciPy raises an exception instead, as documented per function). A NaN
// anywhere in the input makes the result NaN (SciPy's nan_policy="propagate"). Samples that
// must pair up (paired_t, wilcoxon) but differ in length throw InvalidValue.

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace toro::stats {

// NaN marks a figure that is undefined for the data (too few values, no variance).

// The arithmetic mean (compensated summation); NaN for no values.
double mean(std::span<const double> x);

// Sample variance (n − 1), two-pass; NaN for fewer than 2 values.
double variance(std::span<const double> x);

// sqrt of variance; NaN for fewer than 2 values.
double standard_deviation(std::span<const double> x);

// The middle value, or the mean of the two middle values; NaN for no values.
double median(std::span<const double> x);

struct Description {
    std::size_t n = 0;
    double mean = NAN, sd = NAN, median = NAN, ci_low = NAN, ci_high = NAN;
};

// n, mean, sd (n − 1), median and the Student t interval of the mean at `confidence`
// (mean ± t(1 − (1 − confidence)/2, n − 1) · sd/√n). The interval is NaN for fewer than 2
// values or a confidence outside (0, 1); for values that are all equal it is [mean, mean].
Description describe(std::span<const double> x, double confidence = 0.95);

// Cronbach's alpha of complete rows: each row is one respondent's ratings of the same k
// items (the caller drops incomplete rows). α = k/(k−1) · (1 − Σ var_item / var_total), sample
// variances. NaN for fewer than 2 rows, fewer than 2 items or no variance of the row totals.
// Rows of different lengths throw InvalidValue.
double cronbach_alpha(const std::vector<std::vector<double>>& rows);

// Ranks 1 … n of the values in their input order, tied values sharing the mean of their ranks
// (SciPy rankdata(x, method="average")).
std::vector<double> average_ranks(std::span<const double> x);

// Mann–Whitney U of sample a against b, two-sided p from the normal approximation with tie
// and continuity correction: SciPy mannwhitneyu(a, b, method="asymptotic").
// u = U of a (rank sum of a − n_a(n_a + 1)/2). Both NaN when a sample is empty (SciPy
// raises); p = 1 when every value is tied.
struct MannWhitney {
    double u = NAN;
    double p = NAN;
};
MannWhitney mann_whitney(std::span<const double> a, std::span<const double> b);

// Kruskal–Wallis H with tie correction, df = groups − 1, p from chi-square: SciPy kruskal.
// h and p NaN for fewer than 2 groups or when all values are tied (SciPy raises), and when a
// group is empty (as SciPy); df is groups − 1 whenever there is a group.
struct KruskalWallis {
    double h = NAN;
    std::size_t df = 0;
    double p = NAN;
};
KruskalWallis kruskal_wallis(const std::vector<std::vector<double>>& groups);

// Paired t test of a against b (differences a − b): SciPy ttest_rel(a, b).
// df = n − 1 (NaN for no pairs); t and p NaN for fewer than 2 pairs or when every difference
// is 0; t = ±∞ and p = 0 when the differences are equal but not 0.
struct PairedT {
    double t = NAN;
    double df = NAN;
    double p = NAN;
};
PairedT paired_t(std::span<const double> a, std::span<const double> b);

// Wilcoxon signed-rank of a against b: SciPy wilcoxon(a, b, zero_method="wilcox",
// correction=False, method="approx"); w is the smaller rank sum, as SciPy reports it.
// Zero differences are dropped first. Both NaN for no pairs, and when every difference is 0
// (SciPy raises).
struct Wilcoxon {
    double w = NAN;
    double p = NAN;
};
Wilcoxon wilcoxon(std::span<const double> a, std::span<const double> b);

// Holm–Bonferroni adjusted p-values, in the input order, monotone, at most 1. A NaN p-value
// stays NaN and is not counted in the family.
std::vector<double> holm(std::span<const double> p);

}  // namespace toro::stats
