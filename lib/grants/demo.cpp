#include "grants/demo.hpp"

#include "core/embedded.hpp"
#include "core/error.hpp"
#include "grants/ledger.hpp"
#include "io/rows.hpp"

#include <sstream>

namespace toro::grants {

io::ImportSummary load_demo_final_costs(store::Store& store, const config::Config& config)
{
    constexpr std::string_view path = "examples/demo/final_costs.csv";
    auto rows =
        io::open_rows(std::make_unique<std::istringstream>(std::string(embedded_file(path))), std::string(path), {});
    auto sink = final_cost_sink(store, config);
    auto summary = io::run_import(*rows, std::string(path), *sink, {});
    if (summary.problem_count > 0) {
        throw BatchError(std::string(path), summary.errors);
    }
    return summary;
}

}  // namespace toro::grants
