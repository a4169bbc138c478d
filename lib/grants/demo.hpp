#pragma once
// The demo city's final reports (examples/demo/final_costs.csv), loaded by `toro init --demo`
// beside the register's payments and returns.

#include "config/config.hpp"
#include "io/import.hpp"
#include "store/store.hpp"

namespace toro::grants {

// Upserts the demo's final report costs: loading them again changes nothing.
io::ImportSummary load_demo_final_costs(store::Store& store, const config::Config& config);

}  // namespace toro::grants
