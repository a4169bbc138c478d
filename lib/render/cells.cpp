#include "render/cells.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
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
            } else if constexpr (std::is_same_v<T, TermRef>) {
                return value->words.text(lang);
            } else {
                return joined(value, ", ");
            }
        },
        cell);
}

std::vector<NumberStyle> number_styles(const Table& table)
{
    const std::size_t count = table.columns.size();
    std::vector<NumberStyle> styles(count);
    for (std::size_t c = 0; c < count; ++c) {
        styles[c].p_value = table.columns[c].p_value;
        if (styles[c].p_value) {
            styles[c].decimals = 3;
        }
    }
    for_each_row(table, [&](const Row& row) {
        for (std::size_t c = 0; c < count; ++c) {
            const auto* value = std::get_if<double>(&cell_at(row, c));
            if (styles[c].p_value || value == nullptr || !std::isfinite(*value)) {
                continue;
            }
            // The decimals the value shows when rounded to two: 0 for 4, 1 for 0,9, 2 for 4,49.
            const auto hundredths = std::llround(std::fabs(*value) * 100);
            styles[c].decimals = std::max(styles[c].decimals, hundredths % 100 == 0 ? 0 : hundredths % 10 == 0 ? 1 : 2);
        }
    });
    return styles;
}

std::string human_text(const Cell& cell, Lang lang, const NumberStyle& style)
{
    const auto* value = std::get_if<double>(&cell);
    if (value == nullptr || style.decimals < 0 || !std::isfinite(*value)) {
        return human_text(cell, lang);
    }
    const auto& format = formatter(lang);
    if (style.p_value) {
        return format.p_value(*value);
    }
    if (!style.p_value && style.decimals == 2 && *value > 0 && *value < 0.005) {
        return format.number(*value);  // "< 0,01": not zero
    }
    // As number() writes them, without thousands separators (as whole numbers are), but with
    // the column's decimals.
    std::string text = fmt::format("{:.{}f}", *value, style.decimals);
    if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string::npos) {
        text.erase(0, 1);  // "-0,00" is "0,00"
    }
    std::replace(text.begin(), text.end(), '.', format.decimal_mark);
    return text;
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
            } else if constexpr (std::is_same_v<T, TermRef>) {
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

std::vector<bool> numeric_columns(const Table& table)
{
    const std::size_t count = table.columns.size();
    std::vector<bool> any_number(count, false);
    std::vector<bool> other(count, false);
    for_each_row(table, [&](const Row& row) {
        for (std::size_t c = 0; c < count; ++c) {
            const Cell& cell = cell_at(row, c);
            const auto* term = std::get_if<TermRef>(&cell);
            if (other[c] || std::holds_alternative<std::monostate>(cell) ||
                (term != nullptr && (*term)->code.empty())) {
                continue;  // no value (a term without a code says why to people)
            }
            if (is_numeric(cell)) {
                any_number[c] = true;
            } else {
                other[c] = true;
            }
        }
    });
    std::vector<bool> numeric(count);
    for (std::size_t c = 0; c < count; ++c) {
        numeric[c] = any_number[c] && !other[c];
    }
    return numeric;
}

bool is_numeric_column(const Table& table, std::size_t column)
{
    return column < table.columns.size() && numeric_columns(table)[column];
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
        facts.emplace_back(say(lang, "xlsx.year"),
                           number ? Cell{document.json->at("year").get<std::int64_t>()} : Cell{year});
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
