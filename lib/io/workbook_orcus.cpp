// The spreadsheet module's reader of .ods workbooks: liborcus's orcus_ods through its import
// interfaces, without liborcus's document model, handing toro the cells typed as the workbook
// keeps them (io/workbook.hpp). (.xlsx workbooks: workbook_xlsx_orcus.cpp.)
//
// liborcus reads the content part whole and reports the cells of each row in order, but every
// formula only after all sheets; so a workbook is read twice: once for its sheets, their
// extent, the formulas' cached results and the rows of a form's description sheet, then again
// for the rows of the one sheet wanted, each formula cell put in its row.

#include "io/workbook.hpp"
#include "io/workbook_cells.hpp"
#include "io/workbook_readers.hpp"

#include <orcus/exception.hpp>
#include <orcus/orcus_ods.hpp>
#include <orcus/spreadsheet/import_interface.hpp>
#include <unzip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace toro::io::workbook {
namespace {

namespace iface = orcus::spreadsheet::iface;
namespace ss = orcus::spreadsheet;

// Thrown from a callback to end liborcus's reading once the receiver has what it wants.
struct Stop {};

using namespace detail;

class Styles : public iface::import_styles {
public:
    Shown shown(std::size_t xf) const
    {
        if (xf >= m_xfs.size()) {
            return Shown::number;
        }
        const std::size_t format = m_xfs[xf];
        if (const auto found = m_by_id.find(format); found != m_by_id.end()) {
            return found->second;
        }
        if (const auto builtin = builtin_shown(format)) {
            return *builtin;
        }
        if (format < m_by_order.size() && !m_by_order[format].second) {
            return m_by_order[format].first;
        }
        return Shown::number;
    }

    void set_number_format_count(std::size_t) override {}
    void set_number_format_identifier(std::size_t id) override { m_id = id; }
    void set_number_format_code(std::string_view code) override { m_code = code; }
    std::size_t commit_number_format() override
    {
        const Shown shown = shown_by(m_code);
        if (m_id) {
            m_by_id[*m_id] = shown;
        }
        m_by_order.emplace_back(shown, m_id.has_value());
        m_id.reset();
        m_code.clear();
        return m_by_order.size() - 1;
    }
    void set_xf_number_format(std::size_t index) override { m_format = index; }
    std::size_t commit_cell_xf() override
    {
        m_xfs.push_back(m_format);
        m_format = 0;
        return m_xfs.size() - 1;
    }

