#pragma once
// Register records as render models: the columns of docs/register.md, typed cells.

#include "registry/entity.hpp"
#include "render/model.hpp"

#include <vector>

namespace toro::registry {

// A list of records (`list`, `export`), or one record (`show`) when `single` is set.
render::Document records_document(const EntitySpec& entity, const std::vector<Record>& records, bool single = false);

// A cell for one stored value of a field.
render::Cell cell(const FieldSpec& field, const Value& value);

} // namespace toro::registry
