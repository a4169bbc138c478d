#include "registry/loan.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <numeric>
#include <string>
#include <utility>

namespace toro::registry {
namespace {

constexpr std::int64_t millionths_per_percent = 10'000;
constexpr std::int64_t max_rate = 100 * millionths_per_percent;
// A year's rate in millionths becomes a month's fraction of the balance by dividing by this.
constexpr std::int64_t monthly_divisor = 12 * 1'000'000;
// 10 billion zł: far beyond any loan, and small enough that no sum of a schedule overflows
// (at most 600 months of at most 100 % / 12 a month on this balance).
constexpr std::int64_t max_principal_grosze = 1'000'000'000'000;
constexpr int max_term_months = 600;

// a / b rounded half away from zero, for a >= 0 and b > 0, without forming 2a.
std::int64_t divide_rounded(std::int64_t a, std::int64_t b)
{
    const std::int64_t quotient = a / b;
    const std::int64_t remainder = a % b;
    return quotient + (remainder >= b - remainder ? 1 : 0);
}

// balance × rate / 100 / 12 in grosze, rounded half away from zero; the balance is split so
// that no product exceeds 64 bits (the remainder is below 12 000 000, the rate at most 10^6).
Money monthly_interest(Money balance, std::int64_t rate_millionths)
{
    const std::int64_t grosze = balance.grosze();
    const std::int64_t whole = grosze / monthly_divisor;
    const std::int64_t rest = grosze % monthly_divisor;
    return Money::from_grosze(whole * rate_millionths + divide_rounded(rest * rate_millionths, monthly_divisor));
}

// The level payment of an annuity, A = P·r / (1 − (1 + r)^−n) with r the monthly rate,
// rounded half away from zero to the grosz. The power has no exact integer form, so this one
// value is computed in long double and rounded at once; everything else is integer grosze.
Money annuity_payment(Money principal, std::int64_t rate_millionths, int count)
{
    if (rate_millionths == 0) {
        return Money::from_grosze(divide_rounded(principal.grosze(), count));
    }
    const long double rate = static_cast<long double>(rate_millionths) / static_cast<long double>(monthly_divisor);
    const long double payment = static_cast<long double>(principal.grosze()) * rate /
                                (1.0L - std::pow(1.0L + rate, static_cast<long double>(-count)));
    return Money::from_grosze(static_cast<std::int64_t>(std::llround(payment)));
}

void check_terms(const LoanTerms& terms)
{
    if (terms.principal.grosze() <= 0) {
        throw InvalidValue(Message("loan.principal_positive"));
    }
    if (terms.principal.grosze() > max_principal_grosze) {
        throw InvalidValue(Message("loan.principal_limit"));
    }
    if (terms.annual_rate_millionths < 0 || terms.annual_rate_millionths > max_rate) {
        throw InvalidValue(Message("loan.rate_range"));
    }
    if (terms.term_months < 1 || terms.term_months > max_term_months) {
        throw InvalidValue(Message("loan.term_range"));
    }
    if (terms.grace_months < 0 || terms.grace_months >= terms.term_months) {
        throw InvalidValue(Message("loan.grace_range"));
    }
    if (terms.first_due_on && *terms.first_due_on <= terms.disbursed_on) {
        throw InvalidValue(Message("loan.first_due"));
    }
}

// Instalment k (from 1) counted from the anchor day of month, never from the previous
// instalment, so that a clamped 29 February is followed by 31 March.
Date due_date(const LoanTerms& terms, int k)
{
    return terms.first_due_on ? terms.first_due_on->add_months(k - 1) : terms.disbursed_on.add_months(k);
}

// allocate(), each part paired with the index of its instalment in `schedule`.
std::vector<std::pair<std::size_t, Allocation>> allocate_placed(const std::vector<Instalment>& schedule,
                                                                const std::vector<Repayment>& repayments)
{
    std::vector<std::size_t> order(repayments.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return repayments[a].paid_on < repayments[b].paid_on; });

    std::vector<std::pair<std::size_t, Allocation>> allocations;
    std::size_t current = 0;
    Money interest_left = schedule.empty() ? Money() : schedule.front().interest;
    Money principal_left = schedule.empty() ? Money() : schedule.front().principal;
    for (const std::size_t index : order) {
        const Repayment& repayment = repayments[index];
        if (repayment.amount <= Money()) {
            throw InvalidValue(Message("loan.repayment_positive"));
        }
        Money amount = repayment.amount;
        while (amount > Money() && current < schedule.size()) {
            const Money interest = std::min(amount, interest_left);
            amount -= interest;
            interest_left -= interest;
            const Money principal = std::min(amount, principal_left);
            amount -= principal;
            principal_left -= principal;
            if (interest > Money() || principal > Money()) {
                allocations.emplace_back(current, Allocation{.paid_on = repayment.paid_on,
                                                             .instalment_no = schedule[current].no,
                                                             .interest = interest,
                                                             .principal = principal});
            }
            if (interest_left == Money() && principal_left == Money()) {
                ++current;
                if (current < schedule.size()) {
                    interest_left = schedule[current].interest;
                    principal_left = schedule[current].principal;
                }
            }
        }
    }
    return allocations;
}

}  // namespace

