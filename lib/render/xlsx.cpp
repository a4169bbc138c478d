// XLSX through libxlsxwriter. A summary sheet first ("Podsumowanie" / "Summary"): the document's
// title, what it covers (city, period, as-of, when it was generated) and the sheets that follow.
// Then one worksheet per table, named after Table::name in the workbook's language (Excel's rules:
// at most 31 characters, none of [ ] : * ? / \, no apostrophe at either end, unique without regard
// to case; a name already taken gives way to the table's title, see table_sheet_name). A list
// table has a bold header row of human labels, frozen, with an autofilter; a record table is two
// columns, label and value. Cells keep their types so that Excel can sum, sort and filter them:
//   integers               numbers (General)
//   doubles (statistics)   numbers, format 0.00 (the value stays exact; NaN and infinities are
//                          left empty)
//   money                  numbers in złoty, format #,##0.00 (Excel shows the reader's separators)
//   fractions              numbers, format 0.0%
//   dates                  real dates, format yyyy-mm-dd
//   periods                text "2024-03": a month is a label, never a date (the rule for every
//                          workbook, whether a report hands over a Period or the month's text)
//   booleans               words in the workbook's language: tak/nie, yes/no
//   lists                  text joined with ", "
//   text                   inline strings (wrapped when they hold a newline)
// Every sheet prints on A4, one page wide (landscape when it has more than six columns), with
// its header row (a record's label column) repeated on each page, the title in the page header
// and "Strona 3 z 7" / "Page 3 of 7" in the footer.
// Every sheet is written in libxlsxwriter's constant-memory mode: each row goes to a temporary
// file when the next begins, so the writer's memory stays flat however long a sheet is (the
// document it reads is the caller's). Every sheet is therefore written row by row, top to bottom,
// each row left to right (a record, shown across, too), and strings inline rather than shared;
// libxlsxwriter refuses a cell above the current row, which check() turns into an error.
// The document title becomes the workbook's title property. Charts are left out: they are
// drawn by the html format only.
//
// libxlsxwriter 1.1.4 (Debian) writes only to a file path (lxw_workbook_options has no output
// buffer), so the workbook is written to a temporary file made with mkstemp in $TMPDIR (else
// /tmp), copied into the stream and removed, also when anything fails.

#include "core/error.hpp"
#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/writers.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unistd.h>
#include <utility>
#include <variant>
#include <vector>

namespace toro::render {

namespace {

constexpr std::size_t max_sheet_name = LXW_SHEETNAME_MAX;  // characters, not bytes
constexpr double min_width = 8.0;                          // Excel's default column is about 8.43 characters wide
constexpr double max_width = 60.0;
constexpr std::size_t filter_button = 3;     // room for the autofilter arrow beside a heading
constexpr std::size_t portrait_columns = 6;  // a sheet with more columns prints landscape
constexpr std::uint8_t paper_a4 = 9;         // libxlsxwriter's (and Excel's) paper code for A4

void check(lxw_error code)
{
    if (code != LXW_NO_ERROR) {
        throw Error(Exit::io, "xlsx", Message("xlsx.library", {{"detail", std::string(lxw_strerror(code))}}));
    }
}

// A file of our own in $TMPDIR (else /tmp), removed when this goes out of scope.
class TemporaryFile {
public:
    TemporaryFile()
    {
        const char* tmpdir = std::getenv("TMPDIR");
        m_directory = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
        std::string pattern = m_directory + "/toro-xlsx-XXXXXX";
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) {
            throw Error(Exit::io, "xlsx",
                        Message("xlsx.temporary_file", {{"folder", m_directory}, {"reason", os_error(errno)}}));
        }
        ::close(fd);
        m_path = std::move(pattern);
    }
    ~TemporaryFile() { ::unlink(m_path.c_str()); }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    const std::string& path() const { return m_path; }
    std::string& directory() { return m_directory; }

private:
    std::string m_directory;
    std::string m_path;
};

// Owns an lxw_workbook until close() hands it to workbook_close, which frees it in any case.
class Workbook {
public:
    Workbook(const std::string& path, std::string& tmpdir)
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows flushed in order: memory stays flat
        options.tmpdir = tmpdir.data();      // libxlsxwriter's own scratch files go beside ours
        m_book = workbook_new_opt(path.c_str(), &options);
        if (m_book == nullptr) {
            throw Error(
                Exit::io, "xlsx",
                Message("xlsx.library", {{"detail", std::string(lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED))}}));
        }
    }
    ~Workbook()
    {
        if (m_book != nullptr) {
            lxw_workbook_free(m_book);
        }
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() const { return m_book; }

    void close() { check(workbook_close(std::exchange(m_book, nullptr))); }

private:
    lxw_workbook* m_book = nullptr;
};

