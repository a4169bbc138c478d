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
    // The largest amount toro accepts on input, either sign: 999 999 999 999,99 zł (far beyond
    // any city budget; a sum of 90 000 of them still fits).
    static constexpr std::int64_t max_input_grosze = 99'999'999'999'999;

    constexpr Money() = default;
    static constexpr Money from_grosze(std::int64_t grosze) { return Money(grosze); }

    // Parses what people write: "1234.56", "1234,56", "1 234,56", "1 234,56 zł", "-12,5",
    // "1234", "1.234,56" (dot as thousands separator only together with a decimal comma).
    // Spaces may be ASCII, no-break (U+00A0) or narrow no-break (U+202F); "zł" or "PLN" may
    // follow. More than two decimals, an amount beyond ±max_input_grosze, an empty text or
    // anything else throws InvalidValue.
    static Money parse(std::string_view text);

    constexpr std::int64_t grosze() const { return m_grosze; }

    // Machine form for CSV and JSON: "1234.56", "-0.05", "12.00".
    std::string to_machine() const;
    // The value in złoty as a double, for JSON numbers (exact for any realistic amount).
    double to_zloty() const { return static_cast<double>(m_grosze) / 100.0; }
    // Human form: Polish "1 234,56 zł", English "PLN 1,234.56".
    std::string format(Lang lang) const;

    // Sums and differences are checked: one that would not fit throws Error(Exit::data) instead
    // of wrapping around to a wrong amount.
    Money operator+(Money other) const { return Money(checked_sum(m_grosze, other.m_grosze)); }
    Money operator-(Money other) const { return Money(checked_difference(m_grosze, other.m_grosze)); }
    Money operator-() const { return Money(checked_difference(0, m_grosze)); }
    Money& operator+=(Money other)
    {
        m_grosze = checked_sum(m_grosze, other.m_grosze);
        return *this;
    }
    Money& operator-=(Money other)
    {
        m_grosze = checked_difference(m_grosze, other.m_grosze);
        return *this;
    }
    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(std::int64_t grosze) : m_grosze(grosze) {}
    static std::int64_t checked_sum(std::int64_t a, std::int64_t b);
    static std::int64_t checked_difference(std::int64_t a, std::int64_t b);
    std::int64_t m_grosze = 0;
};

}  // namespace toro