    // What toro does not need.
    void set_font_count(std::size_t) override {}
    void set_font_bold(bool) override {}
    void set_font_italic(bool) override {}
    void set_font_name(std::string_view) override {}
    void set_font_size(double) override {}
    void set_font_underline(ss::underline_t) override {}
    void set_font_underline_width(ss::underline_width_t) override {}
    void set_font_underline_mode(ss::underline_mode_t) override {}
    void set_font_underline_type(ss::underline_type_t) override {}
    void set_font_underline_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    void set_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    void set_strikethrough_style(ss::strikethrough_style_t) override {}
    void set_strikethrough_type(ss::strikethrough_type_t) override {}
    void set_strikethrough_width(ss::strikethrough_width_t) override {}
    void set_strikethrough_text(ss::strikethrough_text_t) override {}
    std::size_t commit_font() override { return 0; }
    void set_fill_count(std::size_t) override {}
    void set_fill_pattern_type(ss::fill_pattern_t) override {}
    void set_fill_fg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    void set_fill_bg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    std::size_t commit_fill() override { return 0; }
    void set_border_count(std::size_t) override {}
    void set_border_style(ss::border_direction_t, ss::border_style_t) override {}
    void set_border_color(ss::border_direction_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                          ss::color_elem_t) override
    {
    }
    void set_border_width(ss::border_direction_t, double, orcus::length_unit_t) override {}
    std::size_t commit_border() override { return 0; }
    void set_cell_hidden(bool) override {}
    void set_cell_locked(bool) override {}
    void set_cell_print_content(bool) override {}
    void set_cell_formula_hidden(bool) override {}
    std::size_t commit_cell_protection() override { return 0; }
    void set_cell_xf_count(std::size_t) override {}
    void set_cell_style_xf_count(std::size_t) override {}
    void set_dxf_count(std::size_t) override {}
    void set_xf_font(std::size_t) override {}
    void set_xf_fill(std::size_t) override {}
    void set_xf_border(std::size_t) override {}
    void set_xf_protection(std::size_t) override {}
    void set_xf_style_xf(std::size_t) override {}
    void set_xf_apply_alignment(bool) override {}
    void set_xf_horizontal_alignment(ss::hor_alignment_t) override {}
    void set_xf_vertical_alignment(ss::ver_alignment_t) override {}
    std::size_t commit_cell_style_xf() override
    {
        m_format = 0;
        return 0;
    }
    std::size_t commit_dxf() override
    {
        m_format = 0;
        return 0;
    }
    void set_cell_style_count(std::size_t) override {}
    void set_cell_style_name(std::string_view) override {}
    void set_cell_style_xf(std::size_t) override {}
    void set_cell_style_builtin(std::size_t) override {}
    void set_cell_style_parent_name(std::string_view) override {}
    std::size_t commit_cell_style() override { return 0; }

private:
    std::optional<std::size_t> m_id;
    std::string m_code;
    std::size_t m_format = 0;
    std::unordered_map<std::size_t, Shown> m_by_id;
    std::vector<std::pair<Shown, bool>> m_by_order;  // shown, named by an identifier
    std::vector<std::size_t> m_xfs;                  // xf -> number format (id or order)
};

// ---------------------------------------------------------------------------------------------
// Shared strings: kept once each, however often a cell repeats them (liborcus's .ods reader
// appends every text cell).

class Strings : public iface::import_shared_strings {
public:
    const std::string& at(std::size_t index) const
    {
        static const std::string none;
        return index < m_strings.size() ? *m_strings[index] : none;
    }

    std::size_t append(std::string_view text) override { return add(text); }
    std::size_t add(std::string_view text) override
    {
        const auto [found, added] = m_index.try_emplace(std::string(text), m_strings.size());
        if (added) {
            m_strings.push_back(&found->first);
        }
        return found->second;
    }
    void set_segment_font(std::size_t) override {}
    void set_segment_bold(bool) override {}
    void set_segment_italic(bool) override {}
    void set_segment_font_name(std::string_view) override {}
    void set_segment_font_size(double) override {}
    void set_segment_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t, ss::color_elem_t) override {}
    void append_segment(std::string_view text) override { m_segments += text; }
    std::size_t commit_segments() override
    {
        const std::size_t index = add(m_segments);
        m_segments.clear();
        return index;
    }

private:
    std::unordered_map<std::string, std::size_t> m_index;
    std::vector<const std::string*> m_strings;
    std::string m_segments;
};

// ---------------------------------------------------------------------------------------------
// Cells

// A cell as liborcus gives it, before its format is known.
struct RawCell {
    std::uint32_t column = 0;
    Kind kind = Kind::text;
    double number = 0;  // Kind::number
    std::string text;   // Kind::text, Kind::date (ISO), Kind::boolean, Kind::error
    std::size_t xf = std::numeric_limits<std::size_t>::max();
    std::uint32_t fill_down = 0;  // the rows below that repeat this cell (.ods)
};

// A formula's cached result, kept from the first reading.
struct Result {
    Kind kind = Kind::number;
    double number = 0;
    std::string text;
};

using Position = std::uint64_t;  // row << 32 | column

Position position(ss::row_t row, ss::col_t column)
{
    return (static_cast<Position>(static_cast<std::uint32_t>(row)) << 32) | static_cast<std::uint32_t>(column);
}

class Reader;

