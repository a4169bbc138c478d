#include "registry/demo.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "registry/register.hpp"

#include "store/database.hpp"
#include <fmt/format.h>

#include <sstream>

namespace toro::registry {
namespace {

// Demo files and what they hold, in the order their references need.
constexpr std::pair<const char*, const char*> demo_files[] = {
    {"examples/demo/orgs.csv", "org"},
    {"examples/demo/indicators.csv", "indicator"},
    {"examples/demo/programs.csv", "program"},
    {"examples/demo/ventures.json", "venture"},
    {"examples/demo/loans.csv", "loan"},
    {"examples/demo/repayments.csv", "repayment"},
    {"examples/demo/payments.csv", "payment"},
    {"examples/demo/grant_returns.csv", "grant_return"},
    {"examples/demo/consultations.csv", "consultation"},
    {"examples/demo/trainings.csv", "training"},
    {"examples/demo/attendance.csv", "attendance"},
    // The grant cycle before the grant: an open call of the next year with its offers,
    // reviewers and their points (hand-written, not by generate.py).
    {"examples/demo/calls_programs.csv", "program"},
    {"examples/demo/calls.csv", "call"},
    {"examples/demo/offers.json", "offer"},
    {"examples/demo/reviewers.csv", "reviewer"},
    {"examples/demo/scores.csv", "score"},
};

// Tables whose rows are records of the city's own (a reference table or a configuration
// indicator is not); the catalogue counts them as count.TABLE.
constexpr const char* held_tables[] = {"org",       "program",    "venture",      "loan",
                                       "repayment", "payment",    "grant_return", "consultation",
                                       "training",  "attendance", "report",       "response"};

}  // namespace

std::vector<std::pair<std::int64_t, std::string>> held_records(const std::filesystem::path& path)
{
    std::vector<std::pair<std::int64_t, std::string>> held;
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        for (const char* table : held_tables) {
            if (db.execAndGet(
                      fmt::format("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{}'", table))
                    .getInt() == 0) {
                continue;
            }
            const auto count = db.execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", table)).getInt64();
            if (count > 0) {
                held.emplace_back(count, table);
            }
        }
    } catch (const SQLite::Exception&) {
        return {};
    }
    return held;
}

Message count_of(const std::string& entity, std::int64_t count)
{
    return Message(Key::composed("count." + entity), {{"n", count}});
}

Message describe_held(const std::vector<std::pair<std::int64_t, std::string>>& held)
{
    Message text;
    for (auto it = held.rbegin(); it != held.rend(); ++it) {
        text = text.empty() ? count_of(it->second, it->first)
                            : Message("value.list", {{"first", count_of(it->second, it->first)}, {"rest", text}});
    }
    return text;
}

std::vector<DemoLoad> load_demo(store::Store& store, const config::Config& config)
{
    Register reg(store, config);
    reg.read_criteria_from("examples/demo", true);  // a call's criteria file, built in beside it
    std::vector<DemoLoad> loads;
    for (const auto& [path, entity_name] : demo_files) {
        const auto& entity = *find_entity(entity_name);
        auto rows = io::open_rows(std::make_unique<std::istringstream>(std::string(embedded_file(path))), path, {});
        auto sink = reg.import_sink(entity);
        auto summary = io::run_import(*rows, path, *sink, {});
        if (summary.problem_count > 0) {
            throw BatchError(path, summary.errors);
        }
        loads.push_back({path, entity_name, std::move(summary)});
    }
    return loads;
}

std::size_t register_config_indicators(store::Store& store, const config::Config& config)
{
    Register reg(store, config);
    const auto& entity = *find_entity("indicator");
    std::size_t changed = 0;
    for (const auto& indicator : config.indicators) {
        const nlohmann::ordered_json fields = {{"code", indicator.code},
                                               {"name", indicator.name},
                                               {"name_en", indicator.name_en},
                                               {"unit", indicator.unit},
                                               {"kind", indicator.kind},
                                               {"aggregation", indicator.aggregation},
                                               {"higher_is_better", indicator.higher_is_better}};
        std::vector<Problem> problems;
        const auto record = reg.parse(entity, fields, 0, problems);
        if (!record) {
            throw BatchError(config.file.string() + " [[indicator]] " + indicator.code, std::move(problems));
        }
        if (reg.upsert(entity, *record) != io::Outcome::unchanged) {
            ++changed;
        }
    }
    return changed;
}

}  // namespace toro::registry
