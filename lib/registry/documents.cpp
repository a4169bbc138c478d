#include "registry/documents.hpp"

#include "core/money.hpp"

#include <algorithm>

namespace toro::registry {

std::string field_label(const EntitySpec& entity, const std::string& field, Lang lang)
{
    for (const std::string& key : {"field." + entity.name + "." + field, "field." + field}) {
        if (const auto text = find_text(lang, key)) {
            return std::string(*text);
        }
    }
    return field;
}

render::Cell cell(const EntitySpec& entity, const FieldSpec& field, const Value& value, Lang lang)
{
    if (std::holds_alternative<std::monostate>(value)) {
        return field.type == FieldType::list ? render::Cell(std::vector<std::string>{}) : render::Cell();
    }
    switch (field.type) {
    case FieldType::money: return Money::from_grosze(std::get<std::int64_t>(value));
    case FieldType::boolean: return std::get<std::int64_t>(value) != 0;
    case FieldType::list: return to_json(field, value).get<std::vector<std::string>>();
    case FieldType::choice:
        if (const auto* text = std::get_if<std::string>(&value)) {
            return render::term(entity.name + "." + field.name + ".", *text);
        }
        break;
    case FieldType::rate:
        if (const auto* text = std::get_if<std::string>(&value)) {
            // Kept exactly as written ("1.5"); people read it with their decimal mark and a sign.
            std::string shown = *text;
            std::replace(shown.begin(), shown.end(), '.', formatter(lang).decimal_mark);
            return render::Term{*text, Message("value.rate", {{"rate", shown}})};
        }
        break;
    default: break;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        if (field.name == "unit") {
            return render::term("unit.", *text);
        }
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return *whole;
    }
    return std::get<double>(value);
}

render::Document records_document(const EntitySpec& entity, const std::vector<Record>& records, Lang lang, bool single)
{
    render::Table table;
    table.name = entity.name;
    table.record = single;
    for (const auto& field : entity.fields) {
        // A person is shown only by pseudonym, under a name that says so; an import takes the
        // column back as it is (registry/register.cpp).
        const auto name = field.type == FieldType::pseudonym ? pseudonym_column(field) : field.name;
        table.columns.push_back({name, field_label(entity, name, lang)});
    }
    for (const auto& record : records) {
        std::vector<render::Cell> row;
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            row.push_back(cell(entity, entity.fields[i], record[i], lang));
        }
        table.rows.push_back(std::move(row));
    }
    render::Document document;
    document.shape = single ? render::Shape::record : render::Shape::list;
    document.tables.push_back(std::move(table));
    return document;
}

} // namespace toro::registry
