#include "reporting/demo_reports.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "reporting/reports.hpp"

#include <sstream>

namespace toro::reporting {
namespace {

std::unique_ptr<io::RowReader> embedded_rows(std::string_view path)
{
    return io::open_rows(std::make_unique<std::istringstream>(std::string(embedded_file(path))), std::string(path), {});
}

io::ImportSummary import_embedded(Reports& reports, std::string_view path)
{
    auto rows = embedded_rows(path);
    auto sink = reports.import_sink(false);
    auto summary = io::run_import(*rows, std::string(path), *sink, {});
    if (summary.problem_count > 0) {
        throw BatchError(std::string(path), summary.errors);
    }
    return summary;
}

}  // namespace

io::ImportSummary load_demo_reports(store::Store& store, const config::Config& config)
{
    const auto as_of = Date::from_ymd(demo_as_of_year, demo_as_of_month, demo_as_of_day);
    Reports reports(store, config, as_of);
    auto summary = import_embedded(reports, "examples/demo/reports.csv");
    auto reviews = embedded_rows("examples/demo/report_reviews.csv");
    io::InputRow row;
    while (reviews->next(row)) {
        const auto venture = row.fields.value("venture", "");
        const auto period = Period::parse(row.fields.value("period", ""));
        const auto action = row.fields.value("action", "");
        if (action == "accept") {
            reports.accept(venture, period);
        } else if (action == "return") {
            reports.give_back(venture, period, row.fields.value("reason", ""));
        } else if (action == "resubmit") {
            const auto again = import_embedded(reports, "examples/demo/reports_resubmitted.csv");
            summary.updated += again.updated + again.inserted;
        } else {
            throw Error(Exit::internal, "examples/demo/report_reviews.csv",
                        Message::verbatim("unknown review action " + action));
        }
    }
    return summary;
}

}  // namespace toro::reporting
