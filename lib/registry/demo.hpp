#pragma once
// The demonstration city built into the binary (examples/demo/), loaded through the same
// import code as any batch.

#include "config/config.hpp"
#include "io/import.hpp"
#include "store/store.hpp"

#include <string>
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

// Registers the indicator catalogue of the configuration ([[indicator]]) by upsert; returns
// how many were inserted or updated. Throws BatchError when an entry fails the checks.
std::size_t register_config_indicators(store::Store& store, const config::Config& config);

} // namespace toro::registry
