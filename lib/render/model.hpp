#pragma once
// What domain code hands a renderer: plain data with typed cells, never a query. The same
// model becomes a terminal table, CSV/TSV, JSON, JSON Lines or Markdown.

#include "core/catalogue.hpp"
#include "core/date.hpp"
#include "core/lang.hpp"
#include "core/money.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace toro::render {

// A fraction is a ratio shown as a percentage to people and as a plain number (0.875) to
// machines.
struct Fraction {
    double value = 0;
    bool operator==(const Fraction&) const = default;
};

// A value people read in words and machines by its code: machine formats (csv, tsv, json,
// jsonl) write `code` ("on_track", "ORG-006"), human ones `words` in the output language
// ("zgodnie z planem", "Fundacja Dobry Start (ORG-006)").
struct Term {
    std::string code;
    Message words;
    // A list of codes (`code` joins them with "|", as a list cell's machine text does): JSON
    // writes it as an array.
    std::optional<std::vector<std::string>> codes{};
};

// A term for a value of an enumeration: `code` in machine formats, the catalogue's words under
// `prefix` + code in human ones ("indicator.status." + "on_track"); a code the catalogue has no
// words for is shown as it is.
Term term(std::string_view prefix, const std::string& code);

// A list of enumeration values as one term: machine formats write the codes joined by "|" (as a
// list cell does), human ones their words joined by ", ".
Term term_list(std::string_view prefix, const std::vector<std::string>& codes);

// A term for a named thing (an organization, a venture, a category): its code for machines, its
// code and name as the catalogue's `value.named` words them for people.
Term named_term(Named named);

// A term as a cell holds it: shared and unchangeable, so that a cell stays small (a national
// report's tables hold millions of cells) and the rows that show one venture's name share one
// term. Made from a Term where a cell is made from a value.
class TermRef {
public:
    TermRef(Term term) : m_term(std::make_shared<const Term>(std::move(term))) {}  // NOLINT: implicit, as a value
    const Term& operator*() const { return *m_term; }
    const Term* operator->() const { return m_term.get(); }

private:
    std::shared_ptr<const Term> m_term;
};

// One cell; std::monostate is "empty" (null in JSON, an empty field in CSV).
using Cell = std::variant<std::monostate, bool, std::int64_t, double, Fraction, Money, Date, Period, std::string,
                          std::vector<std::string>, TermRef>;

struct Column {
    std::string key;    // snake_case English: the CSV header and the JSON field name
    std::string label;  // heading for people (table, md), in the output language; key when empty
    // Its text cells hold exact decimals with a dot ("1.5", an interest rate): kept as text for
    // machines, written with a decimal comma for a Polish spreadsheet (`--excel`).
    bool decimal = false;
    // Human lists (table, md) show at most this many characters of a cell, ending in "…"
    // (0: all); records and machine formats always show it whole.
    std::size_t human_width = 0;
    // Its numbers are p-values: people read three decimals, and "< 0,001" below that.
    bool p_value = false;
};

// One row's cells, in column order.
using Row = std::vector<Cell>;

// A list of records with the same columns.
struct Table {
    std::string name;   // section key in JSON, sheet name in XLSX, e.g. "ventures"
    std::string title;  // heading for people; may be empty
    std::vector<Column> columns;
    std::vector<Row> rows;
    // A long table's rows made as a writer asks for them instead of held in `rows`, so that a
    // national report's 75,000 venture lines are never all in memory: when set, the table has
    // `made_rows` rows and make_row(i, row) puts the i-th into `row` (empty when it is called).
    // What it reads (the report's model, the names) must outlive the rendering. Writers read
    // either kind through row_count, for_each_row and RowReader below, and write the same text
    // for both; one that needs two passes over the rows makes them twice.
    std::function<void(std::size_t, Row&)> make_row{};
    std::size_t made_rows = 0;
    // A record is one row shown as "label: value" lines to people and as one JSON object.
    bool record = false;
    // A long list, a row per venture or flag: an html document (which people read and print)
    // shows at most html_listing_rows of its rows — those `attention` marks first, in their
    // order — and says that the whole list is in the xlsx and csv of the same report. Empty
    // `attention`: every row alike. Other formats write every row.
    bool listing = false;
    std::vector<bool> attention{};
};

