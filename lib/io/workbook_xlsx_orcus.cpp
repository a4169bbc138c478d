// The spreadsheet module's reader of .xlsx workbooks, and the module's entry point.
//
// An .xlsx file is a zip package of XML parts (ECMA-376): the workbook lists the sheets, the
// relationships say which part holds each, the shared strings and the styles are parts of their
// own. minizip unpacks the parts and liborcus's XML parser (orcus::sax_parser) reads them. A
// sheet's part is unpacked and parsed a slice of whole rows at a time, each row handed over as
// soon as it is read, so that memory holds one slice, the distinct strings and the formats —
// however many rows the sheet has; a formula cell carries its cached result in its place.
// (liborcus's own orcus_xlsx 0.17 unpacks a sheet's part whole, reports formulas only after the
// last sheet, and does not find parts named by absolute paths nor read inline strings or the
// 1904 date system, which openpyxl, pandas and libxlsxwriter write.)

#include "io/workbook.hpp"
#include "io/workbook_cells.hpp"
#include "io/workbook_readers.hpp"

#include <orcus/sax_parser.hpp>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace toro::io::workbook {
namespace {

using namespace detail;

// Parts read whole (the workbook, its relationships, shared strings, styles) may be this large.
constexpr std::uint64_t most_part = std::uint64_t{512} << 20;
// A row of a sheet may be this large (its XML); a longer one ends the reading.
constexpr std::size_t most_row = std::size_t{64} << 20;
// A sheet's part is unpacked this much at a time.
constexpr std::size_t slice_bytes = std::size_t{1} << 20;

// Thrown from a handler to end the reading once the receiver has what it wants.
struct Stop {};

[[noreturn]] void fail(const std::string& message)
{
    throw std::runtime_error(message);
}

bool ends_with(std::string_view text, std::string_view end)
{
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

// A zip package, open for reading its members.
class Package {
public:
    explicit Package(const std::string& path) : m_zip(unzOpen64(path.c_str()))
    {
        if (m_zip == nullptr) {
            fail("not a zip archive (an .xlsx file is one)");
        }
    }
    ~Package() { unzClose(m_zip); }
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    bool has(const std::string& name) { return unzLocateFile(m_zip, name.c_str(), 1) == UNZ_OK; }

    // The member `name` whole (empty when there is none).
    std::string read(const std::string& name)
    {
        std::string content;
        if (!has(name)) {
            return content;
        }
        unz_file_info64 info{};
        unzGetCurrentFileInfo64(m_zip, &info, nullptr, 0, nullptr, 0, nullptr, 0);
        if (info.uncompressed_size > most_part) {
            fail(fmt_size(name, info.uncompressed_size));
        }
        if (unzOpenCurrentFile(m_zip) != UNZ_OK) {
            fail("cannot unpack " + name);
        }
        content.reserve(static_cast<std::size_t>(info.uncompressed_size));
        char buffer[65536];
        int count = 0;
        while ((count = unzReadCurrentFile(m_zip, buffer, sizeof buffer)) > 0) {
            content.append(buffer, static_cast<std::size_t>(count));
            if (content.size() > most_part) {
                unzCloseCurrentFile(m_zip);
                fail(fmt_size(name, content.size()));
            }
        }
        unzCloseCurrentFile(m_zip);
        if (count < 0) {
            fail("cannot unpack " + name + " (the file is damaged)");
        }
        return content;
    }

    // Unpacks `name` slice by slice into `consume`, which returns false to stop.
    void stream(const std::string& name, const std::function<bool(std::string_view)>& consume)
    {
        if (!has(name) || unzOpenCurrentFile(m_zip) != UNZ_OK) {
            fail("the package has no part " + name);
        }
        std::string buffer(slice_bytes, '\0');
        int count = 0;
        bool more = true;
        while (more && (count = unzReadCurrentFile(m_zip, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            more = consume(std::string_view(buffer.data(), static_cast<std::size_t>(count)));
        }
        unzCloseCurrentFile(m_zip);
        if (more && count < 0) {
            fail("cannot unpack " + name + " (the file is damaged)");
        }
    }

private:
    static std::string fmt_size(const std::string& name, std::uint64_t bytes)
    {
        return "too large: its part " + name + " is " + std::to_string(bytes >> 20) +
               " MiB unpacked; toro reads parts of at most " + std::to_string(most_part >> 20) + " MiB";
    }

    unzFile m_zip;
};

// Parses `xml` with liborcus's SAX parser into `handler`.
template <typename Handler> void parse(std::string_view xml, Handler& handler)
{
    orcus::sax_parser<Handler> parser(xml.data(), xml.size(), handler);
    parser.parse();
}

// The attributes of the element being opened (liborcus reports them before the element).
class WithAttributes : public orcus::sax_handler {
public:
    void attribute(const orcus::sax::parser_attribute& attribute)
    {
        m_attributes.emplace_back(std::string(attribute.ns), std::string(attribute.name), std::string(attribute.value));
    }

protected:
    // The value of attribute `name` (of any prefix when `prefixed`, else of none); empty when absent.
    std::string attribute_value(std::string_view name, bool prefixed = false) const
    {
        for (const auto& [ns, attribute, value] : m_attributes) {
            if (attribute == name && ns.empty() != prefixed) {
                return value;
            }
        }
        return {};
    }
    void clear_attributes() { m_attributes.clear(); }

private:
    std::vector<std::tuple<std::string, std::string, std::string>> m_attributes;
};

// A path inside the package, ".." and "." resolved: "xl/worksheets/../styles.xml" is "xl/styles.xml".
std::string normalised(const std::string& path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const std::string part = path.substr(start, end - start);
        if (part == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = end + 1;
    }
    std::string joined;
    for (const auto& part : parts) {
        joined += joined.empty() ? part : "/" + part;
    }
    return joined;
}

// The relationships of part `source` ("xl/workbook.xml"): id -> (type, target as a path in the
// package). A target may be relative to the part's folder or absolute ("/xl/…").
class Relationships : public WithAttributes {
public:
    std::map<std::string, std::pair<std::string, std::string>> found;
    std::string folder;

    void start_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "Relationship" && attribute_value("TargetMode") != "External") {
            const std::string target = attribute_value("Target");
            found[attribute_value("Id")] = {attribute_value("Type"),
                                            normalised(target.starts_with('/') ? target.substr(1) : folder + target)};
        }
        clear_attributes();
    }
    void end_element(const orcus::sax::parser_element&) { clear_attributes(); }
};

std::map<std::string, std::pair<std::string, std::string>> relationships_of(Package& package, const std::string& part)
{
    const auto slash = part.rfind('/');
    const std::string folder = slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
    const std::string rels = folder + "_rels/" + part.substr(folder.size()) + ".rels";
    Relationships handler;
    handler.folder = folder;
    const std::string xml = package.read(rels);
    if (!xml.empty()) {
        parse(xml, handler);
    }
    return handler.found;
}

// The workbook part: its sheets in order (name, relationship id) and its date system.
class WorkbookPart : public WithAttributes {
public:
    std::vector<std::pair<std::string, std::string>> sheets;
    bool from_1904 = false;

    void start_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "sheet") {
            sheets.emplace_back(attribute_value("name"), attribute_value("id", true));
        } else if (element.name == "workbookPr") {
            const auto value = attribute_value("date1904");
            from_1904 = value == "1" || value == "true";
        }
        clear_attributes();
    }
    void end_element(const orcus::sax::parser_element&) { clear_attributes(); }
};

