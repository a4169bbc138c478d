#include "stats/stats.hpp"

#include "core/error.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace toro::stats {

namespace {

// Boost.Math reports a bad argument as NaN (and an overflow as ∞) instead of throwing: every
// argument is checked before the call, so this only keeps a rounding surprise from escaping.
using Policy =
    boost::math::policies::policy<boost::math::policies::domain_error<boost::math::policies::ignore_error>,
                                  boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
using Normal = boost::math::normal_distribution<double, Policy>;
using StudentT = boost::math::students_t_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool has_nan(std::span<const double> x)
{
    return std::any_of(x.begin(), x.end(), [](double value) { return std::isnan(value); });
}

// Neumaier's compensated sum: the rounding error of each addition is carried along, so the
// sum of many values of mixed size loses nothing worth mentioning.
class Sum {
public:
    void add(double value)
    {
        const double total = m_sum + value;
        if (std::fabs(m_sum) >= std::fabs(value)) {
            m_compensation += (m_sum - total) + value;
        } else {
            m_compensation += (value - total) + m_sum;
        }
        m_sum = total;
    }
    double value() const { return m_sum + m_compensation; }

private:
    double m_sum = 0.0;
    double m_compensation = 0.0;
};

double as_double(std::size_t n)
{
    return static_cast<double>(n);
}

// The sizes of the groups of equal values among `x` (groups of one included).
std::vector<std::size_t> tie_sizes(std::span<const double> x)
{
    std::vector<double> sorted(x.begin(), x.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i + 1;
        while (j < sorted.size() && sorted[j] == sorted[i]) {
            ++j;
        }
        sizes.push_back(j - i);
        i = j;
    }
    return sizes;
}

// Σ (t³ − t) over the groups of tied values: the tie term of Mann–Whitney and Kruskal–Wallis.
double tie_term(std::span<const double> x)
{
    double term = 0.0;
    for (const std::size_t size : tie_sizes(x)) {
        const double t = as_double(size);
        term += t * t * t - t;
    }
    return term;
}

// P(Z ≥ z) for the standard normal.
double normal_sf(double z)
{
    return boost::math::cdf(boost::math::complement(Normal(0.0, 1.0), z));
}

std::vector<double> concatenate(const std::vector<std::vector<double>>& groups)
{
    std::vector<double> all;
    for (const auto& group : groups) {
        all.insert(all.end(), group.begin(), group.end());
    }
    return all;
}

void require_pairs(std::span<const double> a, std::span<const double> b)
{
    if (a.size() != b.size()) {
        throw InvalidValue(Message("stats.unpaired", {{"a", a.size()}, {"b", b.size()}}));
    }
}

}  // namespace

double mean(std::span<const double> x)
{
    if (x.empty()) {
        return nan;
    }
    Sum sum;
    for (const double value : x) {
        sum.add(value);
    }
    return sum.value() / as_double(x.size());
}

double variance(std::span<const double> x)
{
    if (x.size() < 2) {
        return nan;
    }
    const double centre = mean(x);
    Sum squares;
    Sum deviations;  // 0 in exact arithmetic; corrects the rounding of the mean
    for (const double value : x) {
        const double deviation = value - centre;
        squares.add(deviation * deviation);
        deviations.add(deviation);
    }
    const double n = as_double(x.size());
    const double correction = deviations.value() * deviations.value() / n;
    return std::max(0.0, squares.value() - correction) / (n - 1.0);
}

double standard_deviation(std::span<const double> x)
{
    return std::sqrt(variance(x));
}

double median(std::span<const double> x)
{
    if (x.empty() || has_nan(x)) {
        return nan;
    }
    std::vector<double> values(x.begin(), x.end());
    const std::size_t middle = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
    const double upper = values[middle];
    if (values.size() % 2 == 1) {
        return upper;
    }
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle));
    return lower + (upper - lower) / 2.0;
}

Description describe(std::span<const double> x, double confidence)
{
    Description description;
    description.n = x.size();
    description.mean = mean(x);
    description.sd = standard_deviation(x);
    description.median = median(x);
    if (x.size() >= 2 && confidence > 0.0 && confidence < 1.0 && std::isfinite(description.sd)) {
        const StudentT t(as_double(x.size() - 1));
        const double quantile = boost::math::quantile(t, 0.5 + confidence / 2.0);
        const double half_width = quantile * description.sd / std::sqrt(as_double(x.size()));
        description.ci_low = description.mean - half_width;
        description.ci_high = description.mean + half_width;
    }
    return description;
}

double cronbach_alpha(const std::vector<std::vector<double>>& rows)
{
    const std::size_t k = rows.empty() ? 0 : rows.front().size();
    for (const auto& row : rows) {
        if (row.size() != k) {
            throw InvalidValue(Message("stats.alpha_rows", {{"items", k}}));
        }
    }
    if (rows.size() < 2 || k < 2) {
        return nan;
    }
    std::vector<double> column(rows.size());
    Sum item_variances;
    for (std::size_t item = 0; item < k; ++item) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            column[i] = rows[i][item];
        }
        item_variances.add(variance(column));
    }
    std::vector<double> totals(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Sum total;
        for (const double value : rows[i]) {
            total.add(value);
        }
        totals[i] = total.value();
    }
    const double total_variance = variance(totals);
    if (!(total_variance > 0.0)) {
        return nan;
    }
    const double items = as_double(k);
    return items / (items - 1.0) * (1.0 - item_variances.value() / total_variance);
}

