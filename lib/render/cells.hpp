#pragma once
// Cell text shared by the writers: the human form (table, md; follows the language) and the
// machine form (CSV, TSV; never depends on the language).

#include "core/lang.hpp"
#include "render/model.hpp"
#include "render/render.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace toro::render {

// For people: money "1 234,56 zł" / "PLN 1,234.56", a fraction as a percentage with one
// decimal ("87,5 %" / "87.5 %"), a double with at most two decimals ("," in Polish), a bool
// "tak"/"nie" or "yes"/"no", a list joined with ", ", dates ISO, empty cells "". Text is
// returned as is (newlines included); each writer decides how to show them.
std::string human_text(const Cell& cell, Lang lang);

// How people read the numbers (doubles) of one column: all with the same number of decimals,
// so that they line up — as many as the column's most precise value needs, at most two ("4,00"
// beside "4,49", "12" beside "7"); a p-value column three, and "< 0,001" below that.
struct NumberStyle {
    int decimals = -1;  // -1: each number as human_text writes it
    bool p_value = false;
};

// The style of every column of `table`, read in one pass over its rows.
std::vector<NumberStyle> number_styles(const Table& table);

// human_text, with a double written in its column's style.
std::string human_text(const Cell& cell, Lang lang, const NumberStyle& style);

// For machines: money "1234.56", a fraction or double in its shortest exact form ("0.875"),
// a bool "true"/"false", a list joined with "|", dates ISO, empty cells "".
std::string machine_text(const Cell& cell);

// The shortest decimal text that reads back as the same double: plain notation ("0.875",
// "1234", "0.000001") for magnitudes from 1e-6 to below 1e15, otherwise whatever is shortest
// ("1e+20"); "0" for zero of either sign.
std::string shortest_number(double value);

// True for the cells people expect right-aligned: integers, doubles, fractions and money.
bool is_numeric(const Cell& cell);

// True when the column holds at least one number and nothing but numbers and empty cells (a
// term without a code, which says to people why there is no value, counts as empty).
bool is_numeric_column(const Table& table, std::size_t column);

// is_numeric_column of every column, read in one pass over the rows.
std::vector<bool> numeric_columns(const Table& table);

// The row's cell of a column; an empty cell when the row is shorter than the columns.
const Cell& cell_at(const std::vector<Cell>& row, std::size_t column);

// The column's heading for people: its label, or its key when the label is empty.
const std::string& heading(const Column& column);

// What a report covers, labelled in the output language, for the first page of its html and
// the summary sheet of its workbook: the city (RenderOptions::city), the period or year and
// the as-of date the report's JSON hands over, and the day it was generated. A document
// that names neither period, year nor as-of (a register list) gets only the generation day.
std::vector<std::pair<std::string, Cell>> document_facts(const Document& document, const RenderOptions& options);

}  // namespace toro::render
