#include "core/date.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

namespace toro {

namespace {

constexpr int min_year = 1900;
constexpr int max_year = 2999;

// Writes `value` (0 <= value < 10^width: years 1900-2999, months, days) as `width` decimal
// digits with leading zeros. Dates are written by the million in a bulk import.
void write_digits(char* out, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

bool is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int month_length(int year, int month)
{
    constexpr std::array<int, 12> lengths = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[static_cast<std::size_t>(month - 1)];
}

// Days in the months of the year before the given month.
int days_before_month(int year, int month)
{
    constexpr std::array<int, 12> before = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    return before[static_cast<std::size_t>(month - 1)] + (month > 2 && is_leap(year) ? 1 : 0);
}

// Leap years among 1 … year−1 (year ≥ 1).
std::int64_t leap_years_before(std::int64_t year)
{
    const std::int64_t y = year - 1;
    return y / 4 - y / 100 + y / 400;
}

// Days from 1970-01-01 to 1 January of the year.
std::int64_t year_start(std::int64_t year)
{
    return 365 * (year - 1970) + leap_years_before(year) - leap_years_before(1970);
}

void check_year(int year)
{
    if (year < min_year || year > max_year) {
        throw InvalidValue(Message("date.year_range"));
    }
}

void check_month(int month)
{
    if (month < 1 || month > 12) {
        throw InvalidValue(Message("date.month_range"));
    }
}

// The value of a run of ASCII digits; -1 when the text is empty or holds anything else.
int digits_value(std::string_view text)
{
    if (text.empty()) {
        return -1;
    }
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

// Division rounding toward minus infinity.
std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct YearMonth {
    int year;
    int month;
};

// The month `months` after (year, month), or InvalidValue when it leaves years 1900–2999.
YearMonth shift_months(int year, int month, int months)
{
    const std::int64_t index = std::int64_t{year} * 12 + (month - 1) + months;
    const std::int64_t shifted_year = floor_div(index, 12);
    if (shifted_year < min_year || shifted_year > max_year) {
        throw InvalidValue(Message("date.year_range"));
    }
    return {static_cast<int>(shifted_year), static_cast<int>(index - shifted_year * 12) + 1};
}

// The months by their names as Polish (and English) spreadsheets write them, folded
// (fold_key): full names in the nominative and the genitive, and Excel's abbreviations.
struct MonthName {
    std::string_view name;
    int month;
};
constexpr MonthName month_names[] = {
    {"styczen", 1},    {"stycznia", 1},  {"sty", 1},          {"luty", 2},          {"lutego", 2},   {"lut", 2},
    {"marzec", 3},     {"marca", 3},     {"mar", 3},          {"kwiecien", 4},      {"kwietnia", 4}, {"kwi", 4},
    {"maj", 5},        {"maja", 5},      {"czerwiec", 6},     {"czerwca", 6},       {"cze", 6},      {"lipiec", 7},
    {"lipca", 7},      {"lip", 7},       {"sierpien", 8},     {"sierpnia", 8},      {"sie", 8},      {"wrzesien", 9},
    {"wrzesnia", 9},   {"wrz", 9},       {"pazdziernik", 10}, {"pazdziernika", 10}, {"paz", 10},     {"listopad", 11},
    {"listopada", 11}, {"lis", 11},      {"grudzien", 12},    {"grudnia", 12},      {"gru", 12},     {"january", 1},
    {"jan", 1},        {"february", 2},  {"feb", 2},          {"march", 3},         {"april", 4},    {"apr", 4},
    {"may", 5},        {"june", 6},      {"jun", 6},          {"july", 7},          {"jul", 7},      {"august", 8},
    {"aug", 8},        {"september", 9}, {"sep", 9},          {"october", 10},      {"oct", 10},     {"november", 11},
    {"nov", 11},       {"december", 12}, {"dec", 12},         {"sept", 9},
};

// "lis 2026", "lis.26", "listopada 2026", "Nov-26": a month's name, a separator (space, dot,
// hyphen or slash) and a year of four or two digits (20YY).
bool named_month(std::string_view value, int& year, int& month)
{
    const auto digits = value.find_first_of("0123456789");
    if (digits == 0 || digits == std::string_view::npos) {
        return false;
    }
    const std::string_view year_text = value.substr(digits);
    if (!all_digits(year_text) || (year_text.size() != 4 && year_text.size() != 2)) {
        return false;
    }
    std::string_view name = value.substr(0, digits);
    while (!name.empty() && (name.back() == ' ' || name.back() == '.' || name.back() == '-' || name.back() == '/')) {
        name.remove_suffix(1);
    }
    const std::string key = fold_key(name);
    for (const auto& candidate : month_names) {
        if (candidate.name == key) {
            month = candidate.month;
            year = digits_value(year_text) + (year_text.size() == 2 ? 2000 : 0);
            return true;
        }
    }
    return false;
}

}  // namespace

Date Date::parse(std::string_view text)
{
    const std::string_view value = trim(text);
    int year = -1;
    int month = -1;
    int day = -1;
    if (value.size() == 10 && value[4] == '-' && value[7] == '-') {
        year = digits_value(value.substr(0, 4));
        month = digits_value(value.substr(5, 2));
        day = digits_value(value.substr(8, 2));
    } else {
        const std::vector<std::string> parts = split(value, '.');
        if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2 && parts[2].size() == 4) {
            day = digits_value(parts[0]);
            month = digits_value(parts[1]);
            year = digits_value(parts[2]);
        }
    }
    if (year < 0 || month < 0 || day < 0) {
        throw InvalidValue(Message("date.not_a_date"));
    }
    return from_ymd(year, month, day);
}

Date Date::from_ymd(int year, int month, int day)
{
    check_year(year);
    check_month(month);
    if (day < 1 || day > month_length(year, month)) {
        throw InvalidValue(Message("date.no_such_day", {{"date", fmt::format("{:04}-{:02}-{:02}", year, month, day)}}));
    }
    return Date(year, month, day);
}

Date Date::today()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) {
        throw Error(Exit::internal, Message("date.no_local_date"));
    }
    return from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::int64_t Date::serial() const
{
    return year_start(m_year) + days_before_month(m_year, m_month) + (m_day - 1);
}

Date Date::from_serial(std::int64_t days)
{
    if (days < year_start(min_year) || days >= year_start(max_year + 1)) {
        throw InvalidValue(Message("date.out_of_range"));
    }
    // A guess within a year or two of the answer, then corrected in whole years.
    std::int64_t year = 1970 + floor_div(days, 365);
    while (year_start(year) > days) {
        --year;
    }
    while (year_start(year + 1) <= days) {
        ++year;
    }
    const int y = static_cast<int>(year);
    const auto day_of_year = static_cast<int>(days - year_start(year));
    int month = 12;
    while (days_before_month(y, month) > day_of_year) {
        --month;
    }
    return Date(y, month, day_of_year - days_before_month(y, month) + 1);
}

Date Date::add_days(std::int64_t days) const
{
    // Any shift this large leaves the supported years; checking first avoids overflow.
    constexpr std::int64_t span = 2'000'000;
    if (days > span || days < -span) {
        throw InvalidValue(Message("date.out_of_range"));
    }
    return from_serial(serial() + days);
}

Date Date::add_months(int months) const
{
    const YearMonth target = shift_months(m_year, m_month, months);
    const int last = month_length(target.year, target.month);
    return Date(target.year, target.month, m_day < last ? m_day : last);
}

Period Date::period() const
{
    return Period::from_ym(m_year, m_month);
}

std::string Date::to_string() const
{
    std::string text = "0000-00-00";
    write_digits(text.data(), m_year, 4);
    write_digits(text.data() + 5, m_month, 2);
    write_digits(text.data() + 8, m_day, 2);
    return text;
}

std::int64_t days_between(Date from, Date to)
{
    return to.serial() - from.serial();
}

Period Period::parse(std::string_view text)
{
    const std::string_view value = trim(text);
    int year = -1;
    int month = -1;
    if (value.size() == 7 && value[4] == '-') {
        year = digits_value(value.substr(0, 4));
        month = digits_value(value.substr(5, 2));
    } else if (const std::size_t mark = value.find_first_of("./");
               mark != std::string_view::npos && mark <= 2 && value.size() - mark - 1 == 4) {
        month = digits_value(value.substr(0, mark));  // MM.YYYY, MM/YYYY
        year = digits_value(value.substr(mark + 1));
    } else if ((value.size() == 10 && value[4] == '-') || value.find('.') != std::string_view::npos) {
        // A date, as a spreadsheet turns a typed month into one: its first day stands for the
        // month; any other day is refused rather than taken for its month.
        Date date = Date::from_ymd(2000, 1, 1);
        try {
            date = Date::parse(value);
        } catch (const InvalidValue&) {
            if (!named_month(value, year, month)) {
                throw InvalidValue(Message("date.not_a_period"));
            }
            return from_ym(year, month);
        }
        if (date.day() != 1) {
            throw InvalidValue(Message("date.day_not_month", {{"date", date}, {"period", date.period()}}));
        }
        return date.period();
    } else {
        named_month(value, year, month);
    }
    if (year < 0 || month < 0) {
        throw InvalidValue(Message("date.not_a_period"));
    }
    return from_ym(year, month);
}

Period Period::from_ym(int year, int month)
{
    check_year(year);
    check_month(month);
    return Period(year, month);
}

Period Period::add_months(int months) const
{
    const YearMonth target = shift_months(m_year, m_month, months);
    return Period(target.year, target.month);
}

Date Period::first_day() const
{
    return Date::from_ymd(m_year, m_month, 1);
}

Date Period::last_day() const
{
    return Date::from_ymd(m_year, m_month, month_length(m_year, m_month));
}

int Period::days_in_month() const
{
    return month_length(m_year, m_month);
}

std::string Period::to_string() const
{
    std::string text = "0000-00";
    write_digits(text.data(), m_year, 4);
    write_digits(text.data() + 5, m_month, 2);
    return text;
}

int months_between(Period from, Period to)
{
    return (to.year() - from.year()) * 12 + (to.month() - from.month());
}

std::string utc_timestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[sizeof "2026-11-27T05:55:01Z"];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace toro
