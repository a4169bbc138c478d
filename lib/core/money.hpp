#pragma once
// Money as an exact integer number of grosze (1/100 zł); never a binary float.

#include "core/lang.hpp"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace toro {

class Money {
public:
    constexpr Money() = default;
    static constexpr Money from_grosze(std::int64_t grosze) { return Money(grosze); }

    // Parses what people write: "1234.56", "1234,56", "1 234,56", "1 234,56 zł", "-12,5",
    // "1234", "1.234,56" (dot as thousands separator only together with a decimal comma).
    // Spaces may be ASCII, no-break (U+00A0) or narrow no-break (U+202F); "zł" or "PLN" may
    // follow. More than two decimals, an empty text or anything else throws InvalidValue.
    static Money parse(std::string_view text);

    constexpr std::int64_t grosze() const { return m_grosze; }

    // Machine form for CSV and JSON: "1234.56", "-0.05", "12.00".
    std::string to_machine() const;
    // The value in złoty as a double, for JSON numbers (exact for any realistic amount).
    double to_zloty() const { return static_cast<double>(m_grosze) / 100.0; }
    // Human form: Polish "1 234,56 zł", English "PLN 1,234.56".
    std::string format(Lang lang) const;

    constexpr Money operator+(Money other) const { return Money(m_grosze + other.m_grosze); }
    constexpr Money operator-(Money other) const { return Money(m_grosze - other.m_grosze); }
    constexpr Money operator-() const { return Money(-m_grosze); }
    constexpr Money& operator+=(Money other) { m_grosze += other.m_grosze; return *this; }
    constexpr Money& operator-=(Money other) { m_grosze -= other.m_grosze; return *this; }
    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(std::int64_t grosze) : m_grosze(grosze) {}
    std::int64_t m_grosze = 0;
};

} // namespace toro