struct Formats {
    lxw_format* heading = nullptr;
    lxw_format* money = nullptr;
    lxw_format* fraction = nullptr;
    lxw_format* date = nullptr;
    lxw_format* statistic = nullptr;
    lxw_format* wrapped = nullptr;
};

lxw_format* add_format(lxw_workbook* book)
{
    lxw_format* format = workbook_add_format(book);
    if (format == nullptr) {
        throw Error(Exit::io, "xlsx",
                    Message("xlsx.library", {{"detail", std::string(lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED))}}));
    }
    return format;
}

lxw_format* number_format(lxw_workbook* book, const char* pattern)
{
    lxw_format* format = add_format(book);
    format_set_num_format(format, pattern);
    return format;
}

Formats add_formats(lxw_workbook* book)
{
    Formats formats;
    formats.heading = add_format(book);
    format_set_bold(formats.heading);
    formats.money = number_format(book, "#,##0.00");
    formats.fraction = number_format(book, "0.0%");
    formats.date = number_format(book, "yyyy-mm-dd");
    formats.statistic = number_format(book, "0.00");
    formats.wrapped = add_format(book);
    format_set_text_wrap(formats.wrapped);
    format_set_align(formats.wrapped, LXW_ALIGN_VERTICAL_TOP);
    return formats;
}

// The text cut to at most `count` UTF-8 characters.
std::string first_characters(std::string_view text, std::size_t count)
{
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U;
        if (starts_character && seen++ == count) {
            return std::string(text.substr(0, i));
        }
    }
    return std::string(text);
}

std::size_t characters(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// `wanted` as a sheet name Excel accepts: none of [ ] : * ? / \, no apostrophe at either end,
// not empty ("Sheet3" for the third table), not "History", at most 31 characters.
std::string acceptable(std::string wanted, std::size_t index)
{
    for (char& c : wanted) {
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) {
            c = '_';
        }
    }
    if (wanted.starts_with('\'')) {
        wanted.front() = '_';
    }
    if (wanted.ends_with('\'')) {
        wanted.back() = '_';
    }
    if (wanted.empty()) {
        wanted = fmt::format("Sheet{}", index + 1);
    }
    if (ascii_lower(wanted) == "history") {  // reserved by English Excel
        wanted += '_';
    }
    return first_characters(wanted, max_sheet_name);
}

// The names the workbook's sheets have so far, compared as Excel compares them (ASCII letters
// without regard to case).
class SheetNames {
public:
    bool taken(const std::string& name) const { return m_taken.contains(ascii_lower(name)); }
    std::string take(std::string name)
    {
        m_taken.insert(ascii_lower(name));
        return name;
    }

private:
    std::set<std::string> m_taken;
};

// The sheet of a table: the catalogue's word for it (sheet.NAME) in the workbook's language, else
// its name. When a sheet has that name already, the table's title; when that is taken too (or
// there is none) and the name is the summary sheet's, "Podsumowanie (tabela)" / "Summary (table)",
// so that the workbook's own summary keeps its name and no table looks like a copy of it; last,
// " (2)", " (3)"… after the name, cut to make room.
std::string table_sheet_name(const Table& table, std::size_t index, const std::string& summary, SheetNames& names,
                             Lang lang)
{
    const auto word = find_text(lang, "sheet." + table.name);
    std::string name = acceptable(word ? std::string(*word) : table.name, index);
    if (!names.taken(name)) {
        return names.take(name);
    }
    if (!table.title.empty()) {
        std::string title = acceptable(table.title, index);
        if (!names.taken(title)) {
            return names.take(title);
        }
    }
    if (ascii_lower(name) == ascii_lower(summary)) {
        const std::size_t room = characters(say(lang, "xlsx.table_sheet", {{"name", std::string()}}));
        name = say(lang, "xlsx.table_sheet", {{"name", first_characters(name, max_sheet_name - room)}});
        if (!names.taken(name)) {
            return names.take(name);
        }
    }
    std::string numbered = name;
    for (int copy = 2; names.taken(numbered); ++copy) {
        const std::string suffix = fmt::format(" ({})", copy);
        numbered = first_characters(name, max_sheet_name - suffix.size()) + suffix;
    }
    return names.take(numbered);
}