// The formula cells of a sheet, recorded at the first reading.
class Formulas : public iface::import_formula {
public:
    // `record`: false at the second reading, whose formulas are known already.
    Formulas(std::map<Position, Result>& results, bool record) : m_results(results), m_record(record) {}
    void set_position(ss::row_t row, ss::col_t column) override
    {
        m_at = position(row, column);
        m_result.reset();
    }
    void set_formula(ss::formula_grammar_t, std::string_view formula) override { m_formula = formula; }
    void set_shared_formula_index(std::size_t) override {}
    void set_result_string(std::string_view value) override
    {
        m_result = Result{value.starts_with('#') ? Kind::error : Kind::text, 0, std::string(value)};
    }
    void set_result_value(double value) override
    {
        // A formula never calculated (a file written by a program, not a spreadsheet) has no
        // result: it is shown as its formula.
        m_result = std::isfinite(value) ? Result{Kind::number, value, {}}
                                        : Result{Kind::error, 0, m_formula.empty() ? "#VALUE!" : "=" + m_formula};
    }
    void set_result_bool(bool value) override { m_result = Result{Kind::boolean, 0, value ? "true" : "false"}; }
    void set_result_empty() override { m_result.reset(); }
    void commit() override
    {
        if (m_result && m_record) {
            m_results[m_at] = std::move(*m_result);
        }
        m_result.reset();
        m_formula.clear();
    }

private:
    std::map<Position, Result>& m_results;
    bool m_record;
    Position m_at = 0;
    std::string m_formula;
    std::optional<Result> m_result;
};

// One sheet of one reading. At the first reading it notes the sheet's extent and keeps the
// rows of the form's description sheet; at the second it builds the rows of the wanted sheet.
class Sheet : public iface::import_sheet {
public:
    Sheet(Reader& reader, std::uint32_t index, std::string name, std::map<Position, Result>& formulas,
          bool first_reading)
        : m_reader(reader), m_index(index), m_name(std::move(name)), m_formulas(formulas),
          m_formula(formulas, first_reading)
    {
    }

    const std::string& name() const { return m_name; }
    std::uint32_t extent() const { return m_extent; }

    iface::import_formula* get_formula() override;
    void set_auto(ss::row_t row, ss::col_t column, std::string_view text) override;
    void set_string(ss::row_t row, ss::col_t column, ss::string_id_t index) override;
    void set_value(ss::row_t row, ss::col_t column, double value) override;
    void set_bool(ss::row_t row, ss::col_t column, bool value) override;
    void set_date_time(ss::row_t row, ss::col_t column, int year, int month, int day, int hour, int minute,
                       double second) override;
    void set_format(ss::row_t row, ss::col_t column, std::size_t xf) override;
    void set_format(ss::row_t, ss::col_t, ss::row_t, ss::col_t, std::size_t) override {}
    void fill_down_cells(ss::row_t row, ss::col_t column, ss::row_t count) override;
    ss::range_size_t get_sheet_size() const override { return {1048576, 16384}; }

    // Delivers the row being built and any formula rows left: the sheet's cells are over.
    void finish();

private:
    RawCell* cell_at(ss::row_t row, ss::col_t column);
    void flush();
    void deliver(std::uint32_t row, std::vector<RawCell>& cells);

    Reader& m_reader;
    std::uint32_t m_index;
    std::string m_name;
    std::map<Position, Result>& m_formulas;
    Formulas m_formula;
    std::uint32_t m_extent = 0;
    std::int64_t m_row = -1;       // the row being built
    std::vector<RawCell> m_cells;  // its cells, by column
    Row m_out;
    bool m_finished = false;
};

// ---------------------------------------------------------------------------------------------
// One reading of a workbook.

