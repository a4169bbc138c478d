#include "core/money.hpp"

#include "core/catalogue.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>

namespace toro {

namespace {

// The text with every no-break space (U+00A0) and narrow no-break space (U+202F) replaced
// by an ASCII space, so that the rest of the parser sees one kind of space.
std::string with_plain_spaces(std::string_view text)
{
    constexpr std::string_view no_break = "\xC2\xA0";
    constexpr std::string_view narrow_no_break = "\xE2\x80\xAF";
    std::string result;
    result.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::string_view rest = text.substr(i);
        if (rest.starts_with(no_break)) {
            result += ' ';
            i += no_break.size();
        } else if (rest.starts_with(narrow_no_break)) {
            result += ' ';
            i += narrow_no_break.size();
        } else {
            result += text[i];
            ++i;
        }
    }
    return result;
}

// Removes the suffix (ASCII letters compared case-insensitively) when the text ends with it.
bool strip_suffix(std::string_view& text, std::string_view suffix)
{
    if (text.size() < suffix.size()) {
        return false;
    }
    const std::string_view tail = text.substr(text.size() - suffix.size());
    if (ascii_lower(tail) != suffix) {
        return false;
    }
    text.remove_suffix(suffix.size());
    return true;
}

// Removes the prefix (compared case-insensitively) when the text starts with it.
bool strip_prefix(std::string_view& text, std::string_view prefix)
{
    if (text.size() < prefix.size() || ascii_lower(text.substr(0, prefix.size())) != prefix) {
        return false;
    }
    text.remove_prefix(prefix.size());
    return true;
}

// Removes a trailing currency word: "zł" (also "ZŁ"), "zl" written without the diacritic, or
// "PLN", letters in either case.
void strip_currency_suffix(std::string_view& text)
{
    constexpr std::string_view small_l_stroke = "\xC5\x82";    // "ł"
    constexpr std::string_view capital_l_stroke = "\xC5\x81";  // "Ł"
    if (text.ends_with(small_l_stroke) || text.ends_with(capital_l_stroke)) {
        std::string_view head = text.substr(0, text.size() - small_l_stroke.size());
        if (strip_suffix(head, "z")) {
            text = head;
        }
        return;
    }
    if (!strip_suffix(text, "zl")) {
        strip_suffix(text, "pln");
    }
}

// The integer part as written, digit groups separated by `group_separator` (a space or the
// thousands separator), or plain digits without separators. Returns the digits alone.
std::string integer_digits(std::string_view text, char group_separator)
{
    if (text.empty()) {
        throw InvalidValue(Message("money.not_an_amount"));
    }
    if (text.find(group_separator) == std::string_view::npos) {
        if (!all_digits(text)) {
            throw InvalidValue(Message("money.not_an_amount"));
        }
        return std::string(text);
    }
    std::string digits;
    bool first = true;
    for (const std::string& group : split(text, group_separator)) {
        if (group.empty() || !all_digits(group)) {
            throw InvalidValue(Message("money.not_an_amount"));
        }
        if ((first && group.size() > 3) || (!first && group.size() != 3)) {
            throw InvalidValue(Message("money.groups"));
        }
        digits += group;
        first = false;
    }
    return digits;
}

struct NumberParts {
    std::string whole;     // digits of the złoty
    std::string fraction;  // zero to two digits of the grosze
};

// Splits the unsigned number part: the decimal separator, if any, is the last '.' or ','; the
// other one may separate thousands only when both are present.
NumberParts split_number(std::string_view text)
{
    const auto dots = std::count(text.begin(), text.end(), '.');
    const auto commas = std::count(text.begin(), text.end(), ',');
    const bool has_space = text.find(' ') != std::string_view::npos;

    if (dots == 0 && commas == 0) {
        return {integer_digits(text, ' '), {}};
    }

    const std::size_t decimal_at = text.find_last_of(".,");
    const char decimal = text[decimal_at];
    const char thousands = decimal == '.' ? ',' : '.';
    const auto decimal_count = decimal == '.' ? dots : commas;
    const auto thousands_count = decimal == '.' ? commas : dots;
    if (decimal_count > 1) {
        throw InvalidValue(Message("money.separator_without_decimals"));
    }

    const std::string_view whole = text.substr(0, decimal_at);
    const std::string_view fraction = text.substr(decimal_at + 1);
    if (!all_digits(fraction)) {
        throw InvalidValue(Message("money.not_an_amount"));
    }
    if (fraction.empty()) {
        throw InvalidValue(Message("money.no_decimals"));
    }
    // "1.234" may be 1234 zł with a thousands dot or 1.234 with three decimals; "0.001" and
    // "1234.567" can only be read as decimals.
    const bool could_be_group = !whole.empty() && whole.size() <= 3 && whole.front() != '0';
    if (fraction.size() == 3 && thousands_count == 0 && !has_space && could_be_group) {
        throw InvalidValue(Message("money.ambiguous"));
    }
    if (fraction.size() > 2) {
        throw InvalidValue(Message("money.too_many_decimals"));
    }

    if (thousands_count > 0) {
        if (has_space) {
            throw InvalidValue(Message("money.not_an_amount"));
        }
        return {integer_digits(whole, thousands), std::string(fraction)};
    }
    return {integer_digits(whole, ' '), std::string(fraction)};
}

}  // namespace

