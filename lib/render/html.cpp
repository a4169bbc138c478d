// One self-contained HTML5 file for people (docs/formats.md): inline CSS and inline
// SVG charts, nothing fetched from the network, printable on A4 with table headers repeated
// on every page. Cells carry the human text of the other human formats; numeric columns are
// right-aligned with tabular figures; a record is a label/value table. Charts (line, bar, hbar,
// scatter, interval) come after the title and before the tables, drawn in dark grey, blue,
// mid grey and hatched variants of them with a mark shape per series, so that series stay
// apart when printed in greyscale.

#include "core/text.hpp"
#include "render/cells.hpp"
#include "render/writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace toro::render {

namespace {

constexpr std::string_view style_sheet = R"(
@page { size: A4; margin: 18mm 15mm 16mm; }
@page wide { size: A4 landscape; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
  line-height: 1.35; color: #111; background: #fff; max-width: 180mm; margin: 0 auto; padding: 10mm 0; }
h1 { font-size: 16pt; margin: 0 0 5mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0 0 4mm; }
thead { display: table-header-group; }
tr, figure { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1mm 1.5mm; text-align: left; vertical-align: top; white-space: pre-line;
  overflow-wrap: break-word; font-variant-numeric: tabular-nums; }
thead th { border-bottom: 1.5pt solid #333; vertical-align: bottom; }
tbody tr { border-bottom: 0.5pt solid #ccc; }
tbody tr:nth-child(even) { background: #eee; }
.num { text-align: right; white-space: nowrap; }
.keep { white-space: nowrap; }
.note { font-size: 9pt; color: #333; margin: 2mm 0 6mm; }
table.record { width: auto; min-width: 50%; break-inside: avoid; page-break-inside: avoid; }
table.record th { font-weight: normal; color: #444; padding-right: 8mm; }
section.wide { page: wide; }
section.wide table { font-size: 8pt; }
table.facts { width: auto; margin: 0 0 6mm; font-size: 10pt; }
table.facts th { font-weight: normal; color: #444; padding-right: 6mm; }
table.facts tr { border: none; background: none; }
figure.chart { margin: 0 0 6mm; }
figure.chart svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; fill: #111; }
@media print { body { max-width: none; padding: 0; } }
)";

// Text for HTML content and attributes, and for SVG (which is XML).
std::string escaped(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The text on one line: CR, LF and tab each become a space.
std::string single_line(std::string_view text)
{
    std::string line(text);
    for (char& c : line) {
        if (c == '\r' || c == '\n' || c == '\t') {
            c = ' ';
        }
    }
    return line;
}

// ---------------------------------------------------------------------------------------------
// Tables

// True for short text without spaces (codes, dates, registry numbers): kept on one line, so
// that "PES-2024-001" does not break at its hyphens.
bool is_token(std::string_view text)
{
    return text.size() <= 24 && text.find_first_of(" \t\r\n") == std::string_view::npos;
}

// A heading as HTML: dates and months (2026-11-11, 2026-10) never break across lines.
std::string heading_html(std::string_view text)
{
    const auto digits = [&](std::size_t at, std::size_t count) {
        if (at + count > text.size()) {
            return false;
        }
        return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at),
                           text.begin() + static_cast<std::ptrdiff_t>(at + count),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    const std::string line = single_line(text);
    text = line;
    std::string out;
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (digits(i, 4) && i + 7 <= text.size() && text[i + 4] == '-' && digits(i + 5, 2)) {
            std::size_t end = i + 7;
            if (end + 3 <= text.size() && text[end] == '-' && digits(end + 1, 2)) {
                end += 3;
            }
            out += escaped(text.substr(plain, i - plain));
            out += "<span class=\"keep\">" + escaped(text.substr(i, end - i)) + "</span>";
            plain = i = end;
        } else {
            ++i;
        }
    }
    out += escaped(text.substr(plain));
    return out;
}

// Characters an A4 portrait page holds across at the table's font size, with cell padding.
constexpr std::size_t portrait_characters = 110;

// A table too wide for a portrait page prints on landscape pages (the named page `wide`), so
// that no column is lost off the edge. Estimated from the headings and the first rows shown: each
// column as wide as its longest text (a long one wraps at about 24 characters, a heading at
// its longest word), plus padding. `sampled` holds each column's widest text in those rows, at
// most sampled_text.
constexpr std::size_t sampled_rows = 200;
constexpr std::size_t sampled_text = 24;

bool wide(const Table& table, const std::vector<std::size_t>& sampled)
{
    constexpr std::size_t padding = 2;
    std::size_t total = 0;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        std::size_t longest_word = 0;
        std::size_t word = 0;
        for (const char ch : heading(table.columns[c]) + " ") {
            if (ch == ' ') {
                longest_word = std::max(longest_word, word);
                word = 0;
            } else if ((static_cast<unsigned char>(ch) & 0xC0U) != 0x80U) {
                ++word;
            }
        }
        total += std::max(longest_word, sampled[c]) + padding;
    }
    return total > portrait_characters;
}

// The rows of a table the html shows: every row (nullopt), or of a long listing the indices
// of the first html_listing_rows, those that need attention first (in the table's order).
std::optional<std::vector<std::size_t>> shown_rows(const Table& table, std::size_t& needing_attention)
{
    needing_attention = 0;
    const std::size_t count = row_count(table);
    if (!table.listing || count <= html_listing_rows) {
        return std::nullopt;
    }
    std::vector<std::size_t> rows;
    const bool marked = table.attention.size() == count;
    for (std::size_t r = 0; r < count; ++r) {
        if (!marked || table.attention[r]) {
            ++needing_attention;
            if (rows.size() < html_listing_rows) {
                rows.push_back(r);
            }
        }
    }
    if (!marked) {
        needing_attention = 0;
    }
    return rows;
}

// Calls visit(row) with each row `shown` names (every row when it is nullopt), in order.
template <typename Visit>
void for_each_shown(const Table& table, const std::optional<std::vector<std::size_t>>& shown, Visit visit)
{
    if (!shown) {
        for_each_row(table, visit);
        return;
    }
    RowReader read(table);
    for (const std::size_t r : *shown) {
        visit(read(r));
    }
}

// The cells' texts are made twice, once to choose the columns' classes and the page's
// orientation and once to write them, so that none is kept.
void write_grid(const Table& table, Lang lang, std::ostream& out)
{
    const std::size_t count = table.columns.size();
    const auto styles = number_styles(table);
    const auto numeric = numeric_columns(table);
    std::size_t needing_attention = 0;
    const auto shown = shown_rows(table, needing_attention);
    const std::size_t shown_count = shown ? shown->size() : row_count(table);
    std::vector<std::size_t> sampled(count, 0);
    std::vector<bool> tokens(count, shown_count > 0);
    std::size_t seen = 0;
    for_each_shown(table, shown, [&](const Row& row) {
        for (std::size_t c = 0; c < count; ++c) {
            const std::string text = human_text(cell_at(row, c), lang, styles[c]);
            if (seen < sampled_rows) {
                sampled[c] = std::max(sampled[c], std::min(display_width(text), sampled_text));
            }
            if (tokens[c] && !is_token(text)) {
                tokens[c] = false;
            }
        }
        ++seen;
    });
    std::vector<std::string_view> opening(count);
    const bool landscape = wide(table, sampled);
    if (landscape) {  // the heading goes onto the landscape page with its table
        out << "<section class=\"wide\">\n";
    }
    if (!table.title.empty()) {
        out << "<h2>" << heading_html(table.title) << "</h2>\n";
    }
    out << "<table>\n<thead>\n<tr>";
    for (std::size_t c = 0; c < count; ++c) {
        opening[c] = numeric[c] ? "<td class=\"num\">" : tokens[c] ? "<td class=\"keep\">" : "<td>";
        out << (numeric[c] ? "<th class=\"num\">" : "<th>") << escaped(heading(table.columns[c])) << "</th>";
    }
    out << "</tr>\n</thead>\n<tbody>\n";
    for_each_shown(table, shown, [&](const Row& row) {
        out << "<tr>";
        for (std::size_t c = 0; c < count; ++c) {
            out << opening[c] << escaped(human_text(cell_at(row, c), lang, styles[c])) << "</td>";
        }
        out << "</tr>\n";
    });
    out << "</tbody>\n</table>\n";
    const std::size_t rows = row_count(table);
    if (shown_count < rows) {
        const Message note = table.attention.size() == rows
                                 ? Message("render.html.listing_attention",
                                           {{"shown", shown_count}, {"attention", needing_attention}, {"rows", rows}})
                                 : Message("render.html.listing_first", {{"shown", shown_count}, {"rows", rows}});
        out << "<p class=\"note\">" << escaped(note.text(lang)) << "</p>\n";
    }
    if (landscape) {
        out << "</section>\n";
    }
}

// One label/value table per row.
void write_record(const Table& table, Lang lang, std::ostream& out)
{
    const auto styles = number_styles(table);
    for_each_row(table, [&](const Row& row) {
        out << "<table class=\"record\">\n<tbody>\n";
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            out << "<tr><th scope=\"row\">" << escaped(heading(table.columns[c])) << "</th><td>"
                << escaped(human_text(cell_at(row, c), lang, styles[c])) << "</td></tr>\n";
        }
        out << "</tbody>\n</table>\n";
    });
}

// ---------------------------------------------------------------------------------------------
// Charts: SVG in user units, 720 wide (about the text width of an A4 page at 96 dpi).

constexpr double chart_width = 720;
constexpr double font_size = 11;
constexpr double title_size = 13;
constexpr std::size_t category_label_limit = 40;  // code points of an hbar row label
constexpr std::size_t point_label_limit = 22;     // code points of a scatter point's label
// A white outline that keeps text readable where it crosses lines and marks.
constexpr std::string_view halo = R"( stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke")";

enum class Mark { circle, square, triangle, diamond };

struct SeriesStyle {
    std::string_view colour;
    std::string_view dash;  // stroke-dasharray of a line; empty for a solid line
    Mark mark;              // point marker of a line
    bool hatched;           // bars: diagonal stripes of the colour on white
};

constexpr std::array<SeriesStyle, 6> series_styles{{
    {"#262626", "", Mark::circle, false},
    {"#2166ac", "7 3", Mark::square, false},
    {"#8c8c8c", "2 3", Mark::triangle, false},
    {"#262626", "10 3 2 3", Mark::diamond, true},
    {"#2166ac", "4 4", Mark::circle, true},
    {"#bdbdbd", "1 3", Mark::square, false},
}};

const SeriesStyle& style_of(std::size_t series)
{
    return series_styles[series % series_styles.size()];
}

template <typename... Args> void emit(std::string& svg, fmt::format_string<Args...> format, Args&&... args)
{
    fmt::format_to(std::back_inserter(svg), format, std::forward<Args>(args)...);
}

std::size_t code_points(std::string_view text)
{
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// An estimate of the width text takes in the sans-serif font at `size`.
double text_width(std::string_view text, double size = font_size)
{
    return static_cast<double>(code_points(text)) * size * 0.58;
}

// How many code points fit in `width` at `size`; at least 2.
std::size_t fitting(double width, double size = font_size)
{
    return static_cast<std::size_t>(std::max(2.0, std::floor(width / (size * 0.58))));
}

std::string localized(double value, int decimals, Lang lang);

// A value as a chart labels it: a fraction as a percentage; from 1 000 up a whole number
// grouped as the axis is (`368 850`); a smaller one as it is (`4,5`).
std::string value_text(double value, bool fraction, Lang lang)
{
    if (fraction) {
        return human_text(Fraction{value}, lang);
    }
    if (std::fabs(value) >= 1000) {
        return localized(value, 0, lang);
    }
    return human_text(Cell(std::in_place_type<double>, value), lang);
}

// A chart's title as printed: a capital first letter, and its unit in brackets.
std::string chart_title(const Chart& chart)
{
    std::string title = capitalized(single_line(chart.title));
    if (!chart.unit.empty() && !title.empty()) {
        title += " (" + chart.unit + ")";
    }
    return title;
}

// The number with its decimal mark and thousands separators in the language's style.
std::string localized(double value, int decimals, Lang lang)
{
    return formatter(lang).decimal(value, decimals);
}

// A value axis from `low` to `high` with a tick every `step`; both ends are multiples of the
// step, and the step is 1, 2, 2.5 or 5 times a power of ten.
struct Axis {
    double low = 0;
    double high = 1;
    double step = 0.2;
    bool fraction = false;

    // Where `value` lies on a span drawn from `start` (low) to `end` (high).
    double place(double value, double start, double end) const
    {
        return start + (value - low) / (high - low) * (end - start);
    }

    std::vector<double> ticks() const
    {
        std::vector<double> values;
        const long count = std::lround((high - low) / step);
        for (long i = 0; i <= count; ++i) {
            const double value = low + static_cast<double>(i) * step;
            values.push_back(std::fabs(value) < step * 1e-9 ? 0.0 : value);
        }
        return values;
    }

    std::string label(double value, Lang lang) const
    {
        const double scale = fraction ? 100.0 : 1.0;
        int decimals = 0;
        while (decimals < 6) {
            const double scaled = step * scale * std::pow(10.0, decimals);
            if (std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) {
                break;
            }
            ++decimals;
        }
        const std::string number = localized(value * scale, decimals, lang);
        return fraction ? number + " %" : number;
    }
};

// An axis from `low` to `high` (high > low) with five to ten ticks.
Axis nice_axis(double low, double high, bool fraction)
{
    const double raw = (high - low) / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normal = raw / magnitude;
    const double factor = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10;
    Axis axis;
    axis.fraction = fraction;
    axis.step = factor * magnitude;
    axis.low = std::floor(low / axis.step + 1e-9) * axis.step;
    axis.high = std::ceil(high / axis.step - 1e-9) * axis.step;
    return axis;
}

// The axis that holds every value and marker and zero; 0-100 % at least for fractions.
Axis value_axis(const Chart& chart)
{
    double low = 0;
    double high = chart.fraction ? 1.0 : 0.0;
    const auto include = [&](double value) {
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    };
    for (const auto& series : chart.series) {
        std::for_each(series.values.begin(), series.values.end(), include);
    }
    if (chart.kind == Chart::Kind::hbar) {
        std::for_each(chart.markers.begin(), chart.markers.end(), include);
    }
    if (high - low <= 0) {
        high = low + 1;
    }
    return nice_axis(low, high, chart.fraction);
}

// An axis over the finite `values` that need not hold zero: their range widened by a twentieth
// on each side, but not below zero when none is negative nor past 100 % when no fraction is.
Axis data_axis(const std::vector<double>& values, bool fraction)
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const double value : values) {
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    if (low > high) {
        return nice_axis(0, 1, fraction);
    }
    const double span = high - low;
    const double pad = span > 0 ? span / 20 : std::max(std::fabs(high) / 10, fraction ? 0.01 : 0.1);
    const double padded_low = low >= 0 ? std::max(low - pad, 0.0) : low - pad;
    const double padded_high = fraction && high <= 1 ? std::min(high + pad, 1.0) : high + pad;
    return nice_axis(padded_low, padded_high, fraction);
}

// The value of a series for a category; NaN where the series has none.
double value_at(const Series& series, std::size_t category)
{
    return category < series.values.size() ? series.values[category] : std::nan("");
}

// The plot area in user units.
struct Frame {
    double left = 0;
    double right = 0;
    double top = 0;
    double bottom = 0;
};

// Ends an element opened in `svg`: with the tooltip as its <title> when there is one.
void close_element(std::string& svg, std::string_view element, std::string_view tooltip)
{
    if (tooltip.empty()) {
        svg += "/>\n";
    } else {
        emit(svg, "><title>{}</title></{}>\n", escaped(tooltip), element);
    }
}

void draw_mark(std::string& svg, Mark mark, double x, double y, std::string_view colour, std::string_view css_class,
               std::string_view tooltip)
{
    constexpr double r = 3.4;
    switch (mark) {
    case Mark::circle:
        emit(svg, R"(<circle class="{}" cx="{:.1f}" cy="{:.1f}" r="{:.1f}")", css_class, x, y, r);
        break;
    case Mark::square:
        emit(svg, R"(<rect class="{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}")", css_class, x - r, y - r,
             2 * r, 2 * r);
        break;
    case Mark::triangle:
        emit(svg, R"(<polygon class="{}" points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}")", css_class, x,
             y - r * 1.25, x + r * 1.2, y + r, x - r * 1.2, y + r);
        break;
    case Mark::diamond:
        emit(svg, R"(<polygon class="{}" points="{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}")", css_class,
             x, y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y);
        break;
    }
    emit(svg, R"( fill="{}" stroke="#fff" stroke-width="0.8")", colour);
    close_element(svg, mark == Mark::circle ? "circle" : mark == Mark::square ? "rect" : "polygon", tooltip);
}

std::string bar_fill(std::size_t series, std::string_view id)
{
    const auto& style = style_of(series);
    return style.hatched ? fmt::format("url(#{}-hatch{})", id, series % series_styles.size())
                         : std::string(style.colour);
}

void draw_hatch_patterns(std::string& svg, std::size_t series_count, std::string_view id)
{
    bool opened = false;
    for (std::size_t s = 0; s < std::min(series_count, series_styles.size()); ++s) {
        if (!style_of(s).hatched) {
            continue;
        }
        if (!opened) {
            svg += "<defs>\n";
            opened = true;
        }
        emit(
            svg,
            R"svg(<pattern id="{}-hatch{}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">)svg"
            R"(<rect width="5" height="5" fill="#fff"/><line x1="0" y1="0" x2="0" y2="5" stroke="{}" stroke-width="3.4"/>)"
            "</pattern>\n",
            id, s, style_of(s).colour);
    }
    if (opened) {
        svg += "</defs>\n";
    }
}

enum class Swatch { line, bar, marker, estimate, reference };

struct LegendEntry {
    std::string name;
    Swatch swatch = Swatch::bar;
    std::size_t series = 0;
};

// True when a scatter chart has both reference values, and so quadrants.
bool has_quadrants(const Chart& chart)
{
    return chart.kind == Chart::Kind::scatter && chart.markers.size() == 2 && std::isfinite(chart.markers[0]) &&
           std::isfinite(chart.markers[1]);
}

// One entry per series (a scatter chart's two series are its axes instead), then the markers'.
std::vector<LegendEntry> legend_entries(const Chart& chart)
{
    std::vector<LegendEntry> entries;
    const Swatch swatch = chart.kind == Chart::Kind::line       ? Swatch::line
                          : chart.kind == Chart::Kind::interval ? Swatch::estimate
                                                                : Swatch::bar;
    for (std::size_t s = 0; s < chart.series.size() && chart.kind != Chart::Kind::scatter; ++s) {
        entries.push_back({truncated(single_line(chart.series[s].name), 60), swatch, s});
    }
    const bool any_marker =
        std::any_of(chart.markers.begin(), chart.markers.end(), [](double value) { return std::isfinite(value); });
    const std::string label = truncated(single_line(chart.marker_label), 60);
    if (chart.kind == Chart::Kind::hbar && any_marker && !label.empty()) {
        entries.push_back({label, Swatch::marker, 0});
    }
    if (has_quadrants(chart) && !label.empty()) {
        entries.push_back({label, Swatch::reference, 0});
    }
    return entries;
}

void draw_marker_line(std::string& svg, double x, double top, double bottom, std::string_view css_class,
                      std::string_view tooltip)
{
    emit(svg,
         R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#fff" stroke-width="5"/>)"
         "\n",
         x, top, bottom);
    emit(svg,
         R"(<line class="{0}" x1="{1:.1f}" y1="{2:.1f}" x2="{1:.1f}" y2="{3:.1f}" stroke="#000" stroke-width="2.2")",
         css_class, x, top, bottom);
    close_element(svg, "line", tooltip);
}

// A dashed line across the plot at a reference value (the quadrants of a scatter chart).
void draw_reference_line(std::string& svg, double x1, double y1, double x2, double y2, std::string_view css_class,
                         std::string_view tooltip)
{
    emit(
        svg,
        R"(<line class="{}" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#000" stroke-width="1.3" stroke-dasharray="6 4")",
        css_class, x1, y1, x2, y2);
    close_element(svg, "line", tooltip);
}

// A dot in the series' mark and colour with a whisker from `low` to `high` (x coordinates; the
// whisker is left out when either is NaN).
void draw_estimate(std::string& svg, std::size_t series, double x, double low, double high, double y,
                   std::string_view css_class, std::string_view tooltip)
{
    const auto& style = style_of(series);
    if (std::isfinite(low) && std::isfinite(high)) {
        emit(
            svg,
            R"(<path class="whisker" d="M{0:.1f},{2:.1f}H{1:.1f}M{0:.1f},{3:.1f}V{4:.1f}M{1:.1f},{3:.1f}V{4:.1f}" fill="none" stroke="{5}" stroke-width="1.6"/>)"
            "\n",
            low, high, y, y - 4, y + 4, style.colour);
    }
    draw_mark(svg, style.mark, x, y, style.colour, css_class, tooltip);
}

// The legend in rows from `top`, wrapped at the chart width; returns where it ends.
double draw_legend(std::string& svg, const std::vector<LegendEntry>& entries, std::string_view id, double top)
{
    if (entries.empty()) {
        return top;
    }
    constexpr double row = 18;
    constexpr double left = 4;
    double x = left;
    double y = top;
    for (const auto& entry : entries) {
        const double width = 24 + text_width(entry.name) + 18;
        if (x > left && x + width > chart_width) {
            x = left;
            y += row;
        }
        const double middle = y + row / 2;
        const auto& style = style_of(entry.series);
        switch (entry.swatch) {
        case Swatch::line:
            emit(svg, R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="2")", x,
                 middle, x + 18, middle, style.colour);
            if (!style.dash.empty()) {
                emit(svg, R"( stroke-dasharray="{}")", style.dash);
            }
            svg += "/>\n";
            draw_mark(svg, style.mark, x + 9, middle, style.colour, "legend-mark", "");
            break;
        case Swatch::bar:
            emit(
                svg,
                R"(<rect class="swatch" x="{:.1f}" y="{:.1f}" width="16" height="11" fill="{}" stroke="#1a1a1a" stroke-width="0.6"/>)"
                "\n",
                x + 1, middle - 5.5, bar_fill(entry.series, id));
            break;
        case Swatch::marker:
            draw_marker_line(svg, x + 9, middle - 7, middle + 7, "legend-marker", "");
            break;
        case Swatch::estimate:
            draw_estimate(svg, entry.series, x + 9, x + 1, x + 17, middle, "legend-mark", "");
            break;
        case Swatch::reference:
            draw_reference_line(svg, x, middle, x + 18, middle, "legend-reference", "");
            break;
        }
        emit(svg,
             R"(<text x="{:.1f}" y="{:.1f}" font-size="{}">{}</text>)"
             "\n",
             x + 24, middle + 4, font_size, escaped(entry.name));
        x += width;
    }
    return y + row;
}

// The chart's title and legend; returns where they end.
double draw_header(std::string& svg, const Chart& chart, std::string_view id)
{
    double y = 4;
    if (!chart.title.empty()) {
        emit(svg,
             R"(<text x="4" y="{:.1f}" font-size="{}" font-weight="bold">{}</text>)"
             "\n",
             y + title_size, title_size, escaped(truncated(chart_title(chart), 90)));
        y += title_size + 8;
    }
    return draw_legend(svg, legend_entries(chart), id, y);
}

double widest_tick_label(const Axis& axis, Lang lang)
{
    double widest = 0;
    for (const double tick : axis.ticks()) {
        widest = std::max(widest, text_width(axis.label(tick, lang)));
    }
    return widest;
}

// Horizontal grid lines and value labels on the left (line and bar charts).
void draw_value_axis_y(std::string& svg, const Axis& axis, const Frame& frame, Lang lang)
{
    for (const double tick : axis.ticks()) {
        const double y = axis.place(tick, frame.bottom, frame.top);
        emit(svg,
             R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"/>)"
             "\n",
             frame.left, y, frame.right, y, tick == 0 ? "#444" : "#d4d4d4", tick == 0 ? "1" : "0.7");
        emit(svg,
             R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="end">{}</text>)"
             "\n",
             frame.left - 6, y + 4, font_size, escaped(axis.label(tick, lang)));
    }
}

// Vertical grid lines and value labels below (hbar charts).
void draw_value_axis_x(std::string& svg, const Axis& axis, const Frame& frame, Lang lang)
{
    for (const double tick : axis.ticks()) {
        const double x = axis.place(tick, frame.left, frame.right);
        emit(svg,
             R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"/>)"
             "\n",
             x, frame.top, x, frame.bottom, tick == 0 ? "#444" : "#d4d4d4", tick == 0 ? "1" : "0.7");
        emit(svg,
             R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="middle">{}</text>)"
             "\n",
             x, frame.bottom + 15, font_size, escaped(axis.label(tick, lang)));
    }
}

