#pragma once
// The settlement of a grant (PRODUCT.md §13 "Settlement", docs/grants.md): what the grant paid
// for, what is to be returned and by when (art. 251 and 252 of the public finance act), how the
// organization's returns settle it, and the late interest as for tax arrears (art. 56 and 63 of
// the tax ordinance). Pure rules over plain values: no store, no words.

#include "core/date.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::render {
class Fields;
}

namespace toro::grants {

// The annual rate of late interest from a date on; 11 % = 110 000 millionths.
struct RateChange {
    Date from;
    std::int64_t rate_millionths = 0;
};

// The tax-arrears rates shipped in schemas/reference/tax_arrears_rates.csv, by date.
std::vector<RateChange> shipped_rates();

// Parses a rate table (`from,rate` with the rate in percent); `source` names it in errors.
// Throws Error(Exit::internal) naming the line when it is malformed or out of order.
std::vector<RateChange> parse_rate_table(std::string_view csv, const std::string& source);

// The table with `overrides` (in date order) put in place of its entries from the first
// override's date on.
std::vector<RateChange> with_overrides(std::vector<RateChange> table, const std::vector<RateChange>& overrides);

// The use deadline: `use_until` when given, else the last day of the venture's last month.
Date use_deadline(Period ends, std::optional<Date> use_until);
// When what was not used is due back (art. 251): 15 days after the use deadline, or on
// 31 January of the next year when the deadline is 31 December.
Date return_due_on(Date use_deadline);

// One budget category's grant: as planned and as the final report says it was spent.
struct CategoryGrant {
    std::string category;
    Money planned;
    Money actual;
};

// The grant as used: each category counts up to planned × (1 + tolerance), rounded half up to
// the grosz; what lies above is excess, per category and in all.
struct GrantUse {
    struct Category {
        std::string category;
        Money planned;
        Money allowed;
        Money actual;
        Money used;
        Money excess;
    };
    std::vector<Category> categories;
    Money used;
    Money excess;
};
// `tolerance_millionths`: 0.10 = 100 000.
GrantUse grant_use(const std::vector<CategoryGrant>& categories, std::int64_t tolerance_millionths);

// max(0, used − g × total) with g = grant / (grant + own_funds + in_kind) as planned and total
// = used + every other source's actual costs; g × total rounded half up to the grosz.
Money own_share_shortfall(Money used, Money other_costs, Money grant, Money own_funds, Money in_kind);

// The amounts a settlement asks back, in the order returns settle them.
enum class Part { excess, unused, own_share_shortfall };
std::string_view part_code(Part part);  // "excess", "unused", "own_share_shortfall"

// Late interest on `amount` over the days from..to (both inclusive): amount × days × rate / 365
// for each period of one rate (every year counted as 365 days), summed, rounded half up to
// whole złoty. Throws Error(Exit::data) when `rates` has no rate for `from`.
struct RatePeriod {
    Date from;
    Date to;
    std::int64_t rate_millionths = 0;
    std::int64_t days = 0;
};
struct Interest {
    std::vector<RatePeriod> periods;
    Money amount;  // whole złoty
};
Interest late_interest(Money amount, Date from, Date to, const std::vector<RateChange>& rates);

struct Payment {
    Date paid_on;
    Money amount;
};
struct Return {
    Date returned_on;
    Money amount;
};

// Everything a settlement rests on, as of a date.
struct SettlementInput {
    Date as_of = Date::from_ymd(2000, 1, 1);
    Period starts = Period::from_ym(2000, 1);
    Period ends = Period::from_ym(2000, 1);
    std::optional<Date> use_until;
    Money grant;
    Money own_funds;
    Money in_kind;
    std::vector<Payment> payments;  // every payment registered; none: the grant paid in full on the start
    std::vector<Return> returns;    // every return registered
    std::vector<CategoryGrant> grant_costs;
    Money other_costs;  // the final report's actual costs from every source but the grant
    std::vector<RateChange> rates;
    std::int64_t tolerance_millionths = 100'000;
    Money interest_minimum = Money::from_grosze(870);
};

enum class SettlementStatus { settled, overdue, open };
std::string_view status_code(SettlementStatus status);

struct Settlement {
    Date use_deadline = Date::from_ymd(2000, 1, 1);
    Date due_on = Date::from_ymd(2000, 1, 1);
    Date last_payment = Date::from_ymd(2000, 1, 1);  // when the grant was last paid (interest on excess runs from it)
    bool paid_on_start = false;                      // no payment registered: taken as paid in full on the start
    Money grant_paid;
    GrantUse use;
    Money unused;
    Money own_share_shortfall;
    struct Due {
        Part what;
        Money amount;
        Date due_on;
        Money outstanding;  // not yet returned as of the date
    };
    std::vector<Due> due;  // the amounts above zero, in the order returns settle them
    struct Applied {
        Date returned_on;
        Money amount;
        std::string applied_to;  // a part's code, "interest", or "surplus" (more than was owed)
    };
    std::vector<Applied> returns;
    struct InterestLine {
        Part what;
        Money amount;  // the part it is charged on
        Date from;
        Date to;
        std::vector<RatePeriod> periods;
        Money computed;  // before the minimum
        Money interest;  // charged: 0 when `computed` is below the minimum
        Money paid;
        bool running = false;  // on an amount still not returned: through the as-of date
    };
    std::vector<InterestLine> interest;
    Money interest_due;  // charged and not yet paid
    Money balance_due;
    SettlementStatus status = SettlementStatus::open;
};

// The settlement as of `input.as_of` (PRODUCT.md §13): payments and returns after that date
// are left out. Returns settle excess, then unused, then the own-share shortfall, then the
// interest charged so far, oldest first.
Settlement settle(const SettlementInput& input);

// How a settlement's lines read in JSON (render/fields.hpp): what is due, the returns as
// applied, the interest with its rate periods (a rate in percent). Defined with the
// settlement's documents (documents.cpp).
void fields(const RatePeriod& period, render::Fields& out);
void fields(const Settlement::Due& line, render::Fields& out);
void fields(const Settlement::Applied& line, render::Fields& out);
void fields(const Settlement::InterestLine& line, render::Fields& out);

}  // namespace toro::grants
