// GitHub-flavoured Markdown: "# title", "## table title", pipe tables with the human cell
// text of the terminal table, numeric columns right-aligned ("---:"). In cells "|" is escaped
// as "\|" and line breaks become "<br>". A record is a two-column field/value table. Cells are
// not padded: the Markdown is for rendering, the terminal table is for reading as is. `<`, `>`
// and `&` are written as entities, so that a name cannot become HTML where the Markdown is
// shown; control characters are shown as escapes ("\x1b").

#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/writers.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace toro::render {

namespace {

// `<`, `>` and `&` as entities.
bool append_entity(std::string& out, char c)
{
    switch (c) {
    case '<':
        out += "&lt;";
        return true;
    case '>':
        out += "&gt;";
        return true;
    case '&':
        out += "&amp;";
        return true;
    default:
        return false;
    }
}

std::string cell_text(std::string_view raw)
{
    const std::string text = visible_controls(raw, "\r\n");
    std::string escaped;
    escaped.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (append_entity(escaped, c)) {
            continue;
        }
        if (c == '|') {
            escaped += "\\|";
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // the LF that follows becomes the break
        } else if (c == '\r' || c == '\n') {
            escaped += "<br>";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

// A heading's text on one line.
std::string heading_text(std::string_view text)
{
    std::string line;
    for (char c : visible_controls(text, "\r\n")) {
        if (!append_entity(line, c)) {
            line += c == '\r' || c == '\n' ? ' ' : c;
        }
    }
    return line;
}

void write_row(std::ostream& out, const std::vector<std::string>& cells)
{
    out << '|';
    for (const auto& cell : cells) {
        out << ' ' << cell << " |";
    }
    out << '\n';
}

void write_separator(std::ostream& out, const std::vector<bool>& right)
{
    out << '|';
    for (const bool r : right) {
        out << (r ? " ---: |" : " --- |");
    }
    out << '\n';
}

void write_grid(const Table& table, Lang lang, std::ostream& out)
{
    const std::size_t count = table.columns.size();
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < count; ++c) {
        cells.push_back(cell_text(heading(table.columns[c])));
    }
    write_row(out, cells);
    write_separator(out, numeric_columns(table));
    const auto styles = number_styles(table);
    for_each_row(table, [&](const Row& row) {
        cells.clear();
        for (std::size_t c = 0; c < count; ++c) {
            const auto limit = table.columns[c].human_width;
            const auto text = human_text(cell_at(row, c), lang, styles[c]);
            cells.push_back(cell_text(limit > 0 ? truncated(text, limit) : text));
        }
        write_row(out, cells);
    });
}

void write_record(const Table& table, Lang lang, std::ostream& out)
{
    const auto styles = number_styles(table);
    bool first = true;
    for_each_row(table, [&](const Row& row) {
        if (!first) {
            out << '\n';
        }
        first = false;
        write_row(out, {say(lang, "render.record.field"), say(lang, "render.record.value")});
        write_separator(out, {false, false});
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            write_row(out,
                      {cell_text(heading(table.columns[c])), cell_text(human_text(cell_at(row, c), lang, styles[c]))});
        }
    });
}

}  // namespace

void write_markdown(const Document& document, const RenderOptions& options, std::ostream& out)
{
    bool first = true;
    if (!document.title.empty()) {
        out << "# " << heading_text(document.title) << '\n';
        first = false;
    }
    for (const auto& table : document.tables) {
        if (table.columns.empty()) {
            continue;
        }
        if (!first) {
            out << '\n';
        }
        first = false;
        if (!table.title.empty()) {
            out << "## " << heading_text(table.title) << "\n\n";
        }
        if (table.record || document.shape == Shape::record) {
            write_record(table, options.lang, out);
        } else {
            write_grid(table, options.lang, out);
        }
    }
}

}  // namespace toro::render
