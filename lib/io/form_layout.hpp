#pragma once
// How a report form describes itself, so that the form written by reporting/forms.cpp is read
// back by io/spreadsheet.cpp as the report it holds. A form is a workbook whose hidden, protected
// sheet `toro` (workbook::meta_sheet) lists, one per row, a key and what it names:
//
//   A              B                  C                 D
//   toro-form      1                                        marker and version
//   sheet          Raport                                   the sheet the organization fills in
//   venture        V-2025-001         C4                    the venture, and the cell showing it
//   period         2026-10            C6                    the month, and its cell
//   submitted_on                      C8                    the cell of the submission date
//   note                              C9                    the cell of the note
//   indicator      participants       A14               F14 code and its cell, the value's cell
//   category       personnel          A22               F22 the same for spending
//
// The reader checks that every code and the venture and month still stand where the description
// says (rows moved, deleted or overwritten refuse the form naming the cell) and turns the filled
// cells into the long layout's rows, one per figure.

#include <string_view>

namespace toro::io::form {

inline constexpr std::string_view marker = "toro-form";
inline constexpr int version = 1;

inline constexpr std::string_view sheet_key = "sheet";
inline constexpr std::string_view venture_key = "venture";
inline constexpr std::string_view period_key = "period";
inline constexpr std::string_view submitted_on_key = "submitted_on";
inline constexpr std::string_view note_key = "note";
inline constexpr std::string_view indicator_key = "indicator";
inline constexpr std::string_view category_key = "category";

}  // namespace toro::io::form
