#pragma once
// Turns a Document into text in one of the output formats (docs/formats.md).
// Renderers only read the model; they never query a store.

#include "core/lang.hpp"
#include "render/format.hpp"
#include "render/model.hpp"

#include <ostream>

namespace toro::render {

struct RenderOptions {
    Format format = Format::table;
    Lang lang = Lang::en;      // human text (table, md): money, percentages, yes/no
    char csv_separator = ',';  // csv only; tsv always uses a tab
    bool bom = false;          // csv and tsv: write a UTF-8 byte order mark first
    // csv for a Polish spreadsheet (`--excel`): numbers with a decimal comma, and text that the
    // spreadsheet would turn into a number (a code with leading zeros) behind an apostrophe.
    bool excel = false;
    bool color = false;  // table: bold header (ANSI); the caller decides (terminal, NO_COLOR)
    std::string city{};  // html and xlsx: the city a report is of ([city] name)
};

// Writes the document to `out` in options.format (html and xlsx included; xlsx is binary).
void render(const Document& document, const RenderOptions& options, std::ostream& out);

}  // namespace toro::render
