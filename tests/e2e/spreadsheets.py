#!/usr/bin/env python3
"""Fills, breaks and writes workbooks for tests/e2e/test_forms.sh, with openpyxl (Debian's
python3-openpyxl), as an organization's staff or their own scripts would.

    spreadsheets.py fill FORM OUT SEED        fill a toro report form; prints the report it holds
                                              (the JSON of one `report history` revision)
    spreadsheets.py break FORM OUT HOW [ARG]  fill it, then: moved | deleted | overwritten |
                                              venture ARG | text | month ARG | renamed
    spreadsheets.py sheet CSV OUT [--1904]    the CSV as a plain sheet, cells typed as a person
                                              types them: numbers, months as dates shown
                                              "mmm yyyy", dates as dates
"""

import csv
import datetime
import json
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def description(book):
    """The form's description sheet: key -> rows of (value, cell, value cell)."""
    lines = {}
    for row in book["toro"].iter_rows(values_only=True):
        key, value, cell, value_cell = (list(row) + [None] * 4)[:4]
        lines.setdefault(key, []).append((value, cell, value_cell))
    return lines


def fill(book, seed):
    """Fills every figure with a number that depends on the line and the seed; returns the report."""
    lines = description(book)
    sheet = book[lines["sheet"][0][0]]
    values, spending = {}, {}
    for i, (code, _, cell) in enumerate(lines.get("indicator", [])):
        value = seed + 3 * i + (0.5 if i % 2 else 0)
        sheet[cell] = value
        values[code] = float(value)
    for i, (code, _, cell) in enumerate(lines.get("category", [])):
        amount = round(100 * seed + 250.25 * (i + 1), 2)
        sheet[cell] = amount
        spending[code] = amount
    sheet[lines["submitted_on"][0][1]] = datetime.date(2026, 11, 5 + seed % 5)
    note = f"Raport {seed}: zajęcia i dyżury — bez zmian"
    sheet[lines["note"][0][1]] = note
    return {"submitted_on": f"2026-11-{5 + seed % 5:02d}", "values": values, "spending": spending, "note": note}


def swap_rows(sheet, first, second):
    for column in "ABCDEF":
        a, b = sheet[f"{column}{first}"], sheet[f"{column}{second}"]
        a.value, b.value = b.value, a.value


def main(argv):
    command = argv[1]
    if command == "fill":
        book = openpyxl.load_workbook(argv[2])
        report = fill(book, int(argv[4]))
        book.save(argv[3])
        print(json.dumps(report, ensure_ascii=False))
    elif command == "break":
        book = openpyxl.load_workbook(argv[2])
        fill(book, 7)
        lines = description(book)
        sheet = book[lines["sheet"][0][0]]
        how = argv[4]
        first = lines["indicator"][0]
        first_row = int(first[1][1:])
        if how == "moved":  # the first two indicator rows change places
            swap_rows(sheet, first_row, first_row + 1)
        elif how == "deleted":  # the first indicator's row is deleted (protection lifted first)
            sheet.protection.sheet = False
            sheet.delete_rows(first_row)
        elif how == "overwritten":
            sheet[first[1]] = "volunteers"
        elif how == "venture":
            sheet[lines["venture"][0][1]] = argv[5]
        elif how == "text":
            sheet[first[2]] = "dwanaście"
        elif how == "month":
            sheet[lines["period"][0][1]] = argv[5]
        elif how == "renamed":
            sheet.title = "Mój raport"
        else:
            raise SystemExit(f"unknown breakage {how}")
        book.save(argv[3])
    elif command == "sheet":
        book = openpyxl.Workbook()
        if "--1904" in argv:
            book.epoch = CALENDAR_MAC_1904
        sheet = book.active
        sheet.title = "Dane"
        with open(argv[2], newline="", encoding="utf-8") as source:
            for r, row in enumerate(csv.reader(source), start=1):
                for c, text in enumerate(row, start=1):
                    cell = sheet.cell(row=r, column=c)
                    if r == 1 or text == "":
                        cell.value = text if text else None
                    elif len(text) == 7 and text[4] == "-" and text[:4].isdigit():
                        cell.value = datetime.date(int(text[:4]), int(text[5:]), 1)
                        cell.number_format = "mmm yyyy"
                    elif len(text) == 10 and text[4] == "-" and text[7] == "-":
                        cell.value = datetime.date.fromisoformat(text)
                        cell.number_format = "dd.mm.yyyy"
                    else:
                        try:
                            cell.value = int(text)
                        except ValueError:
                            try:
                                cell.value = float(text)
                            except ValueError:
                                cell.value = text
        book.save(argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
