#pragma once
// Monthly reports (docs/reports.md): submission, review and history. A report is one venture's
// indicator values and spending for one month; a resubmission becomes a new revision and the
// earlier ones are kept; an accepted report is locked unless reopened.

#include "config/config.hpp"
#include "core/date.hpp"
#include "core/money.hpp"
#include "io/import.hpp"
#include "render/fields.hpp"
#include "store/store.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace toro::reporting {

struct Submission {
    std::string venture;
    Period period = Period::from_ym(2000, 1);
    std::map<std::string, double> values;   // indicator -> value
    std::map<std::string, Money> spending;  // category -> amount
    Date submitted_on = Date::from_ymd(2000, 1, 1);
    std::optional<std::string> note;
};

// One revision of a report, oldest first in a history.
struct Revision {
    int revision = 0;
    std::string submitted_on;
    std::string status;
    std::map<std::string, double> values;
    std::map<std::string, Money> spending;
    std::optional<std::string> note;
};

// How a revision reads in JSON (render/fields.hpp): `report history --format json` is the
// list of them.
void fields(const Revision& revision, render::Fields& out);

class Reports {
public:
    Reports(store::Store& store, const config::Config& config, Date as_of);
    ~Reports();
    Reports(const Reports&) = delete;
    Reports& operator=(const Reports&) = delete;

    // Checks a submission; problems name the field ("venture", "period", "value:IND",
    // "spent:CATEGORY") and value. `line` is put on each problem.
    void check(const Submission& submission, std::size_t line, std::vector<Problem>& problems);

    // Rewrites the indicators and budget categories of `submission` given by name (Polish or
    // English, as register reference lists them) to their codes; a key that names nothing is
    // left for check() to refuse. Two keys naming one code are a problem (field: that code).
    void resolve_names(Submission& submission, std::size_t line, std::vector<Problem>& problems);

    // What a checked submission may get wrong without being refused, appended to `warnings`
    // with `line`: a value for an indicator the venture has no target for, when it has
    // targets (field: the indicator); spending in a category outside the venture's budget
    // lines, when it has any (field: spent:CATEGORY); target indicators the report gives no value for (no field) —
    // such a report is received and flagged `incomplete`.
    void warnings(const Submission& submission, std::size_t line, std::vector<Problem>& warnings);

    // Records a checked submission as a new revision (status submitted). An accepted report
    // is refused (Exit::data) unless `reopen`. Returns the revision number.
    int submit(const Submission& submission, bool reopen);

    // The city's review: accept locks the report; return sends it back with a reason.
    void accept(const std::string& venture, Period period);
    void give_back(const std::string& venture, Period period, const std::string& reason);

    std::vector<Revision> history(const std::string& venture, Period period);

    // Whether the report is accepted (and so locked).
    bool locked(const std::string& venture, Period period);
    // Whether the stored report has exactly these figures, date and note.
    bool same_as_stored(const Submission& submission);

    // A sink for `report import` (long and wide layouts, told apart by the header).
    std::unique_ptr<io::ImportSink> import_sink(bool reopen);

private:
    struct Impl;
    class Sink;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace toro::reporting
