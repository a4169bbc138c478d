// Loading a survey or evaluation instrument from any text: it either gives an instrument that
// keeps the promises the rest of toro relies on (unique codes, items naming areas that exist,
// a scale with min below max and one label per point, the same result when read again), or
// fails with invalid input (exit 65) naming the file and every problem — never another
// error, never a crash.
#include "core/error.hpp"
#include "survey/instrument.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

void check_instrument(const toro::survey::Instrument& instrument)
{
    using toro::survey::Kind;
    check(!instrument.code.empty() && !instrument.items.empty());
    check(instrument.scale.min < instrument.scale.max);
    check(instrument.scale.labels.empty() ||
          instrument.scale.labels.size() == static_cast<std::size_t>(instrument.scale.max - instrument.scale.min + 1));
    std::set<std::string> areas;
    for (const auto& area : instrument.areas) {
        check(areas.insert(area.code).second);
    }
    std::set<std::string> items;
    for (const auto& item : instrument.items) {
        check(items.insert(item.code).second);
        check(item.area.empty() || areas.count(item.area) == 1);
        check(!item.rated_twice(instrument.kind) || !item.area.empty());
    }
    check(instrument.kind != Kind::competency || !instrument.areas.empty());
    const auto again = toro::survey::parse_instrument(instrument.definition, "again.toml");
    check(again.code == instrument.code && again.items.size() == instrument.items.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        check_instrument(toro::survey::parse_instrument(text, "fuzz.toml"));
    } catch (const toro::BatchError& error) {
        check(error.code() == toro::Exit::data && error.source() == "fuzz.toml" && !error.problems().empty());
        for (const auto& problem : error.problems()) {
            check(!problem.message.empty());
        }
    }
    return 0;
}