lxw_worksheet* add_sheet(lxw_workbook* book, const std::string& name)
{
    check(workbook_validate_sheet_name(book, name.c_str()));  // before libxlsxwriter warns on stderr
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    if (sheet == nullptr) {
        throw Error(Exit::io, "xlsx", Message("xlsx.cannot_add_sheet", {{"name", name}}));
    }
    return sheet;
}

lxw_datetime first_moment(Date date)
{
    lxw_datetime moment{};
    moment.year = date.year();
    moment.month = date.month();
    moment.day = date.day();
    return moment;
}

std::size_t widest_line(std::string_view text)
{
    std::size_t widest = 0;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        widest = std::max(widest, display_width(text.substr(start, end - start)));
        start = end + 1;
    }
    return widest;
}

// About how many characters wide Excel shows the cell with the formats above.
std::size_t shown_width(const Cell& cell, Lang lang)
{
    return std::visit(
        [&cell, lang](const auto& value) -> std::size_t {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return 0;
            } else if constexpr (std::is_same_v<T, bool>) {
                return 3;  // tak, nie, yes
            } else if constexpr (std::is_same_v<T, Money>) {
                const std::string digits =
                    std::to_string(value.grosze() < 0 ? -(value.grosze() / 100) : value.grosze() / 100);
                return value.to_machine().size() + (digits.size() - 1) / 3;  // thousands separators
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return fmt::format("{:.1f}%", value.value * 100.0).size();
            } else if constexpr (std::is_same_v<T, double>) {
                return std::isfinite(value) ? fmt::format("{:.2f}", value).size() : 0;
            } else if constexpr (std::is_same_v<T, std::string>) {
                return widest_line(value);
            } else if constexpr (std::is_same_v<T, TermRef>) {
                return widest_line(human_text(cell, lang));
            } else {
                return display_width(human_text(cell, lang));
            }
        },
        cell);
}

double column_width(std::size_t characters)
{
    return std::clamp(static_cast<double>(characters) + 2.0, min_width, max_width);
}

lxw_error write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const Cell& cell, const Formats& formats,
                     Lang lang)
{
    return std::visit(
        [&](const auto& value) -> lxw_error {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return LXW_NO_ERROR;  // a cell never written is blank
            } else if constexpr (std::is_same_v<T, bool>) {
                return worksheet_write_string(sheet, row, column, human_text(cell, lang).c_str(), nullptr);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return worksheet_write_number(sheet, row, column, static_cast<double>(value), nullptr);
            } else if constexpr (std::is_same_v<T, double>) {
                // Excel has no NaN or infinity: a file holding one does not open.
                return std::isfinite(value) ? worksheet_write_number(sheet, row, column, value, formats.statistic)
                                            : LXW_NO_ERROR;
            } else if constexpr (std::is_same_v<T, Fraction>) {
                return std::isfinite(value.value)
                           ? worksheet_write_number(sheet, row, column, value.value, formats.fraction)
                           : LXW_NO_ERROR;
            } else if constexpr (std::is_same_v<T, Money>) {
                return worksheet_write_number(sheet, row, column, value.to_zloty(), formats.money);
            } else if constexpr (std::is_same_v<T, Date>) {
                lxw_datetime moment = first_moment(value);
                return worksheet_write_datetime(sheet, row, column, &moment, formats.date);
            } else if constexpr (std::is_same_v<T, Period>) {
                return worksheet_write_string(sheet, row, column, value.to_string().c_str(), nullptr);
            } else if constexpr (std::is_same_v<T, std::string>) {
                lxw_format* format = value.find('\n') != std::string::npos ? formats.wrapped : nullptr;
                return worksheet_write_string(sheet, row, column, value.c_str(), format);
            } else {
                return worksheet_write_string(sheet, row, column, human_text(cell, lang).c_str(), nullptr);
            }
        },
        cell);
}

void check_size(const Table& table, const std::string& name, std::size_t rows, std::size_t columns)
{
    if (rows > LXW_ROW_MAX || columns > LXW_COL_MAX) {
        throw Error(Exit::io, "xlsx",
                    Message("xlsx.too_large", {{"table", table.name.empty() ? name : table.name},
                                               {"rows", rows},
                                               {"columns", columns},
                                               {"max_rows", std::int64_t{LXW_ROW_MAX}},
                                               {"max_columns", std::int64_t{LXW_COL_MAX}}}));
    }
}