// A text label (`attributes` are added to its <text>); when it had to be shortened, the full
// text is its tooltip.
void draw_label(std::string& svg, std::string_view text, std::size_t limit, double x, double y, std::string_view anchor,
                std::string_view attributes = "")
{
    const std::string line = single_line(text);
    const std::string shown = truncated(line, limit);
    if (shown != line) {
        emit(svg, "<g><title>{}</title>", escaped(line));
    }
    emit(svg, R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}"{}>{}</text>)", x, y, font_size, anchor,
         attributes, escaped(shown));
    svg += shown != line ? "</g>\n" : "\n";
}

// Category labels below the plot, one per band; every n-th when they would not fit.
void draw_category_axis_x(std::string& svg, const std::vector<std::string>& categories, const Frame& frame)
{
    if (categories.empty()) {
        return;
    }
    const double band = (frame.right - frame.left) / static_cast<double>(categories.size());
    double widest = 0;
    for (const auto& category : categories) {
        widest = std::max(widest, text_width(truncated(single_line(category), 14)));
    }
    const auto stride = static_cast<std::size_t>(std::max(1.0, std::ceil((widest + 8) / band)));
    const std::size_t limit = fitting(band * static_cast<double>(stride) - 8);
    for (std::size_t i = 0; i < categories.size(); i += stride) {
        const double x = frame.left + (static_cast<double>(i) + 0.5) * band;
        draw_label(svg, categories[i], limit, x, frame.bottom + 16, "middle");
    }
}

