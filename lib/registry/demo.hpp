#pragma once
// The demonstration city built into the binary (examples/demo/), loaded through the same
// import code as any batch.

#include "config/config.hpp"
#include "core/catalogue.hpp"
#include "io/import.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace toro::registry {

struct DemoLoad {
    std::string file;  // examples/demo/orgs.csv
    std::string entity;
    io::ImportSummary summary;
};

// Imports every demo file in dependency order, all or nothing (inside the caller's
// transaction). Throws BatchError if a file does not import cleanly.
std::vector<DemoLoad> load_demo(store::Store& store, const config::Config& config);

// What a store holds that the demo must never be mixed into: the register's records, monthly
// reports and survey responses, as (how many, what: "organizations", "ventures", ...) for every
// kind it holds, in the register's order. The file is opened read-only; an empty result for a
// file that is not a toro store (opening it as the store says why).
std::vector<std::pair<std::int64_t, std::string>> held_records(const std::filesystem::path& path);

// "31 organizations, 42 ventures" for held_records().
Message describe_held(const std::vector<std::pair<std::int64_t, std::string>>& held);

// "32 organizations", "1 loan": a count of an entity's records in words (count.ENTITY).
Message count_of(const std::string& entity, std::int64_t count);

// Registers the indicator catalogue of the configuration ([[indicator]]) by upsert; returns
// how many were inserted or updated. Throws BatchError when an entry fails the checks.
std::size_t register_config_indicators(store::Store& store, const config::Config& config);

}  // namespace toro::registry
