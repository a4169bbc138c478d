#pragma once
// The end of the grant cycle as the store holds it (PRODUCT.md §13, docs/grants.md): a
// venture's settlement from its payments, returns and final report, the final report drafted
// from what toro holds, and the import of the final report's costs by category and source.

#include "config/config.hpp"
#include "grants/settlement.hpp"
#include "io/import.hpp"
#include "reporting/monitoring.hpp"
#include "store/store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace toro::grants {

// The sources of the final report's costs (the 2018 form): the grant; own financial
// resources; own non-financial: personal (volunteers, work) and in kind; fees from
// participants; other.
inline constexpr const char* cost_sources[] = {"grant", "own", "personal", "in_kind", "fees", "other"};

// The rates of late interest in force: the shipped table with the configuration's
// [[settlement.rate]] entries in place from their first date on.
std::vector<RateChange> rates_in_force(const config::Config& config);

struct VentureSettlement {
    std::string code;
    std::string title;
    std::string org;
    Date as_of = Date::from_ymd(2000, 1, 1);
    Settlement settlement;
};

// How a settlement reads in JSON (render/fields.hpp): `report settlement --format json`
// (schemas/report-settlement.schema.json), of --all an array of them. Defined with the
// settlement's documents (documents.cpp).
void fields(const VentureSettlement& settlement, render::Fields& out);

// One venture's settlement as of `as_of`. Throws Error(Exit::data) when there is no such
// venture, or when its final report's costs have not been imported.
VentureSettlement settle_venture(store::Store& store, const config::Config& config, const std::string& code,
                                 Date as_of);
// Every venture with a final report whose balance is above zero as of `as_of`, by code.
std::vector<VentureSettlement> settlements_due(store::Store& store, const config::Config& config, Date as_of);

// The final report drafted from the register and the monthly reports.
struct FinalReport {
    std::string code;
    std::string title;
    std::string org;
    std::string program;
    Period starts = Period::from_ym(2000, 1);
    Period ends = Period::from_ym(2000, 1);
    Money grant;
    Money own_funds;
    Money in_kind;
    std::vector<reporting::IndicatorProgress> results;  // planned against achieved
    struct Cost {
        std::string category;
        std::string source;            // one of cost_sources; budget lines' own/in_kind as planned
        std::optional<Money> planned;  // from the budget lines
        std::optional<Money> actual;   // from the imported final figures
    };
    std::vector<Cost> costs;  // by category, then source
    bool has_actual = false;  // the final figures have been imported
};

// How the final report reads in JSON (render/fields.hpp): `report final --format json`, in the
// parts of its document — the venture, results, costs, costs by source with their total, and
// the parts left to fill. Defined with its document (documents.cpp).
void fields(const FinalReport::Cost& cost, render::Fields& out);
void fields(const FinalReport& report, render::Fields& out);

FinalReport final_report(store::Store& store, const config::Config& config, const std::string& code, Date as_of);

// `report import --layout final`: rows `venture, category, source, actual`, upserted on
// (venture, category, source), each change audited.
std::unique_ptr<io::ImportSink> final_cost_sink(store::Store& store, const config::Config& config);

}  // namespace toro::grants