std::string point_tooltip(const Chart& chart, std::size_t series, std::size_t category, double value, Lang lang)
{
    const std::string where = category < chart.categories.size() ? single_line(chart.categories[category]) : "";
    const std::string name = single_line(chart.series[series].name);
    return (name.empty() ? "" : name + " \xE2\x80\x94 ") + where + ": " + value_text(value, chart.fraction, lang);
}

// The plot area of a line or bar chart below a header that ends at `top`.
Frame column_frame(const Axis& axis, double top, Lang lang)
{
    Frame frame;
    frame.left = std::max(34.0, widest_tick_label(axis, lang) + 12);
    frame.right = chart_width - 10;
    frame.top = top + 10;
    frame.bottom = frame.top + 220;
    return frame;
}

// Categories along x, one polyline with point markers per series; NaN values are skipped.
double draw_line_chart(std::string& svg, const Chart& chart, const Axis& axis, double top, Lang lang)
{
    const Frame frame = column_frame(axis, top, lang);
    draw_value_axis_y(svg, axis, frame, lang);
    draw_category_axis_x(svg, chart.categories, frame);
    const std::size_t count = chart.categories.size();
    const double band = (frame.right - frame.left) / static_cast<double>(std::max<std::size_t>(count, 1));
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
        const auto& style = style_of(s);
        std::string points;
        std::string marks;
        for (std::size_t i = 0; i < count; ++i) {
            const double value = value_at(chart.series[s], i);
            if (!std::isfinite(value)) {
                continue;
            }
            const double x = frame.left + (static_cast<double>(i) + 0.5) * band;
            const double y = axis.place(value, frame.bottom, frame.top);
            emit(points, "{}{:.1f},{:.1f}", points.empty() ? "" : " ", x, y);
            draw_mark(marks, style.mark, x, y, style.colour, "point", point_tooltip(chart, s, i, value, lang));
        }
        emit(svg, R"(<polyline class="series" fill="none" stroke="{}" stroke-width="2" stroke-linejoin="round")",
             style.colour);
        if (!style.dash.empty()) {
            emit(svg, R"( stroke-dasharray="{}")", style.dash);
        }
        emit(svg,
             R"( points="{}"/>)"
             "\n",
             points);
        svg += marks;
    }
    return frame.bottom + 26;
}

