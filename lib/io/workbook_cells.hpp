#pragma once
// What the two readers of the spreadsheet module share (workbook_orcus.cpp for .ods,
// workbook_xlsx_orcus.cpp for .xlsx): calendar arithmetic, what a number format shows, and the
// text of a number. Part of the module only.

#include "io/workbook.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace toro::io::workbook::detail {

// ---------------------------------------------------------------------------------------------
// Dates

// Days since 1970-01-01 of a civil date, and back (proleptic Gregorian).
inline std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

struct Civil {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

inline Civil civil_from_days(std::int64_t days)
{
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

inline std::string iso_date(std::int64_t year, unsigned month, unsigned day)
{
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    return text;
}

// A date's text with its time of day when it has one (to the second).
inline std::string date_text(std::int64_t year, unsigned month, unsigned day, long seconds)
{
    std::string text = iso_date(year, month, day);
    if (seconds > 0) {
        char time[64];
        std::snprintf(time, sizeof time, " %02ld:%02ld:%02ld", seconds / 3600, seconds / 60 % 60, seconds % 60);
        text += time;
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// Number formats

enum class Shown : std::uint8_t { number, date, month };

// What a number format code shows a number as: a date when it has a day or a year outside
// quotes, brackets and escapes (not "General", not an exponent); a month when it has a year
// and no day ("mmm yyyy", "YYYY-MM").
inline Shown shown_by(std::string_view code)
{
    bool day = false;
    bool year = false;
    std::string plain;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            const auto end = code.find('"', i + 1);
            i = end == std::string_view::npos ? code.size() : end;
        } else if (c == '[') {
            const auto end = code.find(']', i + 1);
            i = end == std::string_view::npos ? code.size() : end;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is shown (or padded), not a code
        } else if (c == ';') {
            break;  // the first section says how positive numbers (dates) look
        } else {
            plain += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    if (plain.find("general") != std::string::npos || plain.find("e+") != std::string::npos ||
        plain.find("e-") != std::string::npos) {
        return Shown::number;
    }
    day = plain.find('d') != std::string::npos;
    year = plain.find('y') != std::string::npos;
    if (day) {
        return Shown::date;
    }
    return year ? Shown::month : Shown::number;
}

// Excel's built-in formats that show dates (ECMA-376 §18.8.30): 14–17 and 22, and the East
// Asian ones; 17 (mmm-yy) shows a month.
inline std::optional<Shown> builtin_shown(std::size_t id)
{
    if (id == 17) {
        return Shown::month;
    }
    if ((id >= 14 && id <= 16) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
        return Shown::date;
    }
    return std::nullopt;
}

// The number formats and the cell formats (xf) that use them. An .xlsx file names a format by
// its identifier (numFmtId); liborcus's .ods reader by the order it was committed in.

// A number as the shortest decimal that reads back as the same double.
inline std::string number_text(double value)
{
    char text[64];
    const double magnitude = std::fabs(value);
    const auto format = magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15) ? std::chars_format::fixed
                                                                                  : std::chars_format::general;
    const auto written = std::to_chars(std::begin(text), std::end(text), value, format);
    return std::string(text, written.ptr);
}

// A number shown as a date (or a month) as the text of its cell: `serial` days from `origin`
// (days since 1970-01-01 of the workbook's day 0), its fraction the time of day.
inline void date_cell(Cell& cell, double serial, std::int64_t origin, Shown shown)
{
    const double whole = std::floor(serial);
    const auto civil = civil_from_days(origin + static_cast<std::int64_t>(whole));
    const long seconds = std::lround((serial - whole) * 86400.0) % 86400;
    cell.kind = shown == Shown::month ? Kind::month : Kind::date;
    cell.text = shown == Shown::month ? iso_date(civil.year, civil.month, civil.day).substr(0, 7)
                                      : date_text(civil.year, civil.month, civil.day, seconds);
}

// Serial numbers a date can have (before 10000-01-01).
inline bool date_serial(double serial)
{
    return std::isfinite(serial) && std::fabs(serial) < 2958466;
}

}  // namespace toro::io::workbook::detail