// The shared strings: each <si>'s text (its runs joined, phonetic guides left out).
class SharedStrings : public orcus::sax_handler {
public:
    std::vector<std::string> strings;

    void start_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "si") {
            strings.emplace_back();
            m_in_item = true;
        } else if (element.name == "rPh") {
            m_phonetic = true;
        } else if (element.name == "t" && m_in_item && !m_phonetic) {
            m_in_text = true;
        }
    }
    void end_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "si") {
            m_in_item = false;
        } else if (element.name == "rPh") {
            m_phonetic = false;
        } else if (element.name == "t") {
            m_in_text = false;
        }
    }
    void characters(std::string_view text, bool)
    {
        if (m_in_text) {
            strings.back() += text;
        }
    }

private:
    bool m_in_item = false;
    bool m_in_text = false;
    bool m_phonetic = false;
};

// The styles: what the number format of each cell format (xf of cellXfs) shows.
class StylesPart : public WithAttributes {
public:
    std::map<std::size_t, Shown> formats;   // numFmtId -> what it shows (custom formats)
    std::vector<std::size_t> cell_formats;  // xf -> numFmtId

    void start_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "numFmt") {
            formats[id(attribute_value("numFmtId"))] = shown_by(attribute_value("formatCode"));
        } else if (element.name == "cellXfs") {
            m_in_cell_formats = true;
        } else if (element.name == "xf" && m_in_cell_formats) {
            cell_formats.push_back(id(attribute_value("numFmtId")));
        }
        clear_attributes();
    }
    void end_element(const orcus::sax::parser_element& element)
    {
        if (element.name == "cellXfs") {
            m_in_cell_formats = false;
        }
        clear_attributes();
    }

    Shown shown(std::size_t xf) const
    {
        if (xf >= cell_formats.size()) {
            return Shown::number;
        }
        const auto format = cell_formats[xf];
        if (const auto found = formats.find(format); found != formats.end()) {
            return found->second;
        }
        return builtin_shown(format).value_or(Shown::number);
    }