void draw_bar(std::string& svg, double x, double y, double width, double height, const std::string& fill,
              std::string_view tooltip)
{
    emit(
        svg,
        R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" stroke="#1a1a1a" stroke-width="0.5">)"
        "<title>{}</title></rect>\n",
        x, y, width, std::max(height, 0.0), fill, escaped(tooltip));
}

// Grouped vertical bars: one group per category, one bar per series; NaN values are skipped.
double draw_bar_chart(std::string& svg, const Chart& chart, const Axis& axis, double top, Lang lang,
                      std::string_view id)
{
    const Frame frame = column_frame(axis, top, lang);
    draw_value_axis_y(svg, axis, frame, lang);
    draw_category_axis_x(svg, chart.categories, frame);
    const std::size_t count = chart.categories.size();
    const double band = (frame.right - frame.left) / static_cast<double>(std::max<std::size_t>(count, 1));
    const double group = band * 0.74;
    const double width = group / static_cast<double>(std::max<std::size_t>(chart.series.size(), 1));
    const double gap = width > 6 ? 1 : 0;
    const double zero = axis.place(0, frame.bottom, frame.top);
    for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const double value = value_at(chart.series[s], i);
            if (!std::isfinite(value)) {
                continue;
            }
            const double x =
                frame.left + static_cast<double>(i) * band + (band - group) / 2 + static_cast<double>(s) * width;
            const double y = axis.place(value, frame.bottom, frame.top);
            draw_bar(svg, x + gap / 2, std::min(y, zero), width - gap, std::fabs(zero - y), bar_fill(s, id),
                     point_tooltip(chart, s, i, value, lang));
        }
    }
    emit(svg,
         R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#444" stroke-width="1"/>)"
         "\n",
         frame.left, zero, frame.right, zero);
    return frame.bottom + 26;
}