// Column A the labels, column B the values (and C, D… should a record hold more rows), written
// row by row as constant-memory mode needs: a sheet's row is a column of the table, so each
// record row is read again for each column.
void write_record(lxw_worksheet* sheet, const Table& table, const std::string& name, const Formats& formats, Lang lang)
{
    const std::size_t rows = row_count(table);
    check_size(table, name, table.columns.size(), rows + 1);
    std::size_t label_width = 0;
    std::vector<std::size_t> widths(rows, 0);
    RowReader read(table);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const auto row = static_cast<lxw_row_t>(c);
        const std::string& label = heading(table.columns[c]);
        check(worksheet_write_string(sheet, row, 0, label.c_str(), formats.heading));
        label_width = std::max(label_width, widest_line(label));
        for (std::size_t r = 0; r < rows; ++r) {
            const Cell& cell = cell_at(read(r), c);
            check(write_cell(sheet, row, static_cast<lxw_col_t>(r + 1), cell, formats, lang));
            widths[r] = std::max(widths[r], shown_width(cell, lang));
        }
    }
    check(worksheet_set_column(sheet, 0, 0, column_width(label_width), nullptr));
    for (std::size_t r = 0; r < rows; ++r) {
        const auto column = static_cast<lxw_col_t>(r + 1);
        check(worksheet_set_column(sheet, column, column, column_width(widths[r]), nullptr));
    }
}

// A bold, frozen header row with an autofilter, then one row per record, in one pass: the
// columns' widths are set after their cells, which constant-memory mode allows.
void write_list(lxw_worksheet* sheet, const Table& table, const std::string& name, const Formats& formats, Lang lang)
{
    const std::size_t rows = row_count(table);
    check_size(table, name, rows + 1, table.columns.size());
    const std::size_t count = table.columns.size();
    std::vector<std::size_t> widths(count, 0);
    for (std::size_t c = 0; c < count; ++c) {
        const std::string& label = heading(table.columns[c]);
        check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), label.c_str(), formats.heading));
        widths[c] = widest_line(label) + filter_button;
    }
    lxw_row_t r = 0;
    for_each_row(table, [&](const Row& row) {
        ++r;
        for (std::size_t c = 0; c < count; ++c) {
            const Cell& cell = cell_at(row, c);
            check(write_cell(sheet, r, static_cast<lxw_col_t>(c), cell, formats, lang));
            widths[c] = std::max(widths[c], shown_width(cell, lang));
        }
    });
    for (std::size_t c = 0; c < count; ++c) {
        const auto column = static_cast<lxw_col_t>(c);
        check(worksheet_set_column(sheet, column, column, column_width(widths[c]), nullptr));
    }
    worksheet_freeze_panes(sheet, 1, 0);
    check(worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(count - 1)));
}

// Text for a page header or footer: "&" is a code there, so it is doubled; cut so that the
// whole string stays within libxlsxwriter's limit.
std::string header_text(std::string_view text, std::size_t room)
{
    std::string escaped;
    for (char c : text) {
        escaped += c;
        if (c == '&') {
            escaped += '&';
        }
    }
    if (escaped.size() <= room) {
        return escaped;
    }
    std::size_t end = room;
    while (end > 0 && (static_cast<unsigned char>(escaped[end]) & 0xC0U) == 0x80U) {
        --end;  // never cut a UTF-8 character in two
    }
    escaped.resize(end);
    if (!escaped.empty() && escaped.back() == '&' && (escaped.size() - escaped.find_last_not_of('&') - 1) % 2 == 1) {
        escaped.pop_back();  // nor an "&&" pair
    }
    return escaped;
}

// How the sheet prints: A4, one page wide and as many long as it takes, landscape when wide, the
// title in the page header and the page number in the footer; `repeat_row` repeats the header
// row on every page, else the label column is repeated (a record read across pages).
void set_up_page(lxw_worksheet* sheet, std::size_t columns, bool repeat_row, const std::string& title, Lang lang)
{
    worksheet_set_paper(sheet, paper_a4);
    if (columns > portrait_columns) {
        worksheet_set_landscape(sheet);
    }
    worksheet_fit_to_pages(sheet, 1, 0);
    if (repeat_row) {
        check(worksheet_repeat_rows(sheet, 0, 0));
    } else {
        check(worksheet_repeat_columns(sheet, 0, 0));
    }
    if (!title.empty()) {
        const std::string header = "&C" + header_text(title, LXW_HEADER_FOOTER_MAX - 2);
        check(worksheet_set_header(sheet, header.c_str()));
    }
    check(worksheet_set_footer(sheet, say(lang, "xlsx.footer").c_str()));
}

