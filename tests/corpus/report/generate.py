#!/usr/bin/env python3
"""Writes the report import corpus: monthly reports as people send them from Excel and
LibreOffice (Windows-1250 or UTF-8 with a byte order mark, `;`, CRLF, decimal commas; and
.xlsx workbooks, cells typed as Excel types them), each with a mistake that
tests/e2e/test_report_corpus.sh expects a precise error for (cases.tsv).
Run from anywhere: python3 tests/corpus/report/generate.py"""

import datetime
import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent


def excel(name, rows, encoding="cp1250", bom=False):
    """Rows joined by `;` and CRLF, in the encoding Polish Excel saves "CSV" in."""
    text = "".join(";".join(row) + "\r\n" for row in rows)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    (HERE / name).write_bytes(data)


def workbook(name, rows):
    """Rows as the one sheet ("Dane") of an .xlsx workbook, as Excel saves one: text in the shared
    strings; cells are text, numbers, ("month", "2025-10") and ("day", "2025-11-05") date cells
    shown as a month and as a day, or ("formula", "4+5", 9) with its cached result. The same rows
    always give the same bytes."""
    epoch = datetime.date(1899, 12, 30)
    strings = {}

    def column(i):
        return chr(65 + i)

    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if value == "" or value is None:
                continue
            if isinstance(value, tuple) and value[0] in ("month", "day"):
                y, m, d = (int(x) for x in (value[1] + "-01")[:10].split("-"))
                serial = (datetime.date(y, m, d) - epoch).days
                cells.append(f'<c r="{ref}" s="{1 if value[0] == "month" else 2}"><v>{serial}</v></c>')
            elif isinstance(value, tuple):
                cells.append(f'<c r="{ref}"><f>{value[1]}</f><v>{value[2]}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text = value.replace("&", "&amp;").replace("<", "&lt;")
                cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(text, len(strings))}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
        '<sheet name="Dane" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><numFmts count="2">'
        '<numFmt numFmtId="164" formatCode="mmm\\ yyyy"/><numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy"/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
        "</styleSheet>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns}>'
        + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
        + "".join(xml_rows) + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as book:
        for part, content in parts.items():
            info = zipfile.ZipInfo(part, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            book.writestr(info, content.encode("utf-8"))


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

# Workbooks. Months typed as dates, a submission date, a sum as a formula: all goes in.
workbook("sheet_months_as_dates.xlsx", [
    ["venture", "period", "indicator", "value", "category", "amount", "submitted_on"],
    ["V-1", ("month", "2025-09"), "participants", 12, "", "", ("day", "2025-10-06")],
    ["V-1", ("month", "2025-09"), "", "", "personnel", ("formula", "800.25+200", 1000.25), ("day", "2025-10-06")],
])

# A number typed in words, and a day where a month is expected: each named by its cell.
workbook("sheet_text_in_number.xlsx", [
    LONG,
    ["V-1", ("month", "2025-10"), "participants", "dwanaście", "", "", ""],
    ["V-1", ("day", "2025-11-15"), "volunteers", 2, "", "", ""],
])
