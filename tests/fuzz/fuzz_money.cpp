// Money::parse on any text: it either throws InvalidValue or gives a value whose machine, Polish
// and English forms all parse back to the same value.
#include "core/error.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    toro::Money money;
    try {
        money = toro::Money::parse(text);
    } catch (const toro::InvalidValue&) {
        return 0;
    }
    if (toro::Money::parse(money.to_machine()) != money || toro::Money::parse(money.format(toro::Lang::pl)) != money ||
        toro::Money::parse(money.format(toro::Lang::en)) != money) {
        std::abort();
    }
    return 0;
}