// The plot area of a chart with one row per category (hbar, interval): the category labels on
// the left, `right_margin` left free on the right.
Frame row_frame(const Chart& chart, double row, double top, double right_margin)
{
    double widest_label = 0;
    for (const auto& category : chart.categories) {
        widest_label = std::max(widest_label, text_width(truncated(single_line(category), category_label_limit)));
    }
    Frame frame;
    frame.left = std::min(widest_label + 14, chart_width * 0.45);
    frame.right = chart_width - right_margin;
    frame.top = top + 6;
    frame.bottom = frame.top + row * static_cast<double>(chart.categories.size());
    return frame;
}

// Every other row shaded, and each row's label on its left, shortened to 40 characters with the
// full text as a tooltip.
void draw_rows(std::string& svg, const Chart& chart, const Frame& frame, double row)
{
    for (std::size_t i = 1; i < chart.categories.size(); i += 2) {
        emit(svg,
             R"(<rect class="band" x="0" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#f2f2f2"/>)"
             "\n",
             frame.top + static_cast<double>(i) * row, chart_width, row);
    }
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        const double row_top = frame.top + static_cast<double>(i) * row;
        draw_label(svg, chart.categories[i], category_label_limit, frame.left - 8, row_top + row / 2 + 4, "end");
    }
}

