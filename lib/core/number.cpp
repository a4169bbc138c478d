#include "core/number.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace toro {

double parse_indicator_value(std::string_view written)
{
    std::string_view text = trim(written);
    std::string with_point;  // a decimal comma is read as a point
    if (text.find(',') != std::string_view::npos) {
        with_point = text;
        std::replace(with_point.begin(), with_point.end(), ',', '.');
        text = with_point;
    }
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);  // from_chars reads no plus sign
    }
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value, std::chars_format::general);
    // Only digits, a sign, a point and an exponent: "nan", "inf" and "infinity" are not numbers here.
    const bool plain = std::all_of(text.begin(), text.end(),
                                   [](char c) { return is_digit(c) || c == '-' || c == '.' || c == 'e' || c == 'E'; });
    if (text.empty() || !plain || stop != end || (error != std::errc() && error != std::errc::result_out_of_range)) {
        throw InvalidValue(Message("number.not_a_number"));
    }
    if (error == std::errc::result_out_of_range || !std::isfinite(value) || std::fabs(value) > max_indicator_value) {
        throw InvalidValue(Message("number.out_of_range", {{"max", max_indicator_value}}));
    }
    return value == 0 ? 0 : value;  // no negative zero
}

}  // namespace toro
