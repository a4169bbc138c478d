#pragma once
// The monitoring reports as render models (docs/reports.md): the tables, charts and JSON of each
// report, built from its model. Headings and words are in `lang` (human formats); machine formats
// keep the codes and the JSON shapes of docs/reports.md.

#include "registry/names.hpp"
#include "render/model.hpp"
#include "reporting/annual.hpp"
#include "reporting/monitoring.hpp"
#include "reporting/reports.hpp"

#include <optional>
#include <vector>

namespace toro::reporting {

// `report monthly`: the summary, the groups of `report.by` (districts as they are, spheres and
// programmes by their register names), each venture's indicators (the rows needing attention
// marked), the flags, the loans; with `history` (html alone draws charts) the completeness chart
// over it and the venture and loan charts. Of the JSON only the period and the as-of date that
// the first page states. The venture lines and the flags are made as the writer asks for them,
// from `report` and `names`, which must outlive the document's rendering (temporaries are
// refused).
render::Document monthly_document(const MonthlyReport& report, const std::optional<std::vector<GroupFigures>>& history,
                                  Lang lang, const registry::Names& names);
render::Document monthly_document(const MonthlyReport&& report, const std::optional<std::vector<GroupFigures>>& history,
                                  Lang lang, const registry::Names& names) = delete;
render::Document monthly_document(const MonthlyReport& report, const std::optional<std::vector<GroupFigures>>& history,
                                  Lang lang, const registry::Names&& names) = delete;

// Completeness and timeliness month by month (`group` of each holds its period), a gap where
// nothing was expected: the line chart of the monthly and annual reports.
render::Chart completeness_chart(const std::vector<GroupFigures>& months, Lang lang);

// `report monthly` for json and jsonl: the report's JSON alone (schemas/report-monthly.schema.json).
render::Document monthly_json_document(const MonthlyReport& report, Lang lang);

// `report loans`: every loan with its arrears bucket, the portfolio's totals and the chart of
// outstanding principal by bucket.
render::Document portfolio_document(const Portfolio& portfolio, Lang lang, const registry::Names& names);

// `report venture CODE`: the venture, its targets, every month's report, spending by category,
// its flags and the chart of its indicators' achievement. The flags are made as the writer asks
// for them, from `dossier` and `names`, which must outlive the document's rendering.
render::Document dossier_document(const VentureDossier& dossier, Lang lang, const registry::Names& names);
render::Document dossier_document(const VentureDossier&& dossier, Lang lang, const registry::Names& names) = delete;
render::Document dossier_document(const VentureDossier& dossier, Lang lang, const registry::Names&& names) = delete;

// `report history`: every revision of one report; values and spending as NAME=VALUE joined by
// "|" for machines, in words for people.
render::Document history_document(const std::vector<Revision>& revisions, Lang lang, const registry::Names& names);

// `report missing`: the ventures whose report is due and has not arrived (a listing).
render::Document missing_document(const std::vector<MissingReport>& missing, Lang lang, const registry::Names& names);

// `report annual`: the yearly report's tables, its completeness chart and grants by district.
render::Document annual_document(const AnnualReport& report, Lang lang, const registry::Names& names);

// The names each document shows: the organizations and ventures it names, with the register's
// indicators, budget categories, spheres and programmes where it shows them.
registry::Names names_for(store::Store& store, const MonthlyReport& report);
registry::Names names_for(store::Store& store, const Portfolio& portfolio);
registry::Names names_for(store::Store& store, const VentureDossier& dossier);
registry::Names names_for(store::Store& store, const std::vector<MissingReport>& missing);
registry::Names names_for(store::Store& store, const AnnualReport& report);

}  // namespace toro::reporting