LoanMethod parse_loan_method(std::string_view text)
{
    const std::string method = ascii_lower(trim(text));
    if (method == "annuity") {
        return LoanMethod::annuity;
    }
    if (method == "equal_principal") {
        return LoanMethod::equal_principal;
    }
    throw InvalidValue(Message("loan.method"));
}

std::int64_t parse_rate(std::string_view text)
{
    std::string_view rest = trim(text);
    if (!rest.empty() && rest.back() == '%') {
        rest = trim(rest.substr(0, rest.size() - 1));
    }
    const auto separator = rest.find_first_of(".,");
    const std::string_view whole = rest.substr(0, separator);
    const std::string_view fraction =
        separator == std::string_view::npos ? std::string_view() : rest.substr(separator + 1);
    const auto digits_only = [](std::string_view part) { return all_digits(part); };
    if (whole.empty() || whole.size() > 3 || fraction.size() > 4 || !digits_only(whole) || !digits_only(fraction) ||
        (separator != std::string_view::npos && fraction.empty())) {
        throw InvalidValue(Message("loan.rate_text"));
    }
    std::int64_t value = 0;
    for (char c : whole) {
        value = value * 10 + (c - '0');
    }
    value *= millionths_per_percent;
    std::int64_t unit = millionths_per_percent;
    for (char c : fraction) {
        unit /= 10;
        value += (c - '0') * unit;
    }
    if (value > max_rate) {
        throw InvalidValue(Message("loan.rate_percent"));
    }
    return value;
}

std::vector<Instalment> schedule(const LoanTerms& terms)
{
    check_terms(terms);
    const int count = terms.term_months - terms.grace_months;
    const Money level = terms.method == LoanMethod::annuity
                            ? annuity_payment(terms.principal, terms.annual_rate_millionths, count)
                            : Money::from_grosze(divide_rounded(terms.principal.grosze(), count));

    std::vector<Instalment> instalments;
    instalments.reserve(static_cast<std::size_t>(terms.term_months));
    Money balance = terms.principal;
    for (int k = 1; k <= terms.term_months; ++k) {
        const Money interest = monthly_interest(balance, terms.annual_rate_millionths);
        Money principal;
        if (k == terms.term_months) {
            principal = balance;
        } else if (k > terms.grace_months) {
            principal = terms.method == LoanMethod::annuity ? level - interest : level;
            // Rounding must never repay more than is owed, nor turn a payment into a loan.
            principal = std::clamp(principal, Money(), balance);
        }
        balance -= principal;
        instalments.push_back({.no = k,
                               .due_on = due_date(terms, k),
                               .principal = principal,
                               .interest = interest,
                               .payment = principal + interest,
                               .balance = balance});
    }
    return instalments;
}

std::vector<Allocation> allocate(const std::vector<Instalment>& schedule, const std::vector<Repayment>& repayments)
{
    std::vector<Allocation> allocations;
    for (auto& placed : allocate_placed(schedule, repayments)) {
        allocations.push_back(placed.second);
    }
    return allocations;
}

std::string arrears_bucket(int days_past_due)
{
    if (days_past_due <= 0) {
        return "current";
    }
    if (days_past_due <= 30) {
        return "1-30";
    }
    if (days_past_due <= 60) {
        return "31-60";
    }
    if (days_past_due <= 90) {
        return "61-90";
    }
    return "90+";
}

LoanStatus status_as_of(const std::vector<Instalment>& schedule, const std::vector<Repayment>& repayments, Date as_of)
{
    std::vector<Repayment> counted;
    std::copy_if(repayments.begin(), repayments.end(), std::back_inserter(counted),
                 [&](const Repayment& repayment) { return repayment.paid_on <= as_of; });

    LoanStatus status;
    std::vector<Money> paid(schedule.size());
    for (const auto& [index, allocation] : allocate_placed(schedule, counted)) {
        status.principal_repaid += allocation.principal;
        status.interest_paid += allocation.interest;
        paid[index] += allocation.interest + allocation.principal;
    }
    Money received;
    for (const Repayment& repayment : counted) {
        received += repayment.amount;
    }
    status.credit = received - status.principal_repaid - status.interest_paid;

    Money disbursed;
    for (std::size_t i = 0; i < schedule.size(); ++i) {
        disbursed += schedule[i].principal;
        if (schedule[i].due_on >= as_of) {
            continue;
        }
        const Money unpaid = schedule[i].payment - paid[i];
        status.overdue += unpaid;
        if (unpaid > Money() && status.days_past_due == 0) {
            status.days_past_due = static_cast<int>(days_between(schedule[i].due_on, as_of));
        }
    }
    status.outstanding = disbursed - status.principal_repaid;
    status.bucket = arrears_bucket(status.days_past_due);
    return status;
}

}  // namespace toro::registry