// One row per category, one bar per series with its value at the end, and a tick at the
// category's marker when there is one.
double draw_hbar_chart(std::string& svg, const Chart& chart, const Axis& axis, double top, Lang lang,
                       std::string_view id)
{
    constexpr double bar_height = 13;
    constexpr double bar_gap = 2;
    constexpr double row_padding = 6;
    const std::size_t series_count = chart.series.size();
    const double bars = series_count == 0 ? bar_height
                                          : static_cast<double>(series_count) * bar_height +
                                                static_cast<double>(series_count - 1) * bar_gap;
    const double row = bars + 2 * row_padding;
    double widest_value = 0;
    for (const auto& series : chart.series) {
        for (const double value : series.values) {
            if (std::isfinite(value)) {
                widest_value = std::max(widest_value, text_width(value_text(value, chart.fraction, lang), 10));
            }
        }
    }
    const Frame frame =
        row_frame(chart, row, top, std::max(widest_value + 10, text_width(axis.label(axis.high, lang)) / 2 + 4));
    draw_rows(svg, chart, frame, row);
    draw_value_axis_x(svg, axis, frame, lang);
    const double zero = axis.place(0, frame.left, frame.right);
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        const double row_top = frame.top + static_cast<double>(i) * row;
        std::string values;  // drawn over the bars and the marker
        for (std::size_t s = 0; s < series_count; ++s) {
            const double value = value_at(chart.series[s], i);
            if (!std::isfinite(value)) {
                continue;
            }
            const double y = row_top + row_padding + static_cast<double>(s) * (bar_height + bar_gap);
            const double x = axis.place(value, frame.left, frame.right);
            draw_bar(svg, std::min(x, zero), y, std::fabs(x - zero), bar_height, bar_fill(s, id),
                     point_tooltip(chart, s, i, value, lang));
            emit(values,
                 R"(<text x="{:.1f}" y="{:.1f}" font-size="10"{}>{}</text>)"
                 "\n",
                 std::max(x, zero) + 4, y + bar_height - 3, halo, escaped(value_text(value, chart.fraction, lang)));
        }
        const double marker = i < chart.markers.size() ? chart.markers[i] : std::nan("");
        if (std::isfinite(marker)) {
            const std::string label = single_line(chart.marker_label);
            draw_marker_line(svg, axis.place(marker, frame.left, frame.right), row_top + 2, row_top + row - 2, "marker",
                             (label.empty() ? "" : label + ": ") + value_text(marker, chart.fraction, lang));
        }
        svg += values;
    }
    return frame.bottom + 26;
}

// ---------------------------------------------------------------------------------------------
// Scatter charts

struct ScatterPoint {
    std::size_t category = 0;
    double x = 0;
    double y = 0;
};

// The categories with both an x (series[0]) and a y (series[1]).
std::vector<ScatterPoint> scatter_points(const Chart& chart)
{
    std::vector<ScatterPoint> points;
    for (std::size_t i = 0; i < chart.categories.size() && chart.series.size() >= 2; ++i) {
        const ScatterPoint point{i, value_at(chart.series[0], i), value_at(chart.series[1], i)};
        if (std::isfinite(point.x) && std::isfinite(point.y)) {
            points.push_back(point);
        }
    }
    return points;
}

// The names of a scatter chart's axes: given, else the names of its two series.
std::pair<std::string, std::string> axis_titles(const Chart& chart)
{
    const auto series_name = [&chart](std::size_t s) {
        return s < chart.series.size() ? single_line(chart.series[s].name) : std::string();
    };
    return {chart.x_title.empty() ? series_name(0) : single_line(chart.x_title),
            chart.y_title.empty() ? series_name(1) : single_line(chart.y_title)};
}

// x's title centred below its tick labels, y's turned upright left of its tick labels.
void draw_axis_titles(std::string& svg, const Frame& frame, const std::pair<std::string, std::string>& titles)
{
    if (!titles.first.empty()) {
        draw_label(svg, titles.first, fitting(frame.right - frame.left), (frame.left + frame.right) / 2,
                   frame.bottom + 34, "middle", R"( class="axis-title")");
    }
    if (!titles.second.empty()) {
        const double x = 14;
        const double y = (frame.top + frame.bottom) / 2;
        draw_label(svg, titles.second, fitting(frame.bottom - frame.top), x, y, "middle",
                   fmt::format(R"svg( class="axis-title" transform="rotate(-90 {:.1f} {:.1f})")svg", x, y));
    }
}

// The space a label or a point takes, in user units.
struct Box {
    double left = 0;
    double top = 0;
    double right = 0;
    double bottom = 0;

    bool overlaps(const Box& other) const
    {
        return left < other.right && other.left < right && top < other.bottom && other.top < bottom;
    }
    bool inside(const Frame& frame) const
    {
        return left >= frame.left && right <= frame.right && top >= frame.top && bottom <= frame.bottom;
    }
};

struct LabelPlace {
    double x = 0;
    double y = 0;  // the baseline
    std::string_view anchor;
    Box box;
};

LabelPlace label_place(double x, double baseline, std::string_view anchor, double width)
{
    const double left = anchor == "start" ? x : anchor == "end" ? x - width : x - width / 2;
    return {x, baseline, anchor, {left, baseline - font_size * 0.8, left + width, baseline + font_size * 0.2}};
}

bool covers(const std::vector<Box>& boxes, const Box& box)
{
    return std::any_of(boxes.begin(), boxes.end(), [&box](const Box& other) { return other.overlaps(box); });
}