struct Sheet {
    const Table* table = nullptr;
    std::string name;
};

// The first sheet: what the workbook covers (document_facts), then the sheets that follow with
// their titles and row counts. Written fully before any other sheet.
void write_summary(lxw_worksheet* sheet, const Document& document, const std::vector<Sheet>& sheets,
                   const Formats& formats, const RenderOptions& options)
{
    const Lang lang = options.lang;
    lxw_row_t row = 0;
    std::size_t label_width = 0;
    std::size_t value_width = 0;
    const std::string title = document.title.empty() ? std::string("toro") : document.title;
    check(worksheet_write_string(sheet, row++, 0, title.c_str(), formats.heading));

    const auto fact = [&](std::string_view label, const Cell& value) {
        check(worksheet_write_string(sheet, row, 0, std::string(label).c_str(), formats.heading));
        check(write_cell(sheet, row, 1, value, formats, lang));
        label_width = std::max(label_width, display_width(label));
        value_width = std::max(value_width, shown_width(value, lang));
        ++row;
    };
    for (const auto& [label, value] : document_facts(document, options)) {
        fact(label, value);
    }

    ++row;
    const std::string sheet_label = say(lang, "xlsx.sheet");
    const std::string contents_label = say(lang, "xlsx.contents");
    const std::string rows_label = say(lang, "xlsx.rows");
    check(worksheet_write_string(sheet, row, 0, sheet_label.c_str(), formats.heading));
    check(worksheet_write_string(sheet, row, 1, contents_label.c_str(), formats.heading));
    check(worksheet_write_string(sheet, row, 2, rows_label.c_str(), formats.heading));
    ++row;
    std::size_t contents_width = contents_label.size();
    for (const Sheet& listed : sheets) {
        const Table& table = *listed.table;
        check(worksheet_write_string(sheet, row, 0, listed.name.c_str(), nullptr));
        if (!table.title.empty()) {
            check(worksheet_write_string(sheet, row, 1, table.title.c_str(), nullptr));
        }
        const auto count = static_cast<double>(row_count(table));
        check(worksheet_write_number(sheet, row, 2, count, nullptr));
        label_width = std::max(label_width, display_width(listed.name));
        contents_width = std::max(contents_width, display_width(table.title));
        ++row;
    }
    check(worksheet_set_column(sheet, 0, 0, column_width(label_width), nullptr));
    check(worksheet_set_column(sheet, 1, 1, column_width(std::max(value_width, contents_width)), nullptr));
    check(worksheet_set_column(sheet, 2, 2, column_width(rows_label.size()), nullptr));
    set_up_page(sheet, 3, true, document.title, lang);
}

void copy_file(const std::string& path, std::ostream& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Exit::io, "xlsx", Message("xlsx.cannot_read_back", {{"file", path}}));
    }
    out << in.rdbuf();
    if (!out) {
        throw Error(Exit::io, "xlsx", Message("xlsx.cannot_write"));
    }
}

}  // namespace

void write_xlsx(const Document& document, const RenderOptions& options, std::ostream& out)
{
    TemporaryFile file;
    {
        Workbook book(file.path(), file.directory());
        if (!document.title.empty()) {
            std::string title = document.title;
            lxw_doc_properties properties{};
            properties.title = title.data();
            check(workbook_set_properties(book.get(), &properties));
        }
        const Formats formats = add_formats(book.get());
        SheetNames names;
        const std::string summary = names.take(acceptable(say(options.lang, "xlsx.summary"), 0));
        std::vector<Sheet> sheets;
        for (std::size_t t = 0; t < document.tables.size(); ++t) {
            const Table& table = document.tables[t];
            if (!table.columns.empty()) {
                sheets.push_back({&table, table_sheet_name(table, t, summary, names, options.lang)});
            }
        }
        write_summary(add_sheet(book.get(), summary), document, sheets, formats, options);
        for (const Sheet& listed : sheets) {
            lxw_worksheet* sheet = add_sheet(book.get(), listed.name);
            const Table& table = *listed.table;
            if (table.record) {
                write_record(sheet, table, listed.name, formats, options.lang);
                set_up_page(sheet, row_count(table) + 1, false, document.title, options.lang);
            } else {
                write_list(sheet, table, listed.name, formats, options.lang);
                set_up_page(sheet, table.columns.size(), true, document.title, options.lang);
            }
        }
        book.close();
    }
    copy_file(file.path(), out);
}

}  // namespace toro::render
