#pragma once
// Loan arithmetic (docs/register.md "Loan schedule", docs/reports.md loans): the instalment
// schedule computed from a loan's terms, and how repayments settle it as of a date. Pure
// functions over plain values: no store, no output. Every amount is exact integer grosze.
// Dates in the structs start as 1970-01-01 only so that they can be filled field by field.

#include "core/date.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toro::registry {

enum class LoanMethod { annuity, equal_principal };

// "annuity" or "equal_principal"; anything else throws InvalidValue.
LoanMethod parse_loan_method(std::string_view text);

// An annual rate in percent ("12", "12.5", "0,25", "1.75 %") as an exact integer number of
// millionths (1 % = 10 000): up to 4 decimals, 0–100 %; anything else throws InvalidValue.
std::int64_t parse_rate(std::string_view text);

struct LoanTerms {
    Money principal;
    std::int64_t annual_rate_millionths = 0;  // 12.5 % = 125 000 (see parse_rate)
    int term_months = 0;
    LoanMethod method = LoanMethod::annuity;
    Date disbursed_on = Date::from_ymd(1970, 1, 1);
    std::optional<Date> first_due_on;
    int grace_months = 0;
};

struct Instalment {
    int no = 0;  // 1, 2, …
    Date due_on = Date::from_ymd(1970, 1, 1);
    Money principal;
    Money interest;
    Money payment;  // principal + interest
    Money balance;  // principal still owed after this instalment
};

// The instalments of a loan in due order. Throws InvalidValue on impossible terms: principal
// not above 0 (or absurdly large), rate outside 0–100 %, term outside 1–600 months, grace
// outside 0 … term − 1, or first_due_on not after disbursed_on.
std::vector<Instalment> schedule(const LoanTerms& terms);

struct Repayment {
    Date paid_on = Date::from_ymd(1970, 1, 1);
    Money amount;  // more than 0
};

// One part of one repayment applied to one instalment.
struct Allocation {
    Date paid_on = Date::from_ymd(1970, 1, 1);
    int instalment_no = 0;
    Money interest;
    Money principal;
};

// How `repayments` (all of them, taken in paid_on order, ties in the given order) settle the
// schedule: each goes to the instalments in due order, interest before principal, regardless
// of whether the instalment is due yet. What exceeds the whole schedule is not allocated (see
// LoanStatus::credit). Throws InvalidValue on an amount not above 0.
std::vector<Allocation> allocate(const std::vector<Instalment>& schedule, const std::vector<Repayment>& repayments);

struct LoanStatus {
    Money outstanding;      // principal disbursed − principal repaid
    Money overdue;          // due before as_of − paid towards it
    int days_past_due = 0;  // as_of − due date of the oldest unpaid instalment due before as_of
    std::string bucket;     // "current", "1-30", "31-60", "61-90", "90+"
    Money principal_repaid;
    Money interest_paid;
    Money credit;  // paid beyond the whole schedule: owed back to the borrower, never principal
};

// The aging bucket of a number of days past due: 0 "current", 1–30 "1-30", 31–60 "31-60",
// 61–90 "61-90", more "90+".
std::string arrears_bucket(int days_past_due);

// The loan's standing on `as_of`, counting only repayments paid on or before that day.
LoanStatus status_as_of(const std::vector<Instalment>& schedule, const std::vector<Repayment>& repayments, Date as_of);

}  // namespace toro::registry
