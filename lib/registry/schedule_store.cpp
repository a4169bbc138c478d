#include "registry/schedule_store.hpp"

#include "store/database.hpp"

namespace toro::registry {
namespace {

std::string text(const Record& record, const EntitySpec& loan, std::string_view field)
{
    const auto& value = record[loan.index(field)];
    return std::holds_alternative<std::string>(value) ? std::get<std::string>(value) : std::string();
}

std::int64_t integer(const Record& record, const EntitySpec& loan, std::string_view field)
{
    const auto& value = record[loan.index(field)];
    return std::holds_alternative<std::int64_t>(value) ? std::get<std::int64_t>(value) : 0;
}

}  // namespace

void store_schedule(store::Database& db, const EntitySpec& loan, const Record& record)
{
    const auto first_due = text(record, loan, "first_due_on");
    const LoanTerms terms{Money::from_grosze(integer(record, loan, "principal")),
                          parse_rate(text(record, loan, "annual_rate")),
                          static_cast<int>(integer(record, loan, "term_months")),
                          parse_loan_method(text(record, loan, "method")),
                          Date::parse(text(record, loan, "disbursed_on")),
                          first_due.empty() ? std::nullopt : std::optional<Date>(Date::parse(first_due)),
                          static_cast<int>(integer(record, loan, "grace_months"))};
    const auto code = text(record, loan, "code");

    store::Statement erase(db, "DELETE FROM loan_instalment WHERE loan = ?");
    erase.bind(1, code);
    erase.exec();
    store::Statement insert(db, "INSERT INTO loan_instalment (loan, no, due_on, principal, interest, payment, balance) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& instalment : schedule(terms)) {
        insert.bind(1, code);
        insert.bind(2, instalment.no);
        insert.bind(3, instalment.due_on.to_string());
        insert.bind(4, instalment.principal.grosze());
        insert.bind(5, instalment.interest.grosze());
        insert.bind(6, instalment.payment.grosze());
        insert.bind(7, instalment.balance.grosze());
        insert.exec();
        insert.reset();
    }
}

std::vector<Instalment> stored_schedule(store::Database& db, const std::string& loan_code)
{
    store::Statement query(db, "SELECT no, due_on, principal, interest, payment, balance FROM loan_instalment "
                               "WHERE loan = ? ORDER BY no");
    query.bind(1, loan_code);
    std::vector<Instalment> instalments;
    while (query.step()) {
        instalments.push_back(
            {query.column(0).get_int(), Date::parse(query.column(1).get_string()),
             Money::from_grosze(query.column(2).get_int64()), Money::from_grosze(query.column(3).get_int64()),
             Money::from_grosze(query.column(4).get_int64()), Money::from_grosze(query.column(5).get_int64())});
    }
    return instalments;
}

std::vector<Repayment> stored_repayments(store::Database& db, const std::string& loan_code)
{
    store::Statement query(db, "SELECT paid_on, amount FROM repayment WHERE loan = ? ORDER BY paid_on, id");
    query.bind(1, loan_code);
    std::vector<Repayment> repayments;
    while (query.step()) {
        repayments.push_back(
            {Date::parse(query.column(0).get_string()), Money::from_grosze(query.column(1).get_int64())});
    }
    return repayments;
}

std::string loan_state(store::Database& db, const std::string& loan_code, Date as_of)
{
    const auto status = status_as_of(stored_schedule(db, loan_code), stored_repayments(db, loan_code), as_of);
    if (status.outstanding.grosze() <= 0) {
        return "repaid";
    }
    return status.days_past_due > 0 ? "overdue" : "current";
}

}  // namespace toro::registry