private:
    static std::size_t id(const std::string& text)
    {
        std::size_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
    }

    bool m_in_cell_formats = false;
};

// "B12" as its column and row (0-based); false for anything else.
bool cell_reference(std::string_view reference, std::uint32_t& column, std::uint32_t& row)
{
    std::size_t i = 0;
    std::uint64_t c = 0;
    while (i < reference.size() && ((reference[i] >= 'A' && reference[i] <= 'Z') || reference[i] == '$')) {
        if (reference[i] != '$') {
            c = c * 26 + static_cast<std::uint64_t>(reference[i] - 'A' + 1);
        }
        ++i;
    }
    std::uint64_t r = 0;
    const std::size_t digits = i;
    while (i < reference.size() && reference[i] >= '0' && reference[i] <= '9') {
        r = r * 10 + static_cast<std::uint64_t>(reference[i] - '0');
        ++i;
    }
    if (c == 0 || c > 16384 || r == 0 || r > 1048576 || i == digits || i != reference.size()) {
        return false;
    }
    column = static_cast<std::uint32_t>(c - 1);
    row = static_cast<std::uint32_t>(r - 1);
    return true;
}

struct Context {
    const std::vector<std::string>* strings = nullptr;
    const StylesPart* styles = nullptr;
    std::int64_t origin = 0;  // day 0 of the workbook, in days since 1970-01-01
};

// The rows of a slice of a sheet's <sheetData>, each handed to `deliver` when it ends.
class SheetRows : public WithAttributes {
public:
    SheetRows(const Context& context, std::function<bool(Row&)> deliver)
        : m_context(context), m_deliver(std::move(deliver))
    {
    }

