#pragma once
// The spreadsheet module's two readers, for its entry point (workbook_xlsx_orcus.cpp). Part of
// the module only.

#include "io/workbook.hpp"

#include <memory>
#include <string>

namespace toro::io::workbook {

// Opens an .ods workbook (liborcus's orcus_ods; workbook_orcus.cpp). Throws what liborcus throws.
std::unique_ptr<Workbook> open_ods(const std::string& path);
// Opens an .xlsx workbook (minizip and liborcus's XML parser, streaming; workbook_xlsx_orcus.cpp).
// Throws std::runtime_error naming what is wrong.
std::unique_ptr<Workbook> open_xlsx(const std::string& path);

}  // namespace toro::io::workbook
