#include "demo/city.hpp"

#include "grants/demo.hpp"
#include "reporting/demo_reports.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <map>
#include <string>

namespace toro::demo {

CityLoad load_city(store::Store& store, const config::Config& config)
{
    store::WriteTransaction transaction(store);
    CityLoad load;
    load.register_loads = registry::load_demo(store, config);
    if (store.db().query_integer("SELECT count(*) FROM report") == 0) {
        load.reports = reporting::load_demo_reports(store, config);
    }
    load.surveys = survey::load_demo_surveys(store);
    grants::load_demo_final_costs(store, config);
    transaction.commit();
    return load;
}

bool holds_the_demo_only(const store::OpenOptions& open, const config::Config& config)
{
    {
        SQLite::Database db(open.path, SQLite::OPEN_READONLY);
        if (db.execAndGet("PRAGMA user_version").getInt() != store::latest_version()) {
            return false;
        }
    }
    store::Store store(open);
    store::WriteTransaction transaction(store);
    std::map<std::string, std::int64_t> demo_counts;
    for (const auto& load : registry::load_demo(store, config)) {
        if (load.summary.inserted > 0 || load.summary.updated > 0) {
            return false;
        }
        demo_counts[load.entity] += static_cast<std::int64_t>(load.summary.unchanged);
    }
    for (const auto& load : survey::load_demo_surveys(store)) {
        if (load.summary.inserted > 0 || load.summary.updated > 0) {
            return false;
        }
    }
    demo_counts.erase("indicator");  // the configuration's catalogue shares the table
    for (const auto& [entity, count] : demo_counts) {
        if (store.db().query_integer(fmt::format("SELECT count(*) FROM \"{}\"", entity)) != count) {
            return false;
        }
    }
    return true;  // the transaction rolls back
}

}  // namespace toro::demo
