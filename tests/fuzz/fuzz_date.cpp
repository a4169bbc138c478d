// Date::parse and Period::parse on any text: each either throws InvalidValue or gives a value
// whose ISO form parses back to it; a date's day number and its month agree with it.
#include "core/date.hpp"
#include "core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool property)
{
    if (!property) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto date = toro::Date::parse(text);
        check(toro::Date::parse(date.to_string()) == date);
        check(toro::Date::from_serial(date.serial()) == date);
        check(date.add_days(1).serial() == date.serial() + 1);
        check(date.period().first_day() <= date && date <= date.period().last_day());
        check(date.to_string().size() == 10);
    } catch (const toro::InvalidValue&) {
    }
    try {
        const auto period = toro::Period::parse(text);
        check(toro::Period::parse(period.to_string()) == period);
        check(period.first_day().period() == period && period.last_day().period() == period);
        check(period.last_day().day() == period.days_in_month());
        check(period.to_string().size() == 7);
    } catch (const toro::InvalidValue&) {
    }
    return 0;
}
