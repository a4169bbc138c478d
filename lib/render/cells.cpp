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
                return formatter(lang).yes_no(value);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(value);
            } else if constexpr (std::is_same_v<T, double>) {
                return formatter(lang).number(value);
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return formatter(lang).percent(value.value);
            } else if constexpr (std::is_same_v<T, Money>) {
                return formatter(lang).money(value);
            } else if constexpr (std::is_same_v<T, Date>) {
                return formatter(lang).date(value);
            } else if constexpr (std::is_same_v<T, Period>) {
                return formatter(lang).period(value);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return value;
            } else if constexpr (std::is_same_v<T, SharedTerm>) {
                return value->words.text(lang);
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
            } else if constexpr (std::is_same_v<T, SharedTerm>) {
                return value->code;
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
    const Lang lang = options.lang;
    std::vector<std::pair<std::string, Cell>> facts;
    const std::string period = json_fact(document, "period");
    const std::string year = json_fact(document, "year");
    const std::string as_of = json_fact(document, "as_of");
    if (!options.city.empty() && !(period.empty() && year.empty() && as_of.empty())) {
        facts.emplace_back(say(lang, "xlsx.city"), options.city);
    }
    if (!period.empty()) {
        facts.emplace_back(say(lang, "xlsx.period"), period);
    } else if (!year.empty()) {
        const bool number = document.json->at("year").is_number_integer();
        facts.emplace_back(say(lang, "xlsx.year"), number ? Cell{document.json->at("year").get<std::int64_t>()} : Cell{year});
    }
    if (!as_of.empty()) {
        Cell value = as_of;
        try {
            value = Date::parse(as_of);  // a date is a real date
        } catch (const InvalidValue&) {
            // not a plain date: shown as the report gives it
        }
        facts.emplace_back(say(lang, "xlsx.as_of"), value);
    }
    facts.emplace_back(say(lang, "xlsx.generated_on"), Date::today());
    return facts;
}

}  // namespace toro::render
