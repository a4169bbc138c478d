#pragma once
// The demo city's 24 months of monthly reports and the office's review of them
// (examples/demo/reports.csv, report_reviews.csv, reports_resubmitted.csv).

#include "config/config.hpp"
#include "io/import.hpp"
#include "store/store.hpp"

namespace toro::reporting {

// The date the demo's reports are seen from: the day the October 2026 report is run.
inline constexpr int demo_as_of_year = 2026, demo_as_of_month = 11, demo_as_of_day = 11;

// Imports the demo reports and applies the reviews in order (inside the caller's
// transaction); returns the import's summary. Throws BatchError if anything does not load.
io::ImportSummary load_demo_reports(store::Store& store, const config::Config& config);

}  // namespace toro::reporting