Money Money::parse(std::string_view text)
{
    const std::string plain = with_plain_spaces(text);
    std::string_view rest = trim(plain);
    if (rest.empty()) {
        throw InvalidValue(Message("money.empty"));
    }
    strip_currency_suffix(rest);
    rest = trim(rest);

    bool negative = false;
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    // "PLN 1,234.56" and "-PLN 1,234.56", as format(Lang::en) writes them.
    if (strip_prefix(rest, "pln")) {
        rest = trim(rest);
    }
    if (rest.empty()) {
        throw InvalidValue(Message("money.not_an_amount"));
    }

    const NumberParts parts = split_number(rest);
    constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t grosze = 0;
    const std::string all = parts.whole + (parts.fraction + std::string(2 - parts.fraction.size(), '0'));
    for (const char c : all) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (grosze > (limit - digit) / 10) {
            throw InvalidValue(Message("money.too_large"));
        }
        grosze = grosze * 10 + digit;
    }
    if (grosze > static_cast<std::uint64_t>(max_input_grosze)) {
        throw InvalidValue(Message("money.out_of_range"));
    }
    const auto value = static_cast<std::int64_t>(grosze);
    return Money(negative ? -value : value);
}

namespace {

[[noreturn]] void sum_too_large()
{
    throw Error(Exit::data, Message("money.sum_too_large"));
}

}  // namespace

std::int64_t Money::checked_sum(std::int64_t a, std::int64_t b)
{
    std::int64_t result = 0;
    if (__builtin_add_overflow(a, b, &result)) {
        sum_too_large();
    }
    return result;
}

std::int64_t Money::checked_difference(std::int64_t a, std::int64_t b)
{
    std::int64_t result = 0;
    if (__builtin_sub_overflow(a, b, &result)) {
        sum_too_large();
    }
    return result;
}

namespace {

// The magnitude of a grosze amount, safe for the most negative value.
std::uint64_t magnitude(std::int64_t grosze)
{
    return grosze < 0 ? 0 - static_cast<std::uint64_t>(grosze) : static_cast<std::uint64_t>(grosze);
}

}  // namespace

std::string Money::to_machine() const
{
    const std::uint64_t abs = magnitude(m_grosze);
    return fmt::format("{}{}.{:02}", m_grosze < 0 ? "-" : "", abs / 100, abs % 100);
}

std::string Money::format(Lang lang) const
{
    return formatter(lang).money(*this);
}

}  // namespace toro
