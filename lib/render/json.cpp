// JSON and JSON Lines (docs/formats.md): field names are the column keys in column order,
// money is a number in złoty, a fraction a plain number, a list an array of strings, an
// empty cell null, dates ISO strings. Invalid UTF-8 in text is written as U+FFFD instead of
// failing. A list or a record takes the document's first table; a record table without a row
// is null.

#include "render/cells.hpp"
#include "render/writers.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>
#include <variant>

namespace toro::render {

namespace {

using Json = nlohmann::ordered_json;

Json to_json(const Cell& cell)
{
    return std::visit(
        [](const auto& value) -> Json {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return value.value;
            } else if constexpr (std::is_same_v<T, Money>) {
                return value.to_zloty();
            } else if constexpr (std::is_same_v<T, Date> || std::is_same_v<T, Period>) {
                return value.to_string();
            } else if constexpr (std::is_same_v<T, TermRef>) {
                return value->codes ? Json(*value->codes) : Json(value->code);
            } else {
                return value;  // bool, integer, double, text, list of text
            }
        },
        cell);
}

Json row_object(const Table& table, const std::vector<Cell>& row)
{
    Json object = Json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        object[table.columns[c].key] = to_json(cell_at(row, c));
    }
    return object;
}

Json table_json(const Table& table, bool as_record)
{
    if (as_record) {
        if (row_count(table) == 0) {
            return nullptr;
        }
        RowReader read(table);
        return row_object(table, read(0));
    }
    Json array = Json::array();
    for_each_row(table, [&](const Row& row) { array.push_back(row_object(table, row)); });
    return array;
}

Json document_json(const Document& document)
{
    switch (document.shape) {
    case Shape::list:
        return document.tables.empty() ? Json::array() : table_json(document.tables.front(), false);
    case Shape::record:
        return document.tables.empty() ? Json(nullptr) : table_json(document.tables.front(), true);
    case Shape::sections:
        break;
    }
    Json object = Json::object();
    for (const auto& table : document.tables) {
        object[table.name] = table_json(table, table.record);
    }
    return object;
}

std::string dumped(const Json& json, int indent)
{
    return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

using Serializer = nlohmann::detail::serializer<Json>;

Serializer serializer_to(std::ostream& out)
{
    return Serializer(nlohmann::detail::output_adapter<char>(out), ' ', Json::error_handler_t::replace);
}

// Writes the JSON text to the stream as it is made, not first into one string.
void dump_to(const Json& json, std::ostream& out)
{
    serializer_to(out).dump(json, true, false, 2);
}

// The document's JSON object with its lists (Document::json_lists) written in their members'
// places, one element at a time: the same text as dumping the whole object, pretty (two spaces
// an indent) or compact.
void dump_with_lists(const Document& document, std::ostream& out, bool pretty)
{
    auto serializer = serializer_to(out);
    const unsigned step = pretty ? 2 : 0;
    const auto indent = [&](unsigned width) {
        if (pretty) {
            out << '\n' << std::string(width, ' ');
        }
    };
    out << '{';
    bool first = true;
    for (const auto& member : document.json->items()) {
        out << (first ? "" : ",");
        first = false;
        indent(step);
        serializer.dump(Json(member.key()), false, false, 0);
        out << (pretty ? ": " : ":");
        const auto list = std::find_if(document.json_lists.begin(), document.json_lists.end(),
                                       [&](const JsonList& candidate) { return candidate.key == member.key(); });
        if (list == document.json_lists.end()) {
            serializer.dump(member.value(), pretty, false, step, step);
            continue;
        }
        if (list->size == 0) {
            out << "[]";
            continue;
        }
        out << '[';
        for (std::size_t i = 0; i < list->size; ++i) {
            out << (i == 0 ? "" : ",");
            indent(2 * step);
            serializer.dump(list->element(i), pretty, false, step, 2 * step);
        }
        indent(step);
        out << ']';
    }
    if (!first) {
        indent(0);
    }
    out << '}';
}

}  // namespace

void write_json(const Document& document, std::ostream& out)
{
    if (document.json && !document.json_lists.empty()) {
        dump_with_lists(document, out, true);
    } else if (document.json) {
        dump_to(*document.json, out);  // an `if`: `?:` would copy the document's JSON
    } else {
        dump_to(document_json(document), out);
    }
    out << '\n';
}

void write_jsonl(const Document& document, std::ostream& out)
{
    if (document.json && !document.json_lists.empty()) {
        dump_with_lists(document, out, false);
        out << '\n';
        return;
    }
    if (document.json) {
        if (document.json->is_array()) {
            for (const auto& element : *document.json) {
                out << dumped(element, -1) << '\n';
            }
        } else {
            out << dumped(*document.json, -1) << '\n';
        }
        return;
    }
    if (document.shape != Shape::sections) {
        if (!document.tables.empty()) {
            const Table& table = document.tables.front();
            for_each_row(table, [&](const Row& row) { out << dumped(row_object(table, row), -1) << '\n'; });
        }
        return;
    }
    for (const auto& table : document.tables) {
        for_each_row(table, [&](const Row& row) {
            Json line = Json::object();
            line["section"] = table.name;
            line.update(row_object(table, row));
            out << dumped(line, -1) << '\n';
        });
    }
}

}  // namespace toro::render