class Reader : public iface::import_factory,
               public iface::import_global_settings,
               public iface::import_reference_resolver {
public:
    // `wanted`: the sheet whose rows go to `receiver` (none at the first reading); `styles`: the
    // cell formats found at the first reading (liborcus reads an .xlsx file's after its sheets).
    // `origin`: the day numbers start from, when the reader knows it better than liborcus (which
    // does not read an .xlsx file's 1904 date system).
    Reader(std::map<Position, Result>& formulas, std::optional<std::uint32_t> wanted, Receiver* receiver,
           const Styles* styles, std::optional<std::int64_t> origin)
        : m_formulas(formulas), m_wanted(wanted), m_receiver(receiver), m_known_styles(styles),
          m_fixed_origin(origin.has_value())
    {
        if (origin) {
            m_origin = *origin;
        }
    }

    bool first_reading() const { return !m_wanted; }
    bool wanted(std::uint32_t sheet) const { return m_wanted == sheet; }
    const Strings& strings() const { return m_strings; }
    const Styles& styles() const { return m_known_styles != nullptr ? *m_known_styles : m_styles; }
    Styles& own_styles() { return m_styles; }
    std::int64_t origin() const { return m_origin; }
    const std::vector<std::unique_ptr<Sheet>>& sheets() const { return m_sheets; }
    std::vector<Row>& meta() { return m_meta; }
    bool has_meta() const { return m_has_meta; }
    std::size_t& meta_cells() { return m_meta_cells; }

    // A finished row of sheet `sheet`.
    void deliver(std::uint32_t sheet, Row& row)
    {
        if (!m_wanted) {
            if (m_has_meta && sheet == m_meta_index) {
                m_meta_cells += row.cells.size();
                if (m_meta_cells > meta_cells_max) {
                    throw std::runtime_error("the sheet 'toro' is too large for a form's description");
                }
                m_meta.push_back(row);
            }
            return;
        }
        if (*m_wanted == sheet && !m_receiver->row(row)) {
            throw Stop{};
        }
    }

    iface::import_global_settings* get_global_settings() override { return this; }
    iface::import_shared_strings* get_shared_strings() override { return &m_strings; }
    iface::import_styles* get_styles() override { return &m_styles; }
    iface::import_reference_resolver* get_reference_resolver(ss::formula_ref_context_t) override { return this; }

    iface::import_sheet* append_sheet(ss::sheet_t, std::string_view name) override
    {
        const auto at = static_cast<std::uint32_t>(m_sheets.size());
        auto& formulas = m_wanted ? m_formulas : m_collected[at];
        m_sheets.push_back(std::make_unique<Sheet>(*this, at, std::string(name), formulas, !m_wanted));
        if (!m_wanted && name == meta_sheet && !m_has_meta) {
            m_has_meta = true;
            m_meta_index = at;
        }
        return m_sheets.back().get();
    }

    iface::import_sheet* get_sheet(std::string_view name) override
    {
        for (auto& sheet : m_sheets) {
            if (sheet->name() == name) {
                return sheet.get();
            }
        }
        return nullptr;
    }

    // A cell of `sheet` arrives: the sheet read before it is over (sheets are read one after
    // another, each row by row).
    void reading(Sheet* sheet)
    {
        if (sheet != m_current) {
            if (m_current != nullptr) {
                m_current->finish();
            }
            m_current = sheet;
        }
    }

    iface::import_sheet* get_sheet(ss::sheet_t index) override
    {
        const auto at = static_cast<std::size_t>(index);
        return at < m_sheets.size() ? m_sheets[at].get() : nullptr;
    }

    void finalize() override { finish_all(); }

    void finish_all()
    {
        for (auto& sheet : m_sheets) {
            sheet->finish();
        }
    }

    // The formulas of the first reading, per sheet.
    std::map<std::uint32_t, std::map<Position, Result>>& collected() { return m_collected; }

    // import_global_settings
    void set_origin_date(int year, int month, int day) override
    {
        if (!m_fixed_origin) {
            m_origin = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
        }
    }
    void set_default_formula_grammar(ss::formula_grammar_t grammar) override { m_grammar = grammar; }
    ss::formula_grammar_t get_default_formula_grammar() const override { return m_grammar; }
    void set_character_set(orcus::character_set_t) override {}

    // import_reference_resolver: "A1", "$B$12", "Sheet!C3" (the sheet left out).
    ss::src_address_t resolve_address(std::string_view address) override
    {
        if (const auto mark = address.rfind('!'); mark != std::string_view::npos) {
            address.remove_prefix(mark + 1);
        }
        std::int64_t column = 0;
        std::int64_t row = 0;
        std::size_t i = 0;
        if (i < address.size() && address[i] == '$') {
            ++i;
        }
        for (; i < address.size() && std::isalpha(static_cast<unsigned char>(address[i])); ++i) {
            column = column * 26 + (std::toupper(static_cast<unsigned char>(address[i])) - 'A' + 1);
            if (column > 1048576) {
                break;
            }
        }
        if (i < address.size() && address[i] == '$') {
            ++i;
        }
        for (; i < address.size() && std::isdigit(static_cast<unsigned char>(address[i])); ++i) {
            row = row * 10 + (address[i] - '0');
            if (row > 1048576) {
                break;
            }
        }
        if (column == 0 || row == 0 || i != address.size()) {
            throw orcus::general_error("not a cell address: " + std::string(address));
        }
        return {0, static_cast<ss::row_t>(row - 1), static_cast<ss::col_t>(column - 1)};
    }

    ss::src_range_t resolve_range(std::string_view range) override
    {
        const auto colon = range.find(':');
        if (colon == std::string_view::npos) {
            const auto at = resolve_address(range);
            return {at, at};
        }
        return {resolve_address(range.substr(0, colon)), resolve_address(range.substr(colon + 1))};
    }

private:
    std::map<Position, Result>& m_formulas;  // the wanted sheet's, at the second reading
    std::optional<std::uint32_t> m_wanted;
    Receiver* m_receiver;
    const Styles* m_known_styles;
    Strings m_strings;
    Styles m_styles;
    std::int64_t m_origin = days_from_civil(1899, 12, 30);
    bool m_fixed_origin;
    ss::formula_grammar_t m_grammar = ss::formula_grammar_t::xlsx;
    std::vector<std::unique_ptr<Sheet>> m_sheets;
    std::map<std::uint32_t, std::map<Position, Result>> m_collected;
    Sheet* m_current = nullptr;
    std::vector<Row> m_meta;
    bool m_has_meta = false;
    std::uint32_t m_meta_index = 0;
    std::size_t m_meta_cells = 0;
};

