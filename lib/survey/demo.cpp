#include "survey/demo.hpp"

#include "core/embedded.hpp"
#include "survey/catalogue.hpp"
#include "survey/responses.hpp"

#include <algorithm>
#include <sstream>

namespace toro::survey {
namespace {

struct DemoFile {
    const char* path;
    const char* instrument;
    const char* group;  // for files without a group column; nullptr: the file names it
};

constexpr const char* demo_instruments[] = {"examples/demo/survey-komp-2026.toml",
                                            "examples/demo/study-ewal-2026.toml"};

constexpr DemoFile demo_responses[] = {
    {"examples/demo/survey-ies.csv", "KOMP-2026", nullptr},
    {"examples/demo/survey-jst.csv", "KOMP-2026", "jst"},
    {"examples/demo/study-responses.csv", "EWAL-2026", nullptr},
};

}  // namespace

std::vector<DemoResponses> load_demo_surveys(store::Store& store)
{
    for (const auto* path : demo_instruments) {
        const auto instrument = parse_instrument(embedded_file(path), path);
        const auto listed = list_instruments(store, std::nullopt);
        const bool answered = std::any_of(listed.begin(), listed.end(), [&](const InstrumentSummary& each) {
            return each.code == instrument.code && each.responses > 0;
        });
        if (!answered) {
            save_instrument(store, instrument, true);
        }
    }
    std::vector<DemoResponses> loads;
    for (const auto& file : demo_responses) {
        const auto instrument = stored_instrument(store, file.instrument, std::nullopt);
        ImportSettings settings;
        if (file.group != nullptr) {
            settings.group = file.group;
        }
        settings.wave = "2026";
        auto sink = response_sink(store, instrument, settings);
        auto rows =
            io::open_rows(std::make_unique<std::istringstream>(std::string(embedded_file(file.path))), file.path, {});
        auto summary = io::run_import(*rows, file.path, *sink, {});
        if (summary.problem_count > 0) {
            throw BatchError(file.path, summary.errors);
        }
        loads.push_back({file.path, std::move(summary)});
    }
    return loads;
}

std::string_view demo_training_modules()
{
    return embedded_file("examples/demo/training_modules.toml");
}

}  // namespace toro::survey
