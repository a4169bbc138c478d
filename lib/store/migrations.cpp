#include "store/migrations.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace toro::store {
namespace {

constexpr std::string_view migrations_folder = "schemas/migrations/";
constexpr std::string_view pg_migrations_folder = "schemas/migrations/pg/";
constexpr std::string_view load_directive = "-- @load ";

// The migrations directly in `folder` (not in a folder below it).
std::vector<MigrationStep> collect(std::string_view folder)
{
    std::vector<MigrationStep> steps;
    for (const auto& file : embedded_files()) {
        if (!file.path.starts_with(folder) || !file.path.ends_with(".sql") ||
            file.path.find('/', folder.size()) != std::string_view::npos) {
            continue;
        }
        const auto name = file.path.substr(folder.size());
        int version = 0;
        const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), version);
        if (error != std::errc() || *end != '_') {
            throw Error(Exit::internal, std::string(file.path), Message("migration.unnumbered"));
        }
        steps.push_back({version, std::string(name), file.content});
    }
    std::sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].version != static_cast<int>(i) + 1) {
            throw Error(Exit::internal, steps[i].name, Message("migration.gap"));
        }
    }
    return steps;
}

}  // namespace

const std::vector<MigrationStep>& migrations()
{
    static const std::vector<MigrationStep> steps = collect(migrations_folder);
    return steps;
}

const std::vector<MigrationStep>& pg_migrations()
{
    static const std::vector<MigrationStep> steps = collect(pg_migrations_folder);
    return steps;
}

void apply(store::Database& db, const MigrationStep& step)
{
    db.exec(std::string(step.sql));
    for (const auto& load : load_directives(step)) {
        load_reference(db, load.path, load.table);
    }
}

std::vector<LoadDirective> load_directives(const MigrationStep& step)
{
    std::vector<LoadDirective> loads;
    std::string_view rest = step.sql;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const auto line = trim(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!line.starts_with(load_directive)) {
            continue;
        }
        const auto words = split(trim(line.substr(load_directive.size())), ' ');
        if (words.size() != 2) {
            throw Error(Exit::internal, step.name, Message("migration.directive", {{"line", line}}));
        }
        loads.push_back({words[0], words[1]});
    }
    return loads;
}

}  // namespace toro::store
