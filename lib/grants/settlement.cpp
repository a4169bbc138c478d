#include "grants/settlement.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "registry/loan.hpp"

#include <algorithm>
#include <array>

namespace toro::grants {
namespace {

constexpr std::string_view rate_table_path = "schemas/reference/tax_arrears_rates.csv";
constexpr std::int64_t millionths = 1'000'000;
constexpr std::int64_t days_in_year = 365;  // art. 56 § 1a: every year, leap or not
constexpr int days_to_return = 15;          // art. 251 ust. 3

// Products of an amount, days and a rate pass 64 bits for large amounts over years.
__extension__ typedef __int128 Wide;

// a / b rounded half up, for a >= 0 and b > 0.
Wide divide_half_up(Wide a, Wide b)
{
    return (a + b / 2) / b;
}

Money scaled_half_up(Money amount, std::int64_t numerator, std::int64_t denominator)
{
    return Money::from_grosze(static_cast<std::int64_t>(
        divide_half_up(static_cast<Wide>(amount.grosze()) * numerator, static_cast<Wide>(denominator))));
}

// The rate in force on `day`: the last change on or before it.
const RateChange* rate_on(const std::vector<RateChange>& rates, Date day)
{
    const RateChange* found = nullptr;
    for (const auto& change : rates) {
        if (change.from <= day) {
            found = &change;
        }
    }
    return found;
}

}  // namespace

std::vector<RateChange> parse_rate_table(std::string_view csv, const std::string& source)
{
    std::vector<RateChange> rates;
    std::size_t line_number = 0;
    for (const auto& raw : split(csv, '\n')) {
        ++line_number;
        const auto line = trim(raw);
        if (line_number == 1 || line.empty()) {
            continue;  // the header, or the final newline
        }
        const auto fields = split(line, ',');
        try {
            if (fields.size() < 2) {
                throw InvalidValue(Message("grants.rate_table_line"));
            }
            RateChange change{Date::parse(trim(fields[0])), registry::parse_rate(trim(fields[1]))};
            if (!rates.empty() && change.from <= rates.back().from) {
                throw InvalidValue(Message("grants.rate_table_order"));
            }
            rates.push_back(change);
        } catch (const InvalidValue& error) {
            throw Error(Exit::internal, location(source, line_number), error.words());
        }
    }
    return rates;
}

std::vector<RateChange> shipped_rates()
{
    return parse_rate_table(embedded_file(rate_table_path), std::string(rate_table_path));
}

std::vector<RateChange> with_overrides(std::vector<RateChange> table, const std::vector<RateChange>& overrides)
{
    if (overrides.empty()) {
        return table;
    }
    const auto first = overrides.front().from;
    std::erase_if(table, [&](const RateChange& change) { return change.from >= first; });
    table.insert(table.end(), overrides.begin(), overrides.end());
    return table;
}

Date use_deadline(Period ends, std::optional<Date> use_until)
{
    return use_until ? *use_until : ends.last_day();
}

Date return_due_on(Date deadline)
{
    if (deadline.month() == 12 && deadline.day() == 31) {
        return Date::from_ymd(deadline.year() + 1, 1, 31);
    }
    return deadline.add_days(days_to_return);
}

GrantUse grant_use(const std::vector<CategoryGrant>& categories, std::int64_t tolerance_millionths)
{
    GrantUse use;
    for (const auto& category : categories) {
        GrantUse::Category line;
        line.category = category.category;
        line.planned = category.planned;
        line.actual = category.actual;
        line.allowed = scaled_half_up(category.planned, millionths + tolerance_millionths, millionths);
        line.used = std::min(category.actual, line.allowed);
        line.excess = category.actual - line.used;
        use.used += line.used;
        use.excess += line.excess;
        use.categories.push_back(std::move(line));
    }
    return use;
}

Money own_share_shortfall(Money used, Money other_costs, Money grant, Money own_funds, Money in_kind)
{
    const auto planned_total = grant + own_funds + in_kind;
    if (planned_total.grosze() <= 0) {
        return Money();
    }
    const auto total = used + other_costs;
    const auto allowed = Money::from_grosze(static_cast<std::int64_t>(
        divide_half_up(static_cast<Wide>(total.grosze()) * grant.grosze(), static_cast<Wide>(planned_total.grosze()))));
    return used > allowed ? used - allowed : Money();
}

std::string_view part_code(Part part)
{
    switch (part) {
    case Part::excess:
        return "excess";
    case Part::unused:
        return "unused";
    case Part::own_share_shortfall:
        break;
    }
    return "own_share_shortfall";
}

std::string_view status_code(SettlementStatus status)
{
    switch (status) {
    case SettlementStatus::settled:
        return "settled";
    case SettlementStatus::overdue:
        return "overdue";
    case SettlementStatus::open:
        break;
    }
    return "open";
}

Interest late_interest(Money amount, Date from, Date to, const std::vector<RateChange>& rates)
{
    Interest result;
    if (to < from || amount.grosze() <= 0) {
        return result;
    }
    Wide numerator = 0;  // Σ grosze × days × rate in millionths
    Date day = from;
    while (day <= to) {
        const auto* rate = rate_on(rates, day);
        if (rate == nullptr) {
            throw Error(Exit::data, day.to_string(), Message("grants.no_rate", {{"date", day}}));
        }
        const auto next = std::find_if(rates.begin(), rates.end(), [&](const RateChange& c) { return c.from > day; });
        const Date end = next != rates.end() && next->from <= to ? next->from.add_days(-1) : to;
        const auto days = days_between(day, end) + 1;
        result.periods.push_back({day, end, rate->rate_millionths, days});
        numerator += static_cast<Wide>(amount.grosze()) * days * rate->rate_millionths;
        day = end.add_days(1);
    }
    // grosze × rate-millionths / 10^6 / 365 is grosze; / 100 more is złoty.
    const Wide zloty = divide_half_up(numerator, static_cast<Wide>(millionths) * days_in_year * 100);
    result.amount = Money::from_grosze(static_cast<std::int64_t>(zloty) * 100);
    return result;
}

namespace {

struct Outstanding {
    Part what;
    Money amount;
    Money left;
    Date due_on;
};

// The first day interest runs on a part: the day after it was due, or for excess the day the
// grant was last paid (art. 252).
Date interest_from(const Outstanding& part, Date last_payment)
{
    return part.what == Part::excess ? last_payment : part.due_on.add_days(1);
}

Settlement::InterestLine interest_line(const Outstanding& part, Money amount, Date from, Date to,
                                       const SettlementInput& input)
{
    auto computed = late_interest(amount, from, to, input.rates);
    Settlement::InterestLine line{part.what,       amount,          from,    to,   std::move(computed.periods),
                                  computed.amount, computed.amount, Money(), false};
    if (line.computed < input.interest_minimum) {
        line.interest = Money();
    }
    return line;
}

void apply_returns(const SettlementInput& input, std::vector<Outstanding>& parts, Settlement& result)
{
    auto returns = input.returns;
    std::stable_sort(returns.begin(), returns.end(),
                     [](const Return& a, const Return& b) { return a.returned_on < b.returned_on; });
    for (const auto& payment : returns) {
        if (payment.returned_on > input.as_of) {
            continue;
        }
        Money left = payment.amount;
        for (auto& part : parts) {
            const auto take = std::min(left, part.left);
            if (take.grosze() <= 0) {
                continue;
            }
            part.left -= take;
            left -= take;
            result.returns.push_back({payment.returned_on, take, std::string(part_code(part.what))});
            const bool late = part.what == Part::excess || payment.returned_on > part.due_on;
            if (late) {
                auto line =
                    interest_line(part, take, interest_from(part, result.last_payment), payment.returned_on, input);
                if (!line.periods.empty()) {
                    result.interest.push_back(std::move(line));
                }
            }
        }
        Money to_interest;
        for (auto& line : result.interest) {
            const auto take = std::min(left, line.interest - line.paid);
            if (take.grosze() > 0) {
                line.paid += take;
                left -= take;
                to_interest += take;
            }
        }
        if (to_interest.grosze() > 0) {
            result.returns.push_back({payment.returned_on, to_interest, "interest"});
        }
        if (left.grosze() > 0) {
            result.returns.push_back({payment.returned_on, left, "surplus"});
        }
    }
}

}  // namespace

Settlement settle(const SettlementInput& input)
{
    Settlement result;
    result.use_deadline = use_deadline(input.ends, input.use_until);
    result.due_on = return_due_on(result.use_deadline);
    if (input.payments.empty()) {
        result.paid_on_start = true;
        result.last_payment = input.starts.first_day();
        result.grant_paid = result.last_payment <= input.as_of ? input.grant : Money();
    } else {
        result.last_payment = input.payments.front().paid_on;
        for (const auto& payment : input.payments) {
            if (payment.paid_on <= input.as_of) {
                result.grant_paid += payment.amount;
                result.last_payment = std::max(result.last_payment, payment.paid_on);
            }
        }
    }
    result.use = grant_use(input.grant_costs, input.tolerance_millionths);
    const auto unused = result.grant_paid - result.use.used - result.use.excess;
    result.unused = std::max(unused, Money());
    result.own_share_shortfall =
        own_share_shortfall(result.use.used, input.other_costs, input.grant, input.own_funds, input.in_kind);

    std::vector<Outstanding> parts;
    for (const auto& [what, amount] :
         std::array{std::pair{Part::excess, result.use.excess}, std::pair{Part::unused, result.unused},
                    std::pair{Part::own_share_shortfall, result.own_share_shortfall}}) {
        if (amount.grosze() > 0) {
            parts.push_back({what, amount, amount, result.due_on});
        }
    }
    apply_returns(input, parts, result);

    bool overdue = false;
    Money principal_left;
    for (const auto& part : parts) {
        result.due.push_back({part.what, part.amount, part.due_on, part.left});
        principal_left += part.left;
        if (part.left.grosze() <= 0) {
            continue;
        }
        overdue = overdue || input.as_of > part.due_on;
        const auto from = interest_from(part, result.last_payment);
        if (from <= input.as_of) {
            auto line = interest_line(part, part.left, from, input.as_of, input);
            line.running = true;
            result.interest.push_back(std::move(line));
        }
    }
    for (const auto& line : result.interest) {
        result.interest_due += line.interest - line.paid;
    }
    result.balance_due = principal_left + result.interest_due;
    result.status = result.balance_due.grosze() == 0 ? SettlementStatus::settled
                    : overdue                        ? SettlementStatus::overdue
                                                     : SettlementStatus::open;
    return result;
}

}  // namespace toro::grants