// Where the label of the point at (x, y) goes: right of it, else left, above or below — the
// first place inside the plot that no point, no earlier label and no line takes, else the first
// that only crosses a line (the label's outline keeps it readable there); when none is free,
// right of the point, or left where that would run off the plot.
LabelPlace free_label_place(double x, double y, double width, const Frame& frame, const std::vector<Box>& taken,
                            const std::vector<Box>& lines)
{
    constexpr double gap = 6;
    const std::array<LabelPlace, 4> places{
        label_place(x + gap, y + 4, "start", width),
        label_place(x - gap, y + 4, "end", width),
        label_place(x, y - gap - 1, "middle", width),
        label_place(x, y + gap + font_size, "middle", width),
    };
    for (const bool off_lines : {true, false}) {
        for (const auto& place : places) {
            if (place.box.inside(frame) && !covers(taken, place.box) && !(off_lines && covers(lines, place.box))) {
                return place;
            }
        }
    }
    return places[0].box.right <= frame.right ? places[0] : places[1];
}

// The plot area of a scatter chart with its two axes.
struct Plane {
    Axis x_axis;
    Axis y_axis;
    Frame frame;

    // Where the point (x, y) lies in user units.
    std::pair<double, double> at(double x, double y) const
    {
        return {x_axis.place(x, frame.left, frame.right), y_axis.place(y, frame.bottom, frame.top)};
    }
};

// Dashed lines at the reference x and y, splitting the plot into quadrants.
void draw_quadrants(std::string& svg, const Chart& chart, const Plane& plane, Lang lang)
{
    const auto titles = axis_titles(chart);
    const std::string label = single_line(chart.marker_label);
    const std::string prefix = label.empty() ? "" : label + ": ";
    const auto [x, y] = plane.at(chart.markers[0], chart.markers[1]);
    const Frame& frame = plane.frame;
    draw_reference_line(svg, x, frame.top, x, frame.bottom, "quadrant",
                        prefix + titles.first + " " + value_text(chart.markers[0], chart.fraction, lang));
    draw_reference_line(svg, frame.left, y, frame.right, y, "quadrant",
                        prefix + titles.second + " " + value_text(chart.markers[1], chart.fraction, lang));
}

std::string scatter_tooltip(const Chart& chart, const ScatterPoint& point, Lang lang)
{
    const auto [x_title, y_title] = axis_titles(chart);
    return single_line(chart.categories[point.category]) + " \xE2\x80\x94 " + (x_title.empty() ? "x" : x_title) + ": " +
           value_text(point.x, chart.fraction, lang) + "; " + (y_title.empty() ? "y" : y_title) + ": " +
           value_text(point.y, chart.fraction, lang);
}

// The points with their tooltips, then each point's short label where it does not cover
// another point, label or quadrant line.
void draw_scatter_points(std::string& svg, const Chart& chart, const std::vector<ScatterPoint>& points,
                         const Plane& plane, Lang lang)
{
    const auto& style = style_of(0);
    const Frame& frame = plane.frame;
    std::vector<Box> taken;
    std::vector<Box> lines;
    if (has_quadrants(chart)) {
        const auto [x, y] = plane.at(chart.markers[0], chart.markers[1]);
        lines.push_back({x - 1, frame.top, x + 1, frame.bottom});
        lines.push_back({frame.left, y - 1, frame.right, y + 1});
    }
    std::vector<std::pair<double, double>> at;
    for (const auto& point : points) {
        const auto [x, y] = at.emplace_back(plane.at(point.x, point.y));
        taken.push_back({x - 4, y - 4, x + 4, y + 4});
        draw_mark(svg, style.mark, x, y, style.colour, "point", scatter_tooltip(chart, point, lang));
    }
    for (std::size_t p = 0; p < points.size(); ++p) {
        const std::string text = single_line(chart.categories[points[p].category]);
        const double width = text_width(truncated(text, point_label_limit));
        const LabelPlace place = free_label_place(at[p].first, at[p].second, width, frame, taken, lines);
        taken.push_back(place.box);
        draw_label(svg, text, point_label_limit, place.x, place.y, place.anchor,
                   std::string(R"( class="point-label")") + std::string(halo));
    }
}

// One point per category at (series[0], series[1]) on axes that span the points and the
// reference values, with dashed quadrant lines at the reference values when there are two.
double draw_scatter_chart(std::string& svg, const Chart& chart, double top, Lang lang)
{
    const auto points = scatter_points(chart);
    std::vector<double> xs;
    std::vector<double> ys;
    for (const auto& point : points) {
        xs.push_back(point.x);
        ys.push_back(point.y);
    }
    if (has_quadrants(chart)) {
        xs.push_back(chart.markers[0]);
        ys.push_back(chart.markers[1]);
    }
    Plane plane{data_axis(xs, chart.fraction), data_axis(ys, chart.fraction), {}};
    Frame& frame = plane.frame;
    frame.left = widest_tick_label(plane.y_axis, lang) + 28;
    frame.right = chart_width - std::max(10.0, text_width(plane.x_axis.label(plane.x_axis.high, lang)) / 2 + 4);
    frame.top = top + 10;
    frame.bottom = frame.top + 330;
    draw_value_axis_y(svg, plane.y_axis, frame, lang);
    draw_value_axis_x(svg, plane.x_axis, frame, lang);
    draw_axis_titles(svg, frame, axis_titles(chart));
    if (has_quadrants(chart)) {
        draw_quadrants(svg, chart, plane, lang);
    }
    draw_scatter_points(svg, chart, points, plane, lang);
    return frame.bottom + 42;
}

// ---------------------------------------------------------------------------------------------
// Interval charts

// A value with the ends of its interval; both ends NaN when either is missing.
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
};

Estimate estimate_at(const Series& series, std::size_t category)
{
    const auto end_at = [category](const std::vector<double>& ends) {
        return category < ends.size() ? ends[category] : std::nan("");
    };
    Estimate estimate{value_at(series, category), end_at(series.low), end_at(series.high)};
    if (!std::isfinite(estimate.low) || !std::isfinite(estimate.high)) {
        estimate.low = estimate.high = std::nan("");
    }
    return estimate;
}

// The value axis of an interval chart: every value drawn and the ends of its interval.
Axis interval_axis(const Chart& chart)
{
    std::vector<double> values;
    for (const auto& series : chart.series) {
        for (std::size_t i = 0; i < chart.categories.size(); ++i) {
            const Estimate estimate = estimate_at(series, i);
            if (std::isfinite(estimate.value)) {
                values.insert(values.end(), {estimate.value, estimate.low, estimate.high});
            }
        }
    }
    return data_axis(values, chart.fraction);
}

