#pragma once
// What an import tells the person who ran it: its summary as a document (a record of counts for
// people; with every error and warning, line and field, for machines).

#include "core/lang.hpp"
#include "io/import.hpp"
#include "render/fields.hpp"
#include "render/model.hpp"

#include <string>

namespace toro::io {

// inserted, updated, unchanged, rejected, encoding, and the errors and warnings kept (PRODUCT.md).
void fields(const ImportSummary& summary, render::Fields& out);

render::Document summary_document(const ImportSummary& summary, const std::string& title, Lang lang);

}  // namespace toro::io
