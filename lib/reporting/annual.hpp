#pragma once
// The yearly report on the cooperation programme (`report annual --year Y`):
// what the city tells its council by 31 May about calendar year Y — programmes, ventures
// funded and grants, organizations, own and in-kind contributions, reporting discipline,
// indicator totals, loans, consultations and trainings. A plain model; rendered elsewhere.
// docs/reports.md "Annual report" defines every figure.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "render/fields.hpp"
#include "reporting/monitoring.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace toro::reporting {

// Programmes of year Y with one mode.
struct ModeFigures {
    std::string mode;  // open_call, small_grant, local_initiative, regranting, loan_fund, other
    std::int64_t programmes = 0;
    Money budget;  // a programme without a budget adds nothing
};

// Ventures funded in Y that fall in one group (a sphere, or a district).
struct FundedFigures {
    std::optional<std::string> key;  // sphere code or district name; none: a venture without districts
    std::string name;                // the sphere's Polish name; empty for districts
    std::int64_t ventures = 0;
    std::int64_t organizations = 0;  // distinct
    Money grants;
    Money own_funds;
    Money in_kind;
};

struct IndicatorTotal {
    std::string code;
    std::string name;
    std::string unit;
    std::string aggregation;    // sum, last, max
    std::int64_t ventures = 0;  // ventures with at least one value in the months counted
    double total = 0;
};

struct LoanYear {
    std::string code;
    std::string org;
    Date disbursed_on = Date::from_ymd(2000, 1, 1);
    bool disbursed_in_year = false;
    Money principal;  // the loan's whole principal
    Money repaid;     // paid in Y
    Money repaid_principal;
    Money repaid_interest;
    Money repaid_unallocated;  // paid in Y beyond the whole schedule
    Money outstanding_at_end;  // as of the year's last day counted
};

struct ConsultationYear {
    std::string code;
    std::string title;
    Date held_on = Date::from_ymd(2000, 1, 1);
    std::int64_t participants = 0;
    std::vector<std::string> orgs;
};

struct TrainingYear {
    std::string code;
    std::string module;
    std::string title;
    Date held_on = Date::from_ymd(2000, 1, 1);
    std::optional<double> hours;
    std::int64_t participants = 0;  // attendance rows
    std::optional<double> mean_satisfaction;
};

struct AnnualReport {
    int year = 2000;
    Date as_of = Date::from_ymd(2000, 1, 1);
    // Events (loans, repayments, consultations, trainings) count from 1 January of Y
    // through this day: 31 December of Y, or the as-of date when that is earlier.
    Date through = Date::from_ymd(2000, 1, 1);

    // Programmes whose `year` is Y, by mode in the order of the register's list of modes.
    std::int64_t programmes = 0;
    Money programme_budget;
    std::vector<ModeFigures> by_mode;

    // Ventures funded in Y: status active, completed or terminated (not planned) and months
    // overlapping Y (starts ≤ Y-12 and ends ≥ Y-01). Whole amounts of each venture.
    std::int64_t ventures = 0;
    std::int64_t ventures_started = 0;  // of them, starting in Y
    Money grants;
    Money grants_started;
    Money own_funds;
    Money in_kind;
    std::int64_t organizations = 0;      // distinct organizations of those ventures
    std::int64_t organizations_opp = 0;  // of them, public-benefit (opp) with opp_since ≤ 31 Dec Y or unset
    std::vector<FundedFigures> by_sphere;
    std::vector<FundedFigures> by_district;  // a venture counts in each of its districts

    // Monthly reports of Y's months before the as-of month, as of the as-of date (the monthly
    // report's definitions: a report not yet due and not received is pending, not expected).
    std::optional<Period> first_month;  // none when no month of Y is counted
    std::optional<Period> last_month;
    std::vector<GroupFigures> reporting;  // one per month counted; `group` holds the period
    GroupFigures reporting_total;

    std::vector<IndicatorTotal> indicators;

    std::vector<LoanYear> loans;  // disbursed in Y or repaid in Y
    std::int64_t loans_disbursed = 0;
    Money loan_principal_disbursed;
    Money loan_repaid;
    Money loan_repaid_principal;
    Money loan_repaid_interest;
    Money loan_repaid_unallocated;
    Money loan_outstanding_at_end;  // every loan disbursed by `through`

    std::vector<ConsultationYear> consultations;
    std::int64_t consultation_participants = 0;
    std::int64_t organizations_consulted = 0;  // distinct

    std::vector<TrainingYear> trainings;
    std::int64_t training_participants = 0;   // attendance rows
    std::int64_t distinct_participants = 0;   // distinct pseudonymised participants
    std::optional<double> mean_satisfaction;  // over every attendance row with a rating
};

AnnualReport annual_report(store::Store& store, const config::Config& config, int year, Date as_of);

// How the models read in JSON (render/fields.hpp): `report annual --format json`
// (schemas/report-annual.schema.json).
void fields(const ModeFigures& mode, render::Fields& out);
void fields(const IndicatorTotal& indicator, render::Fields& out);
void fields(const LoanYear& loan, render::Fields& out);
void fields(const ConsultationYear& consultation, render::Fields& out);
void fields(const TrainingYear& training, render::Fields& out);
void fields(const AnnualReport& report, render::Fields& out);

}  // namespace toro::reporting