    void start_element(const orcus::sax::parser_element& element)
    {
        const auto name = element.name;
        if (name == "row") {
            const auto r = attribute_value("r");
            std::uint32_t number = 0;
            if (!r.empty() && std::from_chars(r.data(), r.data() + r.size(), number).ec == std::errc() && number > 0) {
                m_row = static_cast<std::int64_t>(number) - 1;
            } else {
                ++m_row;
            }
            m_column = -1;
            m_out.cells.clear();
        } else if (name == "c") {
            std::uint32_t column = 0;
            std::uint32_t row = 0;
            m_column =
                cell_reference(attribute_value("r"), column, row) ? static_cast<std::int64_t>(column) : m_column + 1;
            m_type = attribute_value("t");
            const auto style = attribute_value("s");
            m_style = 0;
            std::from_chars(style.data(), style.data() + style.size(), m_style);
            m_value.clear();
            m_formula.clear();
            m_inline.clear();
        } else if (name == "v") {
            m_text = &m_value;
        } else if (name == "f") {
            m_text = &m_formula;
        } else if (name == "rPh") {
            m_phonetic = true;
        } else if (name == "t" && !m_phonetic) {
            m_text = &m_inline;  // inside <is>
        }
        clear_attributes();
    }

    void end_element(const orcus::sax::parser_element& element)
    {
        const auto name = element.name;
        if (name == "v" || name == "f" || name == "t") {
            m_text = nullptr;
        } else if (name == "rPh") {
            m_phonetic = false;
        } else if (name == "c") {
            end_cell();
        } else if (name == "row") {
            if (!m_out.cells.empty() && m_row >= 0) {
                m_out.row = static_cast<std::uint32_t>(m_row);
                std::stable_sort(m_out.cells.begin(), m_out.cells.end(),
                                 [](const Cell& a, const Cell& b) { return a.column < b.column; });
                if (!m_deliver(m_out)) {
                    throw Stop{};
                }
            }
            m_out.cells.clear();
        }
        clear_attributes();
    }

    void characters(std::string_view text, bool)
    {
        if (m_text != nullptr) {
            *m_text += text;
        }
    }

private:
    void end_cell()
    {
        if (m_column < 0) {
            return;
        }
        Cell cell;
        cell.column = static_cast<std::uint32_t>(m_column);
        const bool has_value = !m_value.empty();
        if (m_type == "s") {
            std::size_t index = 0;
            std::from_chars(m_value.data(), m_value.data() + m_value.size(), index);
            if (!has_value || m_context.strings == nullptr || index >= m_context.strings->size()) {
                return;
            }
            cell.kind = Kind::text;
            cell.text = (*m_context.strings)[index];
        } else if (m_type == "inlineStr") {
            cell.kind = Kind::text;
            cell.text = m_inline;
        } else if (!has_value && !m_formula.empty()) {
            cell.kind = Kind::error;  // a formula never calculated: shown as itself
            cell.text = "=" + m_formula;
        } else if (m_type == "str") {
            cell.kind = Kind::text;
            cell.text = m_value;
        } else if (m_type == "b") {
            cell.kind = Kind::boolean;
            cell.text = m_value == "1" || m_value == "true" ? "true" : "false";
        } else if (m_type == "e") {
            cell.kind = Kind::error;
            cell.text = m_value;
        } else if (m_type == "d") {
            cell.kind = Kind::date;
            cell.text = m_value.substr(0, 10);
            if (m_value.size() >= 19 && m_value.substr(11, 8) != "00:00:00") {
                cell.text += " " + m_value.substr(11, 8);
            }
        } else if (has_value) {
            double number = 0;
            const auto parsed = std::from_chars(m_value.data(), m_value.data() + m_value.size(), number);
            if (parsed.ec != std::errc() || parsed.ptr != m_value.data() + m_value.size() || !std::isfinite(number)) {
                cell.kind = Kind::error;
                cell.text = m_value;
            } else if (const Shown shown = m_context.styles->shown(m_style);
                       shown != Shown::number && date_serial(number)) {
                date_cell(cell, number, m_context.origin, shown);
            } else {
                cell.kind = Kind::number;
                cell.text = number_text(number);
            }
        } else {
            return;  // an empty cell (a format alone)
        }
        if (cell.kind == Kind::text && cell.text.empty()) {
            return;
        }
        m_out.cells.push_back(std::move(cell));
    }

