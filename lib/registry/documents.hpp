#pragma once
// Register records as render models: the columns of docs/register.md, typed cells.

#include "registry/entity.hpp"
#include "registry/loan.hpp"
#include "registry/names.hpp"
#include "registry/reference.hpp"
#include "render/model.hpp"

#include <string>
#include <vector>

namespace toro::registry {

// A list of records (`list`, `export`), or one record (`show`) when `single` is set. Headings
// and the words of enumerated values are in `lang` (human formats); machine formats keep the
// columns' keys and the stored values.
render::Document records_document(const EntitySpec& entity, const std::vector<Record>& records, Lang lang,
                                  bool single = false, const Names* names = nullptr);

// The names a list of records refers to (its organizations, ventures, indicators and budget
// categories), for records_document.
Names names_for(store::Store& store, const EntitySpec& entity, const std::vector<Record>& records);

// A cell for one stored value of a field (of `entity`), with words for people where the value
// is one of an enumeration ("venture.status.completed": "zakończone") or a unit the catalogue
// knows; `lang` writes a rate's decimal mark.
render::Cell cell(const EntitySpec& entity, const FieldSpec& field, const Value& value, Lang lang,
                  const Names* names = nullptr);

// The heading of a field for people: the catalogue's field.ENTITY.FIELD, else field.FIELD, else
// the field's name.
std::string field_label(const EntitySpec& entity, const std::string& field, Lang lang);

// `register loan schedule CODE`: the loan's instalments.
render::Document schedule_document(const std::string& code, const std::vector<Instalment>& instalments, Lang lang);

// `register reference KIND`: the reference values of one kind (legal-form, district, sphere,
// category, indicator), each with its code and Polish and English names.
render::Document reference_document(const std::string& kind_name, const ReferenceList& list, Lang lang);

}  // namespace toro::registry
