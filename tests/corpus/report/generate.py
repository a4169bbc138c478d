#!/usr/bin/env python3
"""Writes the report import corpus: monthly reports as people send them from Excel and
LibreOffice (Windows-1250 or UTF-8 with a byte order mark, `;`, CRLF, decimal commas), each
with a mistake that tests/e2e/test_report_corpus.sh expects a precise error for (cases.tsv).
Run from anywhere: python3 tests/corpus/report/generate.py"""

import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def excel(name, rows, encoding="cp1250", bom=False):
    """Rows joined by `;` and CRLF, in the encoding Polish Excel saves "CSV" in."""
    text = "".join(";".join(row) + "\r\n" for row in rows)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    (HERE / name).write_bytes(data)


LONG = ["venture", "period", "indicator", "value", "category", "amount", "note"]

# Personnel costs on two lines (500 and 700): once summed, once the later won.
excel("long_duplicate_category_cp1250.csv", [
    LONG,
    ["V-1", "2025-03", "participants", "12", "", "", "Zajęcia w świetlicy"],
    ["V-1", "2025-03", "", "", "personnel", "500,00", "Wynagrodzenie koordynatorki"],
    ["V-1", "2025-03", "", "", "personnel", "700,00", "Wynagrodzenie koordynatorki"],
    ["V-1", "2025-04", "participants", "15", "", "", ""],
])

# The same indicator line twice, in UTF-8 with a byte order mark (Excel's "CSV UTF-8").
excel("long_duplicate_indicator_utf8.csv", [
    LONG,
    ["V-1", "2025-05", "participants", "14", "", "", "Spotkania seniorów"],
    ["V-1", "2025-05", "volunteers", "3", "", "", ""],
    ["V-1", "2025-05", "participants", "14", "", "", "Spotkania seniorów"],
], encoding="utf-8", bom=True)

# A report's lines, then another venture's, then the first report again further down.
excel("long_report_repeated_later.csv", [
    LONG,
    ["V-1", "2025-06", "participants", "10", "", "", ""],
    ["V-1", "2025-06", "", "", "rent", "333,33", ""],
    ["V-2", "2025-06", "volunteers", "4", "", "", "Piknik na Mokotowie"],
    ["V-1", "2025-06", "participants", "11", "", "", "poprawka"],
])

WIDE = ["venture", "period", "submitted_on", "participants", "volunteers", "spent:personnel"]

# The same row pasted twice.
excel("wide_same_row_twice.csv", [
    WIDE,
    ["V-1", "2025-07", "05.08.2025", "12", "2", "1 204,10"],
    ["V-1", "2025-07", "05.08.2025", "12", "2", "1 204,10"],
    ["V-2", "2025-07", "06.08.2025", "30", "8", ""],
])

# Two rows for one venture and month with different figures, not next to each other.
excel("wide_two_versions.csv", [
    WIDE,
    ["V-1", "2025-08", "05.09.2025", "12", "", "1 000,00"],
    ["V-2", "2025-07", "06.08.2025", "30", "8", ""],
    ["V-1", "2025-08", "05.09.2025", "", "3", "1 100,00"],
])

# A day where a month is expected: Excel kept the date someone typed.
excel("period_day_not_first_cp1250.csv", [
    WIDE,
    ["V-1", "01.09.2025", "05.10.2025", "12", "2", ""],
    ["V-1", "15.10.2025", "05.11.2025", "12", "2", ""],
])

# A wide sheet whose columns name the indicators and the category as the register does.
excel("wide_columns_by_name_cp1250.csv", [
    ["venture", "period", "submitted_on", "Uczestnicy objęci wsparciem", "wolontariusze zaangazowani",
     "spent:Koszty osobowe"],
    ["V-1", "2025-09", "06.10.2025", "12", "2", "1 000,50"],
])

# A column named after no indicator: refused, with the columns the file may have.
excel("wide_column_unknown_name.csv", [
    ["venture", "period", "Uczestnicy", "spent:Koszty osobowe"],
    ["V-1", "2025-09", "12", "1 000,50"],
])

# An indicator misspelled: the nearest are offered, with codes and names.
excel("indicator_misspelled.csv", [
    LONG,
    ["V-1", "2025-09", "uczestnicy objeci wsparcem", "12", "", "", ""],
], encoding="utf-8")

# Periods as Excel turns them into dates, indicators and categories by their Polish names: all
# goes in.
excel("periods_and_names_cp1250.csv", [
    LONG,
    ["V-1", "01.09.2025", "Uczestnicy objęci wsparciem", "12", "", "", ""],
    ["V-1", "01.09.2025", "", "", "Koszty osobowe", "1 000,50", ""],
    ["V-1", "paź.25", "wolontariusze zaangażowani", "3", "", "", ""],
    ["V-1", "listopad 2025", "PARTICIPANTS", "4", "", "", ""],
])

# A UTF-8 file declared cp1250.
excel("utf8_declared_cp1250.csv", [
    LONG,
    ["V-1", "2025-09", "participants", "12", "", "", "Spotkanie w Łodzi"],
], encoding="utf-8")