    const Context& m_context;
    std::function<bool(Row&)> m_deliver;
    std::int64_t m_row = -1;
    std::int64_t m_column = -1;
    std::string m_type;
    std::size_t m_style = 0;
    std::string m_value;
    std::string m_formula;
    std::string m_inline;
    std::string* m_text = nullptr;
    bool m_phonetic = false;
    Row m_out;
};

// Reads the rows of the sheet part `part` slice by slice: each slice ends with a whole row and is
// parsed inside the <sheetData> element it belongs to. Returns the sheet's extent from its
// <dimension> when `extent_only` (reading no row).
class SheetStream {
public:
    SheetStream(Package& package, const Context& context) : m_package(package), m_context(context) {}

    // The last row the sheet's <dimension> names, plus one (0: not given).
    std::uint32_t extent(const std::string& part)
    {
        std::uint32_t rows = 0;
        std::string head;
        m_package.stream(part, [&](std::string_view slice) {
            head += slice;
            const auto data = head.find("sheetData");
            const auto dimension = head.find("<dimension");
            if (dimension != std::string::npos && (data == std::string::npos || dimension < data)) {
                const auto ref = head.find("ref=\"", dimension);
                const auto end = ref == std::string::npos ? ref : head.find('"', ref + 5);
                if (end != std::string::npos) {
                    const std::string range = head.substr(ref + 5, end - ref - 5);
                    const auto colon = range.find(':');
                    std::uint32_t column = 0;
                    std::uint32_t row = 0;
                    if (cell_reference(colon == std::string::npos ? range : range.substr(colon + 1), column, row)) {
                        rows = row + 1;
                    }
                    return false;
                }
            }
            return data == std::string::npos && head.size() < 4 * slice_bytes;
        });
        return rows;
    }

    void rows(const std::string& part, const std::function<bool(Row&)>& deliver)
    {
        SheetRows handler(m_context, deliver);
        std::string buffer;
        std::string open;   // "<sheetData>", with the prefix its start tag has
        std::string close;  // "</sheetData>"
        std::string row_end;
        bool started = false;
        bool finished = false;
        const auto parse_rows = [&](std::size_t end) {
            std::string slice;
            slice.reserve(open.size() + end + close.size());
            slice.append(open).append(buffer, 0, end).append(close);
            parse(slice, handler);
            buffer.erase(0, end);
        };
        m_package.stream(part, [&](std::string_view piece) {
            buffer += piece;
            if (!started) {
                const auto at = buffer.find("sheetData");
                if (at == std::string::npos) {
                    return buffer.size() < 4 * slice_bytes;  // the sheet's properties come first
                }
                const auto tag = buffer.rfind('<', at);
                const auto tag_end = buffer.find('>', at);
                if (tag == std::string::npos || tag_end == std::string::npos) {
                    return true;  // the start tag is not whole yet
                }
                if (buffer[tag_end - 1] == '/') {
                    finished = true;  // <sheetData/>: no rows
                    return false;
                }
                const std::string prefix = buffer.substr(tag + 1, at - tag - 1);
                open = "<" + prefix + "sheetData>";
                close = "</" + prefix + "sheetData>";
                row_end = "</" + prefix + "row>";
                buffer.erase(0, tag_end + 1);
                started = true;
            }
            if (const auto last = buffer.rfind(row_end); last != std::string::npos) {
                parse_rows(last + row_end.size());
            } else if (buffer.size() > most_row) {
                fail("a row of the sheet " + part + " is over " + std::to_string(most_row >> 20) + " MiB");
            }
            if (const auto end = buffer.find(close); end != std::string::npos) {
                parse_rows(end);
                finished = true;
                return false;
            }
            return true;
        });
        if (started && !finished) {
            fail("the sheet " + part + " ends before its rows do (the file is cut short)");
        }
    }

private:
    Package& m_package;
    const Context& m_context;
};

