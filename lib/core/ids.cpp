#include "core/ids.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <string>

namespace toro {

namespace {

int digit_at(std::string_view digits, std::size_t index)
{
    return digits[index] - '0';
}

// The text after an optional "PL" country prefix (either case).
std::string_view without_country(std::string_view text)
{
    if (text.size() >= 2 && ascii_lower(text.substr(0, 2)) == "pl") {
        return text.substr(2);
    }
    return text;
}

// The text without any of the given separator characters.
std::string without(std::string_view text, std::string_view separators)
{
    std::string result;
    result.reserve(text.size());
    for (const char c : text) {
        if (separators.find(c) == std::string_view::npos) {
            result += c;
        }
    }
    return result;
}

// Σ digit × weight over the leading digits, one weight per digit.
template <std::size_t N> int weighted_sum(std::string_view digits, const std::array<int, N>& weights)
{
    int sum = 0;
    for (std::size_t i = 0; i < N; ++i) {
        sum += digit_at(digits, i) * weights[i];
    }
    return sum;
}

constexpr std::array<int, 8> regon9_weights = {8, 9, 2, 3, 4, 5, 6, 7};
constexpr std::array<int, 13> regon14_weights = {2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8};

// Whether the last of `digits` is the REGON check digit of the ones before it.
template <std::size_t N> bool regon_check_matches(std::string_view digits, const std::array<int, N>& weights)
{
    return weighted_sum(digits, weights) % 11 % 10 == digit_at(digits, N);
}

}  // namespace

Nip Nip::parse(std::string_view text)
{
    const std::string digits = without(without_country(trim(text)), " -");
    if (!all_digits(digits)) {
        throw InvalidValue(Message("ids.nip_digits"));
    }
    if (digits.size() != 10) {
        throw InvalidValue(Message("ids.nip_length", {{"count", digits.size()}}));
    }
    constexpr std::array<int, 9> weights = {6, 5, 7, 2, 3, 4, 5, 6, 7};
    const int check = weighted_sum(digits, weights) % 11;
    if (check == 10 || check != digit_at(digits, 9)) {
        throw InvalidValue(Message("ids.nip_check"));
    }
    return Nip(digits);
}

std::string Nip::formatted() const
{
    const std::string_view d = m_digits;
    return fmt::format("{}-{}-{}-{}", d.substr(0, 3), d.substr(3, 3), d.substr(6, 2), d.substr(8, 2));
}

Regon Regon::parse(std::string_view text)
{
    const std::string digits = without(trim(text), " -");
    if (!all_digits(digits)) {
        throw InvalidValue(Message("ids.regon_digits"));
    }
    if (digits.size() != 9 && digits.size() != 14) {
        throw InvalidValue(Message("ids.regon_length", {{"count", digits.size()}}));
    }
    if (!regon_check_matches(digits, regon9_weights)) {
        throw InvalidValue(Message(digits.size() == 9 ? Key("ids.regon_check") : Key("ids.regon_first_nine")));
    }
    if (digits.size() == 14 && !regon_check_matches(digits, regon14_weights)) {
        throw InvalidValue(Message("ids.regon_check"));
    }
    return Regon(digits);
}

Krs Krs::parse(std::string_view text)
{
    const std::string_view digits = trim(text);
    if (!all_digits(digits)) {
        throw InvalidValue(Message("ids.krs_digits"));
    }
    if (digits.empty() || digits.size() > 10) {
        throw InvalidValue(Message("ids.krs_length", {{"count", digits.size()}}));
    }
    if (digits.find_first_not_of('0') == std::string_view::npos) {
        throw InvalidValue(Message("ids.krs_zeros"));
    }
    return Krs(std::string(10 - digits.size(), '0') + std::string(digits));
}

PostalCode PostalCode::parse(std::string_view text)
{
    const std::string_view code = trim(text);
    const bool well_formed =
        code.size() == 6 && code[2] == '-' && all_digits(code.substr(0, 2)) && all_digits(code.substr(3));
    if (!well_formed) {
        throw InvalidValue(Message("ids.postal_code"));
    }
    return PostalCode(std::string(code));
}

BankAccount BankAccount::parse(std::string_view text)
{
    const std::string digits = without(without_country(trim(text)), " ");
    if (!all_digits(digits)) {
        throw InvalidValue(Message("ids.account_digits"));
    }
    if (digits.size() != 26) {
        throw InvalidValue(Message("ids.account_length", {{"count", digits.size()}}));
    }
    // IBAN check: the 24 digits after the check digits, then "PL" as 25 21, then the check
    // digits, read as one number, must leave 1 when divided by 97.
    const std::string rearranged = digits.substr(2) + "2521" + digits.substr(0, 2);
    int remainder = 0;
    for (const char c : rearranged) {
        remainder = (remainder * 10 + (c - '0')) % 97;
    }
    if (remainder != 1) {
        throw InvalidValue(Message("ids.account_check"));
    }
    return BankAccount(digits);
}

std::string BankAccount::iban() const
{
    return "PL" + m_digits;
}

}  // namespace toro
