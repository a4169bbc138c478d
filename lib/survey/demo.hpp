#pragma once
// The demo city's survey and evaluation study (examples/demo/): the instruments and their
// responses, built into the binary, loaded by `toro init --demo`.

#include "io/import.hpp"
#include "store/store.hpp"

#include <string>
#include <vector>

namespace toro::survey {

struct DemoResponses {
    std::string path;
    io::ImportSummary summary;
};

// Loads KOMP-2026 and EWAL-2026 (replacing them while they have no responses) and imports
// their responses as wave 2026. Call inside a write transaction.
std::vector<DemoResponses> load_demo_surveys(store::Store& store);

// The training modules the demo configuration adds to the template ([[training_module]]).
std::string_view demo_training_modules();

}  // namespace toro::survey