class XlsxWorkbook : public Workbook {
public:
    explicit XlsxWorkbook(const std::string& path) : m_path(path)
    {
        Package package(path);
        std::string workbook_part = "xl/workbook.xml";
        for (const auto& [id, relationship] : relationships_of(package, "")) {
            if (ends_with(relationship.first, "/officeDocument")) {
                workbook_part = relationship.second;
            }
        }
        const std::string workbook_xml = package.read(workbook_part);
        if (workbook_xml.empty()) {
            fail("it has no workbook part (" + workbook_part + "): not a spreadsheet");
        }
        WorkbookPart workbook;
        parse(workbook_xml, workbook);
        m_context.origin = workbook.from_1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, 30);
        const auto relationships = relationships_of(package, workbook_part);
        for (const auto& [id, relationship] : relationships) {
            if (ends_with(relationship.first, "/sharedStrings")) {
                SharedStrings strings;
                const std::string xml = package.read(relationship.second);
                if (!xml.empty()) {
                    parse(xml, strings);
                }
                m_strings = std::move(strings.strings);
            } else if (ends_with(relationship.first, "/styles")) {
                const std::string xml = package.read(relationship.second);
                if (!xml.empty()) {
                    parse(xml, m_styles);
                }
            }
        }
        m_context.strings = &m_strings;
        m_context.styles = &m_styles;
        SheetStream stream(package, m_context);
        for (const auto& [name, id] : workbook.sheets) {
            const auto found = relationships.find(id);
            m_parts.push_back(found == relationships.end() ? std::string() : found->second.second);
            m_info.sheets.push_back(name);
            m_info.rows.push_back(
                m_parts.back().empty() || !package.has(m_parts.back()) ? 0 : stream.extent(m_parts.back()));
            if (name == meta_sheet && !m_info.has_meta && !m_parts.back().empty()) {
                m_info.has_meta = true;
                std::size_t cells = 0;
                stream.rows(m_parts.back(), [&](Row& row) {
                    cells += row.cells.size();
                    if (cells > meta_cells_max) {
                        fail("the sheet 'toro' is too large for a form's description");
                    }
                    m_info.meta.push_back(row);
                    return true;
                });
            }
        }
    }

    const Info& info() const override { return m_info; }

    std::string rows(std::uint32_t sheet, Receiver& receiver) override
    {
        try {
            if (sheet >= m_parts.size() || m_parts[sheet].empty()) {
                return "the package has no part for the sheet '" +
                       (sheet < m_info.sheets.size() ? m_info.sheets[sheet] : std::string()) + "'";
            }
            Package package(m_path);
            if (!package.has(m_parts[sheet])) {
                return "the package has no part " + m_parts[sheet] + " for the sheet '" + m_info.sheets[sheet] + "'";
            }
            SheetStream(package, m_context).rows(m_parts[sheet], [&receiver](Row& row) { return receiver.row(row); });
        } catch (const Stop&) {
            return {};
        } catch (const std::exception& error) {
            return error.what();
        } catch (...) {
            return "the workbook could not be read";
        }
        return {};
    }

private:
    std::string m_path;
    Info m_info;
    std::vector<std::string> m_parts;  // per sheet: its part
    std::vector<std::string> m_strings;
    StylesPart m_styles;
    Context m_context;
};

}  // namespace

std::unique_ptr<Workbook> open_xlsx(const std::string& path)
{
    return std::make_unique<XlsxWorkbook>(path);
}

}  // namespace toro::io::workbook

extern "C" __attribute__((visibility("default"))) toro::io::workbook::Workbook*
toro_open_workbook(const char* path, toro::io::workbook::Format format, std::string* error)
{
    using namespace toro::io::workbook;
    try {
        return (format == Format::ods ? open_ods(path) : open_xlsx(path)).release();
    } catch (const std::exception& failure) {
        *error = failure.what();
    } catch (...) {
        *error = "the workbook could not be read";
    }
    return nullptr;
}
