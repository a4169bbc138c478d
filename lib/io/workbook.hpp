#pragma once
// What the spreadsheet module hands toro: the cells of an .xlsx or .ods workbook, typed as the
// spreadsheet keeps them. The module (lib/io/workbook_xlsx_orcus.cpp and workbook_orcus.cpp,
// built as a loadable module linked to liborcus and minizip) is opened on first use by
// io/spreadsheet.cpp, so that no command but one reading a spreadsheet loads liborcus and the
// libraries it brings; this header is all the two share. Both are built together, by the same
// compiler, from the same tree.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace toro::io::workbook {

// A cell's value as the spreadsheet keeps it. The text of a cell is:
//   number   the shortest decimal that reads back as the same double ("1234.56", "12")
//   text     the text
//   boolean  "true" or "false"
//   date     ISO "YYYY-MM-DD", with " HH:MM:SS" when it has a time of day
//   month    "YYYY-MM": a date whose number format shows no day ("lis 2026", "2026-11")
//   error    the error as shown ("#DIV/0!")
// A formula cell is its cached result, of any of these kinds.
enum class Kind : std::uint8_t { number, text, boolean, date, month, error };

struct Cell {
    std::uint32_t column = 0;  // 0 for column A
    Kind kind = Kind::text;
    std::string text;
};

// One row with at least one cell that is not empty, cells in column order.
struct Row {
    std::uint32_t row = 0;  // 0 for row 1
    std::vector<Cell> cells;
};

enum class Format : std::uint8_t { xlsx, ods };

// Receives the rows of one sheet, in order. row() may return false to stop the reading.
class Receiver {
public:
    virtual ~Receiver() = default;
    virtual bool row(Row& row) = 0;
};

// What the first reading of a workbook found: its sheets in order, how many rows each spans,
// and the rows of the sheet named `meta_sheet` (a report form's description), if there is one.
struct Info {
    std::vector<std::string> sheets;
    std::vector<std::uint32_t> rows;  // per sheet: the last row with a cell, plus one (0: empty)
    std::vector<Row> meta;
    bool has_meta = false;
};

// The sheet that marks a workbook as a report form, and at most how many cells of it are kept.
inline constexpr std::string_view meta_sheet = "toro";
inline constexpr std::size_t meta_cells_max = 100000;

// An opened workbook. rows() gives each formula cell in its row, as its cached result.
class Workbook {
public:
    virtual ~Workbook() = default;
    virtual const Info& info() const = 0;
    // Reads the rows of sheet `sheet` (an index into info().sheets) into `receiver`. Returns
    // an empty string, or what went wrong.
    virtual std::string rows(std::uint32_t sheet, Receiver& receiver) = 0;
};

// The function the module exports: opens `path`, read as `format`, and reads what info() says.
// On failure returns nullptr with what went wrong in `error`.
using OpenFunction = Workbook*(const char* path, Format format, std::string* error);
inline constexpr const char* open_symbol = "toro_open_workbook";

}  // namespace toro::io::workbook
