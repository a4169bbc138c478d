#include "render/cells.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace toro::render {

namespace {

// "-0", "-0.0" and the like become unsigned: a rounded value of zero has no sign for people.
void drop_negative_zero(std::string& text)
{
    if (text.starts_with('-') && text.find_first_not_of("0.", 1) == std::string::npos) {
        text.erase(0, 1);
    }
}

std::string with_decimal_comma(std::string text, Lang lang)
{
    if (lang == Lang::pl) {
        for (char& c : text) {
            if (c == '.') {
                c = ',';
            }
        }
    }
    return text;
}

std::string human_double(double value, Lang lang)
{
    if (!std::isfinite(value)) {
        return shortest_number(value);
    }
    // A positive value too small for two decimals (a p-value, say) is not zero to a reader.
    if (value > 0 && value < 0.005) {
        return with_decimal_comma("< 0.01", lang);
    }
    std::string text = fmt::format("{:.2f}", value);
    while (text.ends_with('0')) {
        text.pop_back();
    }
    if (text.ends_with('.')) {
        text.pop_back();
    }
    drop_negative_zero(text);
    return with_decimal_comma(std::move(text), lang);
}

std::string human_percent(double fraction, Lang lang)
{
    if (!std::isfinite(fraction)) {
        return shortest_number(fraction);
    }
    std::string text = fmt::format("{:.1f}", fraction * 100.0);
    drop_negative_zero(text);
    return with_decimal_comma(std::move(text), lang) + " %";
}

std::string joined(const std::vector<std::string>& items, std::string_view separator)
{
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            text += separator;
        }
        text += items[i];
    }
    return text;
}

}  // namespace

std::string shortest_number(double value)
{
    if (value == 0) {
        return "0";
    }
    std::array<char, 400> buffer{};  // room for any double in plain notation
    const double magnitude = std::fabs(value);
    const bool plain = magnitude >= 1e-6 && magnitude < 1e15;
    const auto result =
        plain ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed)
              : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (result.ec != std::errc()) {
        return fmt::format("{}", value);
    }
    return std::string(buffer.data(), result.ptr);
}

std::string human_text(const Cell& cell, Lang lang)
{
    return std::visit(
        [lang](const auto& value) -> std::string {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, bool>) {
                if (lang == Lang::pl) {
                    return value ? "tak" : "nie";
                }
                return value ? "yes" : "no";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(value);
            } else if constexpr (std::is_same_v<T, double>) {
                return human_double(value, lang);
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return human_percent(value.value, lang);
            } else if constexpr (std::is_same_v<T, Money>) {
                return value.format(lang);
            } else if constexpr (std::is_same_v<T, Date> || std::is_same_v<T, Period>) {
                return value.to_string();
            } else if constexpr (std::is_same_v<T, std::string>) {
                return value;
            } else {
                return joined(value, ", ");
            }
        },
        cell);
}

std::string machine_text(const Cell& cell)
{
    return std::visit(
        [](const auto& value) -> std::string {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, bool>) {
                return value ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(value);
            } else if constexpr (std::is_same_v<T, double>) {
                return shortest_number(value);
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return shortest_number(value.value);
            } else if constexpr (std::is_same_v<T, Money>) {
                return value.to_machine();
            } else if constexpr (std::is_same_v<T, Date> || std::is_same_v<T, Period>) {
                return value.to_string();
            } else if constexpr (std::is_same_v<T, std::string>) {
                return value;
            } else {
                return joined(value, "|");
            }
        },
        cell);
}

bool is_numeric(const Cell& cell)
{
    return std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell) ||
           std::holds_alternative<Fraction>(cell) || std::holds_alternative<Money>(cell);
}

bool is_numeric_column(const Table& table, std::size_t column)
{
    bool any_number = false;
    for (const auto& row : table.rows) {
        const Cell& cell = cell_at(row, column);
        if (std::holds_alternative<std::monostate>(cell)) {
            continue;
        }
        if (!is_numeric(cell)) {
            return false;
        }
        any_number = true;
    }
    return any_number;
}

const Cell& cell_at(const std::vector<Cell>& row, std::size_t column)
{
    static const Cell empty;
    return column < row.size() ? row[column] : empty;
}

const std::string& heading(const Column& column)
{
    return column.label.empty() ? column.key : column.label;
}


namespace {

// A fact the document's JSON carries at its top level ("period", "as_of", ...), as text.
std::string json_fact(const Document& document, const char* key)
{
    if (!document.json || !document.json->is_object()) {
        return {};
    }
    const auto found = document.json->find(key);
    if (found == document.json->end()) {
        return {};
    }
    if (found->is_string()) {
        return found->get<std::string>();
    }
    if (found->is_number_integer()) {
        return std::to_string(found->get<std::int64_t>());
    }
    return {};
}

}  // namespace

std::vector<std::pair<std::string, Cell>> document_facts(const Document& document, const RenderOptions& options)
{
    const bool pl = options.lang == Lang::pl;
    std::vector<std::pair<std::string, Cell>> facts;
    const std::string period = json_fact(document, "period");
    const std::string year = json_fact(document, "year");
    const std::string as_of = json_fact(document, "as_of");
    if (!options.city.empty() && !(period.empty() && year.empty() && as_of.empty())) {
        facts.emplace_back(pl ? "Miasto" : "City", options.city);
    }
    if (!period.empty()) {
        facts.emplace_back(pl ? "Okres" : "Period", period);
    } else if (!year.empty()) {
        const bool number = document.json->at("year").is_number_integer();
        facts.emplace_back(pl ? "Rok" : "Year", number ? Cell{document.json->at("year").get<std::int64_t>()} : Cell{year});
    }
    if (!as_of.empty()) {
        Cell value = as_of;
        try {
            value = Date::parse(as_of);  // a date is a real date
        } catch (const InvalidValue&) {
            // not a plain date: shown as the report gives it
        }
        facts.emplace_back(pl ? "Stan na" : "As of", value);
    }
    facts.emplace_back(pl ? "Wygenerowano" : "Generated on", Date::today());
    return facts;
}

}  // namespace toro::render