iface::import_formula* Sheet::get_formula()
{
    return &m_formula;
}

RawCell* Sheet::cell_at(ss::row_t row, ss::col_t column)
{
    if (row < 0 || column < 0) {
        return nullptr;
    }
    m_extent = std::max(m_extent, static_cast<std::uint32_t>(row) + 1);
    m_reader.reading(this);
    if (!m_reader.wanted(m_index) && !(m_reader.first_reading() && m_name == meta_sheet)) {
        return nullptr;  // nothing of this sheet is delivered: its extent is enough
    }
    if (row != m_row) {
        if (row < m_row) {
            return nullptr;  // a row already delivered (never, from a well-formed file)
        }
        flush();
        m_row = row;
    }
    const auto at = static_cast<std::uint32_t>(column);
    auto found = std::lower_bound(m_cells.begin(), m_cells.end(), at,
                                  [](const RawCell& cell, std::uint32_t c) { return cell.column < c; });
    if (found == m_cells.end() || found->column != at) {
        found = m_cells.insert(found, RawCell{});
        found->column = at;
    }
    return &*found;
}

void Sheet::set_auto(ss::row_t row, ss::col_t column, std::string_view text)
{
    if (auto* cell = cell_at(row, column)) {
        cell->kind = Kind::text;
        cell->text = text;
    }
}

void Sheet::set_string(ss::row_t row, ss::col_t column, ss::string_id_t index)
{
    if (auto* cell = cell_at(row, column)) {
        cell->kind = Kind::text;
        cell->text = m_reader.strings().at(index);
    }
}

void Sheet::set_value(ss::row_t row, ss::col_t column, double value)
{
    if (auto* cell = cell_at(row, column)) {
        cell->kind = Kind::number;
        cell->number = value;
    }
}

