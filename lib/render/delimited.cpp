// CSV (RFC 4180) and TSV. Lines end in CR LF as RFC 4180 asks (Excel reads them, and so does
// every CSV reader that accepts LF). The header row holds the column keys. A field is quoted
// when it holds the separator, a quote, CR or LF, or starts or ends with a space or tab;
// quotes inside are doubled. TSV quotes the same way, so a tab or newline inside a value
// survives. Several tables (Shape::sections) are written as blocks, each with its own header,
// separated by one empty line. A row whose only field is empty is written as "" so that it
// is not taken for a blank line. A text cell that begins with `=`, `+`, `-`, `@`, tab or CR is
// written behind an apostrophe, so that a spreadsheet shows it instead of running it as a
// formula; numbers, money, dates and booleans never are (the CSV import removes that one
// apostrophe again).
//
// `--excel` (RenderOptions::excel) writes for a spreadsheet in Polish: numbers, money and
// fractions, and the exact decimals of a Column::decimal, with a decimal comma and no grouping
// (`88000,00`, `1,5`), so that they arrive as
// numbers and not as text or dates; a text of digits only that begins with 0 or is longer than
// 15 digits (a KRS number, a long code) behind an apostrophe, which keeps the spreadsheet from
// making it a number and dropping its zeros. The import reads both back as they were.

#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/writers.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace toro::render {

namespace {

constexpr std::string_view line_end = "\r\n";
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool needs_quotes(std::string_view field, char separator)
{
    if (field.empty()) {
        return false;
    }
    if (field.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string_view::npos) {
        return true;
    }
    const auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
    return is_blank(field.front()) || is_blank(field.back());
}

void write_field(std::ostream& out, std::string_view field, char separator)
{
    if (!needs_quotes(field, separator)) {
        out << field;
        return;
    }
    out << '"';
    for (const char c : field) {
        if (c == '"') {
            out << '"';
        }
        out << c;
    }
    out << '"';
}

void write_block(const Table& table, char separator, bool excel, std::ostream& out)
{
    const std::size_t count = table.columns.size();
    for (std::size_t c = 0; c < count; ++c) {
        if (c > 0) {
            out << separator;
        }
        write_field(out, table.columns[c].key, separator);
    }
    out << line_end;
    for_each_row(table, [&](const Row& row) {
        for (std::size_t c = 0; c < count; ++c) {
            if (c > 0) {
                out << separator;
            }
            const Cell& cell = cell_at(row, c);
            std::string field = machine_text(cell);
            const bool text = std::holds_alternative<std::string>(cell) ||
                              std::holds_alternative<std::vector<std::string>>(cell) ||
                              std::holds_alternative<TermRef>(cell);
            if (text && (starts_formula(field) || (excel && spreadsheet_number(field)))) {
                field.insert(0, 1, '\'');
            } else if (excel && (is_numeric(cell) || (text && table.columns[c].decimal))) {
                std::replace(field.begin(), field.end(), '.', ',');
            }
            if (count == 1 && field.empty()) {
                out << "\"\"";  // an empty line would read as no row at all
            } else {
                write_field(out, field, separator);
            }
        }
        out << line_end;
    });
}

}  // namespace

void write_delimited(const Document& document, const RenderOptions& options, std::ostream& out)
{
    const char separator = options.format == Format::tsv ? '\t' : options.csv_separator;
    if (options.bom) {
        out << utf8_bom;
    }
    bool first = true;
    for (const auto& table : document.tables) {
        if (table.columns.empty()) {
            continue;
        }
        if (!first) {
            out << line_end;
        }
        first = false;
        write_block(table, separator, options.excel, out);
    }
}

}  // namespace toro::render