inline constexpr std::size_t html_listing_rows = 300;

// How many rows the table has, held or made.
inline std::size_t row_count(const Table& table)
{
    return table.make_row ? table.made_rows : table.rows.size();
}

// Calls visit(row) with each of the table's rows in order: the held rows, or each row made in
// turn into one reused vector.
template <typename Visit> void for_each_row(const Table& table, Visit&& visit)
{
    if (!table.make_row) {
        for (const Row& row : table.rows) {
            visit(row);
        }
        return;
    }
    Row row;
    for (std::size_t i = 0; i < table.made_rows; ++i) {
        row.clear();
        table.make_row(i, row);
        visit(static_cast<const Row&>(row));
    }
}

// The table's rows by index: a held row, or the row made into the reader's own vector, which
// holds it until the next call.
class RowReader {
public:
    explicit RowReader(const Table& table) : m_table(table) {}
    const Row& operator()(std::size_t i)
    {
        if (!m_table.make_row) {
            return m_table.rows.at(i);
        }
        m_row.clear();
        m_table.make_row(i, m_row);
        return m_row;
    }

private:
    const Table& m_table;
    Row m_row;
};

// A chart for people; the html format draws it as inline SVG, other formats leave it out.
struct Series {
    std::string name;
    std::vector<double> values;  // one per category; NaN where there is no value
    // interval: the ends of each value's confidence interval, one per category; NaN (or a short
    // vector) where there is none, and the value is drawn without a whisker. Empty for other kinds.
    // (The braces keep initialisations that list only name and values free of warnings.)
    std::vector<double> low{};
    std::vector<double> high{};
};

struct Chart {
    enum class Kind {
        line,  // categories along x (months), one line per series
        bar,   // vertical bars, one group per category, one bar per series
        hbar,  // horizontal bars, one row per category, one bar per series; `markers` draws a tick
        // one point per category at x = series[0], y = series[1] (left out where either is NaN),
        // labelled with the category; two `markers` (reference x and y) split it into quadrants
        scatter,
        interval,  // one row per category, one dot per series with a whisker from its `low` to its `high`
    };
    Kind kind = Kind::bar;
    std::string title;
    std::vector<std::string> categories;
    std::vector<Series> series;
    bool fraction = false;  // values are fractions, shown as percentages
    // hbar: a reference per category (e.g. the expected pace); scatter: the reference x and y
    // (e.g. the means), drawn only when both are there; may be empty
    std::vector<double> markers;
    std::string marker_label;  // what the markers mean, for the legend
    // scatter: the names of the axes; the names of series[0] and series[1] when empty
    std::string x_title{};
    std::string y_title{};
    // What the values are counted in ("zł"), named after the title; empty for plain counts and
    // fractions.
    std::string unit{};
};

enum class Shape {
    list,      // one table: a JSON array, one CSV header
    record,    // one table with one row: a JSON object
    sections,  // several tables: a JSON object keyed by table name, CSV blocks separated by a blank line
};

// A list in a document's JSON made one element at a time while it is written, so that a large
// report's list (fifteen thousand ventures) is never held whole: `size` elements, the i-th
// made by element(i), in place of the member `key` of Document::json.
struct JsonList {
    std::string key;
    std::size_t size = 0;
    std::function<nlohmann::ordered_json(std::size_t)> element;
};

// A JsonList of one element per item of `items` (which must outlive the document's rendering),
// each made by `make(item)`.
template <typename T, typename Make> JsonList json_list(std::string key, const std::vector<T>& items, Make make)
{
    return {std::move(key), items.size(), [&items, make](std::size_t i) { return make(items[i]); }};
}

struct Document {
    std::string title;
    Shape shape = Shape::list;
    std::vector<Table> tables;
    // When set, the json and jsonl formats print this instead of deriving JSON from the
    // tables (reports whose JSON shape is nested, as their schemas/*.schema.json fix it).
    std::optional<nlohmann::ordered_json> json;
    // Members of `json` (an object) written from these lists: each list's member in `json` holds
    // its place (null) and the list's elements are written there.
    std::vector<JsonList> json_lists;
    // Charts for the html format, drawn after the title and before the tables.
    std::vector<Chart> charts;
};

}  // namespace toro::render