std::string estimate_tooltip(const Chart& chart, std::size_t series, std::size_t category, const Estimate& estimate,
                             Lang lang)
{
    std::string tooltip = point_tooltip(chart, series, category, estimate.value, lang);
    if (std::isfinite(estimate.low)) {
        tooltip += " (" + value_text(estimate.low, chart.fraction, lang) + " \xE2\x80\x93 " +
                   value_text(estimate.high, chart.fraction, lang) + ")";
    }
    return tooltip;
}

// One row per category, one dot per series, offset within the row, each with a whisker across
// its interval.
double draw_interval_chart(std::string& svg, const Chart& chart, double top, Lang lang)
{
    constexpr double slot = 14;
    constexpr double row_padding = 4;
    const Axis axis = interval_axis(chart);
    const double row = static_cast<double>(std::max<std::size_t>(chart.series.size(), 1)) * slot + 2 * row_padding;
    const Frame frame = row_frame(chart, row, top, text_width(axis.label(axis.high, lang)) / 2 + 6);
    draw_rows(svg, chart, frame, row);
    draw_value_axis_x(svg, axis, frame, lang);
    const auto place = [&](double value) {
        return std::isfinite(value) ? axis.place(value, frame.left, frame.right) : value;
    };
    for (std::size_t i = 0; i < chart.categories.size(); ++i) {
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const Estimate estimate = estimate_at(chart.series[s], i);
            if (!std::isfinite(estimate.value)) {
                continue;
            }
            const double y =
                frame.top + static_cast<double>(i) * row + row_padding + (static_cast<double>(s) + 0.5) * slot;
            draw_estimate(svg, s, place(estimate.value), place(estimate.low), place(estimate.high), y, "dot",
                          estimate_tooltip(chart, s, i, estimate, lang));
        }
    }
    return frame.bottom + 26;
}

// ---------------------------------------------------------------------------------------------

// The plot below a header that ends at `top`; returns where it ends.
double draw_plot(std::string& svg, const Chart& chart, double top, Lang lang, std::string_view id)
{
    switch (chart.kind) {
    case Chart::Kind::line:
        return draw_line_chart(svg, chart, value_axis(chart), top, lang);
    case Chart::Kind::bar:
        return draw_bar_chart(svg, chart, value_axis(chart), top, lang, id);
    case Chart::Kind::hbar:
        return draw_hbar_chart(svg, chart, value_axis(chart), top, lang, id);
    case Chart::Kind::scatter:
        return draw_scatter_chart(svg, chart, top, lang);
    case Chart::Kind::interval:
        return draw_interval_chart(svg, chart, top, lang);
    }
    return top;
}

// The chart as a figure holding one inline SVG; `index` makes its element ids unique. The plot
// (its height goes first, into the viewBox) is drawn into a string and written after the
// opening, never copied into one string with it: a bar per venture of a national evaluation
// is 16 MB of SVG.
void write_chart_figure(const Chart& chart, std::size_t index, Lang lang, std::ostream& out)
{
    const std::string id = fmt::format("chart{}", index + 1);
    std::string body;
    if (chart.kind == Chart::Kind::bar || chart.kind == Chart::Kind::hbar) {
        draw_hatch_patterns(body, chart.series.size(), id);
    }
    const double height = draw_plot(body, chart, draw_header(body, chart, id), lang, id);
    std::string figure;
    emit(figure,
         R"(<figure class="chart">)"
         "\n"
         R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0f} {:.0f}" role="img" aria-labelledby="{}-title">)"
         "\n"
         R"(<title id="{}-title">{}</title>)"
         "\n",
         chart_width, std::ceil(height), id, id, escaped(chart_title(chart)));
    out << figure << body << "</svg>\n</figure>\n";
}

// The print margins: the title at the top, the page number and count at the bottom.
std::string page_boxes(const std::string& title, Lang lang)
{
    std::string quoted;  // a CSS string
    for (const char c : single_line(title)) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        } else if (c == '<') {  // never a closing tag inside <style>
            quoted += "\\3c ";
            continue;
        }
        quoted += c;
    }
    return fmt::format("@page {{ @top-center {{ content: \"{}\"; font-size: 8pt; color: #444; }}\n"
                       "  @bottom-right {{ content: \"{} \" counter(page) \" {} \" counter(pages); font-size: 8pt; "
                       "color: #444; }} }}\n",
                       quoted, lang == Lang::pl ? "strona" : "page", lang == Lang::pl ? "z" : "of");
}

}  // namespace

void write_html(const Document& document, const RenderOptions& options, std::ostream& out)
{
    const std::string title = escaped(single_line(document.title));
    out << "<!DOCTYPE html>\n"
        << "<html lang=\"" << (options.lang == Lang::pl ? "pl" : "en") << "\">\n"
        << "<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << (title.empty() ? "toro" : title) << "</title>\n"
        << "<style>" << style_sheet << page_boxes(document.title, options.lang) << "</style>\n</head>\n<body>\n";
    if (!title.empty()) {
        out << "<h1>" << heading_html(document.title) << "</h1>\n";
    }
    // The first page: what the report covers, then its summary (the record tables it opens
    // with), then the charts and the other tables.
    out << "<table class=\"facts\">\n<tbody>\n";
    for (const auto& [label, value] : document_facts(document, options)) {
        out << "<tr><th scope=\"row\">" << escaped(label) << "</th><td>" << escaped(human_text(value, options.lang))
            << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
    const auto write = [&](const Table& table) {
        if (table.columns.empty()) {
            return;
        }
        if (table.record || document.shape == Shape::record) {
            if (!table.title.empty()) {
                out << "<h2>" << heading_html(table.title) << "</h2>\n";
            }
            write_record(table, options.lang, out);
        } else {
            write_grid(table, options.lang, out);
        }
    };
    std::size_t first = 0;
    while (first < document.tables.size() && document.tables[first].record && !document.charts.empty()) {
        write(document.tables[first++]);
    }
    for (std::size_t i = 0; i < document.charts.size(); ++i) {
        write_chart_figure(document.charts[i], i, options.lang, out);
    }
    for (std::size_t t = first; t < document.tables.size(); ++t) {
        write(document.tables[t]);
    }
    out << "</body>\n</html>\n";
}

}  // namespace toro::render
