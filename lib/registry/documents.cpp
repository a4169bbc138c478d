#include "registry/documents.hpp"

#include "core/money.hpp"

namespace toro::registry {

render::Cell cell(const FieldSpec& field, const Value& value)
{
    if (std::holds_alternative<std::monostate>(value)) {
        return field.type == FieldType::list ? render::Cell(std::vector<std::string>{}) : render::Cell();
    }
    switch (field.type) {
    case FieldType::money: return Money::from_grosze(std::get<std::int64_t>(value));
    case FieldType::boolean: return std::get<std::int64_t>(value) != 0;
    case FieldType::list: return to_json(field, value).get<std::vector<std::string>>();
    default: break;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* whole = std::get_if<std::int64_t>(&value)) {
        return *whole;
    }
    return std::get<double>(value);
}

render::Document records_document(const EntitySpec& entity, const std::vector<Record>& records, bool single)
{
    render::Table table;
    table.name = entity.name;
    table.record = single;
    for (const auto& field : entity.fields) {
        // A person is shown only by pseudonym, under a name that says so; an import takes the
        // column back as it is (registry/register.cpp).
        const auto name = field.type == FieldType::pseudonym ? pseudonym_column(field) : field.name;
        table.columns.push_back({name, name, field.type == FieldType::rate});
    }
    for (const auto& record : records) {
        std::vector<render::Cell> row;
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            row.push_back(cell(entity.fields[i], record[i]));
        }
        table.rows.push_back(std::move(row));
    }
    render::Document document;
    document.shape = single ? render::Shape::record : render::Shape::list;
    document.tables.push_back(std::move(table));
    return document;
}

} // namespace toro::registry