void Sheet::set_bool(ss::row_t row, ss::col_t column, bool value)
{
    if (auto* cell = cell_at(row, column)) {
        cell->kind = Kind::boolean;
        cell->text = value ? "true" : "false";
    }
}

void Sheet::set_date_time(ss::row_t row, ss::col_t column, int year, int month, int day, int hour, int minute,
                          double second)
{
    if (auto* cell = cell_at(row, column)) {
        cell->kind = Kind::date;
        const long seconds = hour * 3600L + minute * 60L + std::lround(second);
        cell->text = date_text(year, static_cast<unsigned>(month), static_cast<unsigned>(day), seconds);
    }
}

void Sheet::set_format(ss::row_t row, ss::col_t column, std::size_t xf)
{
    // A format alone makes no cell (one without a value is left out when its row is delivered);
    // it comes before the value in .ods files and after it in .xlsx files.
    if (auto* cell = cell_at(row, column)) {
        cell->xf = xf;
    }
}

void Sheet::fill_down_cells(ss::row_t row, ss::col_t column, ss::row_t count)
{
    if (count <= 0) {
        return;
    }
    m_extent = std::max(m_extent, static_cast<std::uint32_t>(row + count) + 1);
    if (row != m_row) {
        return;
    }
    if (auto* cell = cell_at(row, column)) {
        cell->fill_down = static_cast<std::uint32_t>(count);
    }
}

void Sheet::flush()
{
    if (m_row < 0) {
        return;
    }
    const auto row = static_cast<std::uint32_t>(m_row);
    m_row = -1;
    // Rows of formulas alone, above this one.
    if (!m_reader.first_reading()) {
        std::vector<RawCell> formula_row;
        while (!m_formulas.empty() && (m_formulas.begin()->first >> 32) < row) {
            const auto at = static_cast<std::uint32_t>(m_formulas.begin()->first >> 32);
            formula_row.clear();
            deliver(at, formula_row);
        }
    }
    std::uint32_t repeats = 0;
    for (const auto& cell : m_cells) {
        repeats = std::max(repeats, cell.fill_down);
    }
    deliver(row, m_cells);
    for (std::uint32_t k = 1; k <= repeats; ++k) {
        std::vector<RawCell> copies;
        for (const auto& cell : m_cells) {
            if (cell.fill_down >= k) {
                copies.push_back(cell);
            }
        }
        deliver(row + k, copies);
    }
    m_cells.clear();
}

// Turns the raw cells of `row` (with the formula results that belong to it) into a Row.
void Sheet::deliver(std::uint32_t row, std::vector<RawCell>& cells)
{
    if (!m_reader.first_reading()) {
        const Position first = position(static_cast<ss::row_t>(row), 0);
        while (!m_formulas.empty() && m_formulas.begin()->first >= first && (m_formulas.begin()->first >> 32) == row) {
            const auto column = static_cast<std::uint32_t>(m_formulas.begin()->first & 0xFFFFFFFFU);
            auto& result = m_formulas.begin()->second;
            auto found = std::lower_bound(cells.begin(), cells.end(), column,
                                          [](const RawCell& cell, std::uint32_t c) { return cell.column < c; });
            if (found == cells.end() || found->column != column) {
                found = cells.insert(found, RawCell{});
                found->column = column;
            }
            found->kind = result.kind;
            found->number = result.number;
            found->text = std::move(result.text);
            m_formulas.erase(m_formulas.begin());
        }
    }
    m_out.row = row;
    m_out.cells.clear();
    for (auto& raw : cells) {
        Cell cell;
        cell.column = raw.column;
        cell.kind = raw.kind;
        const Shown shown =
            raw.xf == std::numeric_limits<std::size_t>::max() ? Shown::number : m_reader.styles().shown(raw.xf);
        if (raw.kind == Kind::number) {
            if (!std::isfinite(raw.number)) {
                cell.kind = Kind::error;
                cell.text = "#NUM!";
            } else if (shown != Shown::number && date_serial(raw.number)) {
                date_cell(cell, raw.number, m_reader.origin(), shown);
            } else {
                cell.text = number_text(raw.number);
            }
        } else if (raw.kind == Kind::date && shown == Shown::month) {
            cell.kind = Kind::month;
            cell.text = raw.text.substr(0, 7);
        } else {
            if (raw.kind == Kind::text && raw.text.empty()) {
                continue;  // an empty string is an empty cell
            }
            cell.text = raw.text;
        }
        m_out.cells.push_back(std::move(cell));
    }
    if (!m_out.cells.empty()) {
        m_reader.deliver(m_index, m_out);
    }
}

