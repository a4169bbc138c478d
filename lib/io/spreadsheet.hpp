#pragma once
// Workbooks (.xlsx, .ods) as import rows (docs/formats.md "Spreadsheets"): a report form as
// toro wrote it and the organization filled it in (io/form_layout.hpp), or a plain sheet whose
// first row names the columns, as a CSV header does. Cells keep their types (io/workbook.hpp);
// every row and problem knows its cell, so that messages name FILE:SHEET!CELL.
//
// The cells are read by the spreadsheet module (lib/io/workbook_orcus.cpp, liborcus), which is
// loaded the first time a workbook is opened: no other command loads liborcus.

#include "io/rows.hpp"

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace toro::io {

// The workbook format of a file from its first bytes: a zip archive is a workbook, an OpenDocument
// one when its first member is the `mimetype` of a spreadsheet; nullopt for anything else.
std::optional<Format> workbook_format(std::string_view head);

// Opens the workbook `path` as rows; `in` is read (and copied to a temporary file) only when
// `path` is not a regular file (`-` for standard input, a pipe):
// a form's figures in the long layout, else the first sheet's rows under its header row.
// Throws Error(Exit::no_input) when it cannot be opened, Error(Exit::data) when it is not a
// workbook toro can read, BatchError when a form's structure was changed (naming each cell).
std::unique_ptr<RowReader> open_workbook(std::unique_ptr<std::istream> in, const std::string& path, Format format);

// "A", "Z", "AA" for columns 0, 25, 26; a sheet as a reference names it ("Dane", "'Moje dane'");
// and a cell, "Dane!B3".
std::string column_name(std::uint32_t column);
std::string sheet_reference(std::string_view sheet);
std::string cell_name(std::string_view sheet, std::uint32_t column, std::uint32_t row);

}  // namespace toro::io
