#pragma once
// The demonstration city of `toro init --demo` as a whole: the register, the monthly reports,
// the survey responses and the grants' final figures, loaded in one transaction, and the
// question init asks first — does a store hold the demo and nothing else?

#include "config/config.hpp"
#include "io/import.hpp"
#include "registry/demo.hpp"
#include "store/store.hpp"
#include "survey/demo.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace toro::demo {

// What loading the demo did, for init's notes.
struct CityLoad {
    std::vector<registry::DemoLoad> register_loads;
    // The reports go through review (accepted ones are locked, one is returned and resubmitted),
    // so loading them again would not be a no-op: they are loaded once, into a store without
    // reports; none when the store had some.
    std::optional<io::ImportSummary> reports;
    std::vector<survey::DemoResponses> surveys;
};

// Loads the demo city into `store` in one transaction of its own.
CityLoad load_city(store::Store& store, const config::Config& config);

// Whether the store at `open.path` holds the demo and nothing else: loading the demo again, in a
// transaction rolled back, changes no record, and every record of the register is one of the
// demo's. A store of another schema version is not opened (opening would migrate it): false.
bool holds_the_demo_only(const store::OpenOptions& open, const config::Config& config);

}  // namespace toro::demo