void Sheet::finish()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    flush();
    if (!m_reader.first_reading() && m_reader.wanted(m_index)) {
        std::vector<RawCell> formula_row;
        while (!m_formulas.empty()) {
            const auto at = static_cast<std::uint32_t>(m_formulas.begin()->first >> 32);
            formula_row.clear();
            deliver(at, formula_row);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// liborcus unpacks a part whole into memory: a part larger than most_part unpacked (a sheet of
// tens of millions of cells, or a zip bomb) is refused before it is read.

constexpr std::uint64_t most_part = std::uint64_t{1} << 31;

void check_part_sizes(const char* path)
{
    unzFile zip = unzOpen64(path);
    if (zip == nullptr) {
        return;  // not a zip archive: liborcus says so
    }
    std::string refused;
    for (int more = unzGoToFirstFile(zip); more == UNZ_OK && refused.empty(); more = unzGoToNextFile(zip)) {
        char name[1024];
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) {
            break;
        }
        if (info.uncompressed_size > most_part) {
            refused = std::string(name) + " is " + std::to_string(info.uncompressed_size >> 20) + " MiB unpacked";
        }
    }
    unzClose(zip);
    if (!refused.empty()) {
        throw std::runtime_error("too large: its part " + refused + "; toro reads parts of at most " +
                                 std::to_string(most_part >> 20) + " MiB (split the sheet into several files)");
    }
}

// ---------------------------------------------------------------------------------------------

void read_with(Reader& reader, const std::string& path)
{
    orcus::orcus_ods filter(&reader);
    filter.read_file(path);
    reader.finish_all();
}

class OdsWorkbook : public Workbook {
public:
    explicit OdsWorkbook(std::string path) : m_path(std::move(path))
    {
        std::map<Position, Result> unused;
        Reader reader(unused, std::nullopt, nullptr, nullptr, std::nullopt);
        read_with(reader, m_path);
        m_styles = std::move(reader.own_styles());
        for (const auto& sheet : reader.sheets()) {
            m_info.sheets.push_back(sheet->name());
            m_info.rows.push_back(sheet->extent());
        }
        m_formulas = std::move(reader.collected());
        for (const auto& [sheet, results] : m_formulas) {
            if (sheet < m_info.rows.size() && !results.empty()) {
                const auto last = static_cast<std::uint32_t>(results.rbegin()->first >> 32) + 1;
                m_info.rows[sheet] = std::max(m_info.rows[sheet], last);
            }
        }
        m_info.has_meta = reader.has_meta();
        m_info.meta = std::move(reader.meta());
    }

    const Info& info() const override { return m_info; }

    std::string rows(std::uint32_t sheet, Receiver& receiver) override
    {
        auto formulas = m_formulas[sheet];  // a copy: each reading consumes its own
        Reader reader(formulas, sheet, &receiver, &m_styles, std::nullopt);
        try {
            read_with(reader, m_path);
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
    Styles m_styles;
    std::map<std::uint32_t, std::map<Position, Result>> m_formulas;
};

}  // namespace

std::unique_ptr<Workbook> open_ods(const std::string& path)
{
    check_part_sizes(path.c_str());
    return std::make_unique<OdsWorkbook>(path);
}

}  // namespace toro::io::workbook
