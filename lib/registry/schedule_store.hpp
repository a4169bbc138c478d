#pragma once
// A registered loan's instalment schedule, computed from its terms (registry/loan.hpp) and
// kept in loan_instalment, and what the register reads back from it.

#include "registry/entity.hpp"
#include "registry/loan.hpp"

#include "store/database.hpp"

#include <string>
#include <vector>

namespace toro::registry {

// Recomputes and stores the schedule of the loan `record` (an entity "loan" record).
void store_schedule(store::Database& db, const EntitySpec& loan, const Record& record);

// The stored schedule of a loan, in instalment order.
std::vector<Instalment> stored_schedule(store::Database& db, const std::string& loan_code);

// The repayments of a loan, in payment order.
std::vector<Repayment> stored_repayments(store::Database& db, const std::string& loan_code);

// A loan's state as of a date: "repaid" (nothing outstanding), "overdue" (days past due > 0)
// or "current".
std::string loan_state(store::Database& db, const std::string& loan_code, Date as_of);

}  // namespace toro::registry
