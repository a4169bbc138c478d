#pragma once
// Calendar dates (ISO YYYY-MM-DD) and reporting periods (months, YYYY-MM).

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace toro {

class Period;

// A valid proleptic-Gregorian date between years 1900 and 2999.
class Date {
public:
    // Accepts "YYYY-MM-DD" and "DD.MM.YYYY" (also "D.M.YYYY"); anything else, or a day that
    // does not exist (2023-02-29), throws InvalidValue.
    static Date parse(std::string_view text);
    // Throws InvalidValue when the date does not exist.
    static Date from_ymd(int year, int month, int day);
    // Today in local time.
    static Date today();

    int year() const { return m_year; }
    int month() const { return m_month; }
    int day() const { return m_day; }

    // Days since 1970-01-01 (negative before).
    std::int64_t serial() const;
    static Date from_serial(std::int64_t days);

    Date add_days(std::int64_t days) const;
    // Same day of month n months later (n may be negative), clamped to the month's last day:
    // 2024-01-31 + 1 month = 2024-02-29.
    Date add_months(int months) const;
    Period period() const;

    std::string to_string() const;  // ISO
    auto operator<=>(const Date&) const = default;

private:
    Date(int year, int month, int day) : m_year(year), m_month(month), m_day(day) {}
    int m_year = 1970;
    int m_month = 1;
    int m_day = 1;
};

// days(a, b) = b − a in days.
std::int64_t days_between(Date from, Date to);

// A month, YYYY-MM, years 1900–2999.
class Period {
public:
    // Accepts "YYYY-MM", and a month as Polish spreadsheets send it: "MM.YYYY", "MM/YYYY", the
    // first day of the month ("01.11.2026", "2026-11-01"; another day throws InvalidValue
    // saying a month is expected), a month's name or abbreviation with a year of four or two
    // digits ("lis.26", "lis 2026", "listopad 2026", "listopada 2026", "Nov-26"), without
    // regard to case or diacritics. Anything else throws InvalidValue.
    static Period parse(std::string_view text);
    static Period from_ym(int year, int month);  // throws InvalidValue when out of range

    int year() const { return m_year; }
    int month() const { return m_month; }

    Period add_months(int months) const;
    Date first_day() const;
    Date last_day() const;
    int days_in_month() const;

    std::string to_string() const;  // "YYYY-MM"
    auto operator<=>(const Period&) const = default;

private:
    Period(int year, int month) : m_year(year), m_month(month) {}
    int m_year = 1970;
    int m_month = 1;
};

// Months from a to b: months_between(2024-01, 2024-03) = 2 (negative when b is earlier).
int months_between(Period from, Period to);

// The present moment in UTC as the audit log stores it: "2026-11-27T05:55:01Z".
std::string utc_timestamp();

}  // namespace toro
