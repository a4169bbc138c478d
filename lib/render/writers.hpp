#pragma once
// One writer per format family, behind render(); see render.hpp for the options.

#include "render/model.hpp"
#include "render/render.hpp"

#include <ostream>

namespace toro::render {

// Aligned columns for a terminal (table.cpp).
void write_table(const Document& document, const RenderOptions& options, std::ostream& out);
// RFC 4180 CSV, or TSV when options.format is tsv (delimited.cpp).
void write_delimited(const Document& document, const RenderOptions& options, std::ostream& out);
// One pretty-printed JSON document (json.cpp).
void write_json(const Document& document, std::ostream& out);
// JSON Lines: one compact object per line (json.cpp).
void write_jsonl(const Document& document, std::ostream& out);
// GitHub-flavoured Markdown (markdown.cpp).
void write_markdown(const Document& document, const RenderOptions& options, std::ostream& out);
// One self-contained HTML5 file with inline CSS and SVG charts, printable on A4 (html.cpp).
void write_html(const Document& document, const RenderOptions& options, std::ostream& out);
// An Excel workbook, one sheet per table, cells typed (xlsx.cpp); binary, so `out` should be
// opened in binary mode.
void write_xlsx(const Document& document, const RenderOptions& options, std::ostream& out);

}  // namespace toro::render
