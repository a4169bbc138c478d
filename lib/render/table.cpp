// The terminal table: columns aligned by display width (Polish letters are one column wide),
// numbers right-aligned, text left-aligned, two spaces between columns and no trailing
// spaces. A list with no rows prints its header and underline only, so that the reader still
// sees which columns there would be.

#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/writers.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace toro::render {

namespace {

std::string one_line(std::string_view text);

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";
constexpr std::string_view gap = "  ";

// The text on one line: CR LF, CR, LF and tab each become one space; other control
// characters are shown as escapes ("\x1b"), never sent to the terminal.
std::string single_line(std::string_view text)
{
    return visible_controls(one_line(text));
}

std::string one_line(std::string_view text)
{
    std::string line;
    line.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // the LF that follows becomes the space
        }
        line += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    }
    return line;
}

void strip_trailing_spaces(std::string& line)
{
    const auto end = line.find_last_not_of(' ');
    line.erase(end == std::string::npos ? 0 : end + 1);
}

void append_padded(std::string& line, const std::string& text, std::size_t width, bool right)
{
    const std::size_t used = display_width(text);
    const std::size_t padding = width > used ? width - used : 0;
    if (right) {
        line.append(padding, ' ');
        line += text;
    } else {
        line += text;
        line.append(padding, ' ');
    }
}

void write_line(std::ostream& out, std::string line, bool emphasized)
{
    strip_trailing_spaces(line);
    if (emphasized && !line.empty()) {
        out << bold << line << reset << '\n';
    } else {
        out << line << '\n';
    }
}

void write_grid(const Table& table, const RenderOptions& options, std::ostream& out)
{
    const std::size_t count = table.columns.size();
    std::vector<std::size_t> widths(count);
    for (std::size_t c = 0; c < count; ++c) {
        widths[c] = display_width(single_line(heading(table.columns[c])));
    }
    const auto numeric = numeric_columns(table);
    const auto styles = number_styles(table);
    // What a cell shows, made once to measure the columns and again to write the line, so that
    // no line's text is kept.
    const auto shown = [&](const Row& row, std::size_t c) {
        std::string text = single_line(human_text(cell_at(row, c), options.lang, styles[c]));
        const auto limit = table.columns[c].human_width;
        return limit > 0 ? truncated(text, limit) : text;
    };
    for_each_row(table, [&](const Row& row) {
        for (std::size_t c = 0; c < count; ++c) {
            widths[c] = std::max(widths[c], display_width(shown(row, c)));
        }
    });

    std::string header;
    std::string underline;
    for (std::size_t c = 0; c < count; ++c) {
        if (c > 0) {
            header += gap;
            underline += gap;
        }
        append_padded(header, single_line(heading(table.columns[c])), widths[c], numeric[c]);
        underline.append(widths[c], '-');
    }
    write_line(out, header, options.color);
    write_line(out, underline, false);

    for_each_row(table, [&](const Row& row) {
        std::string line;
        for (std::size_t c = 0; c < count; ++c) {
            if (c > 0) {
                line += gap;
            }
            append_padded(line, shown(row, c), widths[c], is_numeric(cell_at(row, c)));
        }
        write_line(out, line, false);
    });
}

// "label: value" lines, labels padded so that the values start in one column; several rows
// are separated by a blank line.
void write_record(const Table& table, const RenderOptions& options, std::ostream& out)
{
    const auto styles = number_styles(table);
    std::size_t label_width = 0;
    std::vector<std::string> labels;
    for (const auto& column : table.columns) {
        labels.push_back(single_line(heading(column)) + ":");
        label_width = std::max(label_width, display_width(labels.back()));
    }
    bool first = true;
    for_each_row(table, [&](const Row& row) {
        if (!first) {
            out << '\n';
        }
        first = false;
        for (std::size_t c = 0; c < labels.size(); ++c) {
            std::string line;
            if (options.color) {
                line += bold;
                line += labels[c];
                line += reset;
                line.append(label_width - display_width(labels[c]), ' ');
            } else {
                append_padded(line, labels[c], label_width, false);
            }
            line += ' ';
            line += single_line(human_text(cell_at(row, c), options.lang, styles[c]));
            write_line(out, line, false);
        }
    });
}

}  // namespace

void write_table(const Document& document, const RenderOptions& options, std::ostream& out)
{
    bool first = true;
    if (!document.title.empty()) {
        write_line(out, single_line(document.title), options.color);
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
            write_line(out, single_line(table.title), options.color);
        }
        if (table.record || document.shape == Shape::record) {
            write_record(table, options, out);
        } else {
            write_grid(table, options, out);
        }
    }
}

}  // namespace toro::render