std::vector<double> average_ranks(std::span<const double> x)
{
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t left, std::size_t right) { return x[left] < x[right]; });
    std::vector<double> ranks(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i + 1;
        while (j < order.size() && x[order[j]] == x[order[i]]) {
            ++j;
        }
        // positions i … j − 1 hold ranks i + 1 … j; their mean is (i + 1 + j) / 2
        const double rank = (as_double(i) + 1.0 + as_double(j)) / 2.0;
        for (std::size_t position = i; position < j; ++position) {
            ranks[order[position]] = rank;
        }
        i = j;
    }
    return ranks;
}

MannWhitney mann_whitney(std::span<const double> a, std::span<const double> b)
{
    if (a.empty() || b.empty() || has_nan(a) || has_nan(b)) {
        return {};
    }
    std::vector<double> all(a.begin(), a.end());
    all.insert(all.end(), b.begin(), b.end());
    const std::vector<double> ranks = average_ranks(all);
    const double n1 = as_double(a.size());
    const double n2 = as_double(b.size());
    const double n = n1 + n2;
    double rank_sum = 0.0;  // half-integers: exact
    for (std::size_t i = 0; i < a.size(); ++i) {
        rank_sum += ranks[i];
    }
    MannWhitney result;
    result.u = rank_sum - n1 * (n1 + 1.0) / 2.0;
    const double u = std::max(result.u, n1 * n2 - result.u);
    const double spread = n1 * n2 / 12.0 * ((n + 1.0) - tie_term(all) / (n * (n - 1.0)));
    if (!(spread > 0.0)) {
        result.p = 1.0;  // every value tied: U is its expectation
        return result;
    }
    const double z = (u - n1 * n2 / 2.0 - 0.5) / std::sqrt(spread);
    result.p = std::min(1.0, 2.0 * normal_sf(z));
    return result;
}

KruskalWallis kruskal_wallis(const std::vector<std::vector<double>>& groups)
{
    KruskalWallis result;
    result.df = groups.empty() ? 0 : groups.size() - 1;
    if (groups.size() < 2) {
        return result;
    }
    for (const auto& group : groups) {
        if (group.empty() || has_nan(group)) {
            return result;
        }
    }
    const std::vector<double> all = concatenate(groups);
    const std::vector<double> ranks = average_ranks(all);
    const double n = as_double(all.size());
    const double tie_correction = 1.0 - tie_term(all) / (n * n * n - n);
    if (!(tie_correction > 0.0)) {
        return result;  // every value tied
    }
    Sum between;
    std::size_t offset = 0;
    for (const auto& group : groups) {
        double rank_sum = 0.0;
        for (std::size_t i = 0; i < group.size(); ++i) {
            rank_sum += ranks[offset + i];
        }
        between.add(rank_sum * rank_sum / as_double(group.size()));
        offset += group.size();
    }
    result.h = (12.0 / (n * (n + 1.0)) * between.value() - 3.0 * (n + 1.0)) / tie_correction;
    result.p =
        result.h <= 0.0 ? 1.0 : boost::math::cdf(boost::math::complement(ChiSquared(as_double(result.df)), result.h));
    return result;
}

PairedT paired_t(std::span<const double> a, std::span<const double> b)
{
    require_pairs(a, b);
    PairedT result;
    if (a.empty()) {
        return result;
    }
    result.df = as_double(a.size() - 1);
    if (a.size() < 2 || has_nan(a) || has_nan(b)) {
        return result;
    }
    std::vector<double> differences(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        differences[i] = a[i] - b[i];
    }
    const double mean_difference = mean(differences);
    const double standard_error = std::sqrt(variance(differences) / as_double(a.size()));
    if (standard_error == 0.0) {
        if (mean_difference != 0.0) {
            result.t = std::copysign(std::numeric_limits<double>::infinity(), mean_difference);
            result.p = 0.0;
        }
        return result;
    }
    result.t = mean_difference / standard_error;
    result.p = std::min(1.0, 2.0 * boost::math::cdf(boost::math::complement(StudentT(result.df), std::fabs(result.t))));
    return result;
}

Wilcoxon wilcoxon(std::span<const double> a, std::span<const double> b)
{
    require_pairs(a, b);
    if (has_nan(a) || has_nan(b)) {
        return {};
    }
    std::vector<double> differences;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double difference = a[i] - b[i];
        if (difference != 0.0) {
            differences.push_back(difference);
        }
    }
    if (differences.empty()) {
        return {};
    }
    std::vector<double> magnitudes(differences.size());
    std::transform(differences.begin(), differences.end(), magnitudes.begin(), [](double d) { return std::fabs(d); });
    const std::vector<double> ranks = average_ranks(magnitudes);
    double plus = 0.0;  // half-integers: exact
    double minus = 0.0;
    for (std::size_t i = 0; i < differences.size(); ++i) {
        (differences[i] > 0.0 ? plus : minus) += ranks[i];
    }
    const double count = as_double(differences.size());
    double spread = count * (count + 1.0) * (2.0 * count + 1.0);
    for (const std::size_t size : tie_sizes(magnitudes)) {
        const double t = as_double(size);
        spread -= 0.5 * t * (t * t - 1.0);
    }
    Wilcoxon result;
    result.w = std::min(plus, minus);
    const double z = (result.w - count * (count + 1.0) / 4.0) / std::sqrt(spread / 24.0);
    result.p = std::min(1.0, 2.0 * normal_sf(std::fabs(z)));
    return result;
}

std::vector<double> holm(std::span<const double> p)
{
    std::vector<double> adjusted(p.size(), nan);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (!std::isnan(p[i])) {
            order.push_back(i);
        }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t left, std::size_t right) { return p[left] < p[right]; });
    double running = 0.0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const double factor = as_double(order.size() - rank);
        running = std::max(running, std::min(1.0, factor * p[order[rank]]));
        adjusted[order[rank]] = running;
    }
    return adjusted;
}

}  // namespace toro::stats
