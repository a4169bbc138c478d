#!/usr/bin/env bash
# Workbooks as people print and read them (docs/formats.md#xlsx): a summary sheet first, every
# sheet set up for A4, booleans as words, months as text; and output files whose extension
# names no format toro writes are refused rather than filled with a text table.
source "$(dirname "$0")/lib.sh"

# One member of a zip file on stdout.
zip_entry() {
    if command -v unzip >/dev/null; then
        unzip -p "$1" "$2"
    else
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"
    fi
}

# The number of worksheets in a workbook.
sheet_count() {
    zip_entry "$1" xl/workbook.xml | grep -o '<sheet name=' | wc -l
}

# Every sheet of the workbook prints on A4, one page wide, with its title row (or label column)
# repeated, the title in the page header and page numbers in the footer.
expect_print_setup() {
    local book=$1 footer=$2 count n xml
    count=$(sheet_count "$book")
    [ "$count" -ge 2 ] || fail "$book has $count sheets"
    for ((n = 1; n <= count; n++)); do
        xml=$(zip_entry "$book" "xl/worksheets/sheet$n.xml")
        [[ $xml == *'<pageSetUpPr fitToPage="1"/>'* ]] || fail "$book sheet $n: no fitToPage"
        [[ $xml =~ \<pageSetup\ paperSize=\"9\"[^\>]*fitToHeight=\"0\" ]] || fail "$book sheet $n: not A4 one page wide"
        [[ $xml == *"<oddHeader>&amp;C"* ]] || fail "$book sheet $n: no title in the page header"
        [[ $xml == *"<oddFooter>&amp;C$footer</oddFooter>"* ]] || fail "$book sheet $n: no page numbers"
    done
    expect_eq "$(zip_entry "$book" xl/workbook.xml | grep -o 'name="_xlnm.Print_Titles"' | wc -l)" "$count"
}

test_monthly_workbook_summary_first_and_print_setup() {
    toro init --demo
    toro --lang pl --as-of 2026-11-11 report monthly --period 2026-10 -o m.xlsx
    expect_rc 0
    expect_file m.xlsx
    local workbook first
    workbook=$(zip_entry m.xlsx xl/workbook.xml)
    [[ $workbook =~ \<sheets\>\<sheet\ name=\"Podsumowanie\" ]] || fail "the summary is not the first sheet: $workbook"
    first=$(zip_entry m.xlsx xl/worksheets/sheet1.xml)
    [[ $first == *"<t>Miasto</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>Warszawa</t>"* ]] || fail "no city: $first"
    [[ $first == *"<t>Okres</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><t>2026-10</t>"* ]] || fail "no period: $first"
    [[ $first == *"<t>Stan na</t>"* ]] || fail "no as-of date: $first"
    [[ $first == *"<t>Wygenerowano</t>"* ]] || fail "no generation date: $first"
    [[ $first == *"<t>Arkusz</t>"* ]] || fail "no list of sheets: $first"
    expect_print_setup m.xlsx 'Strona &amp;P z &amp;N'
    # In English the summary and the footer follow the language.
    toro --lang en --as-of 2026-11-11 report monthly --period 2026-10 -o en.xlsx
    expect_rc 0
    [[ $(zip_entry en.xlsx xl/workbook.xml) =~ \<sheets\>\<sheet\ name=\"Summary\" ]] || fail "no English summary"
    expect_print_setup en.xlsx 'Page &amp;P of &amp;N'
    # The annual workbook names its year, a number.
    toro --lang pl report annual --year 2026 --as-of 2026-11-11 -o annual.xlsx
    expect_rc 0
    first=$(zip_entry annual.xlsx xl/worksheets/sheet1.xml)
    [[ $first == *'<t>Rok</t></is></c><c r="B3"><v>2026</v></c>'* ]] || fail "no year: $first"
    expect_print_setup annual.xlsx 'Strona &amp;P z &amp;N'
}

test_wide_sheets_print_landscape_narrow_ones_portrait() {
    toro init --demo
    toro --lang pl --as-of 2026-11-11 report monthly --period 2026-10 -o m.xlsx
    expect_rc 0
    local count n xml columns landscape=0 portrait=0
    count=$(sheet_count m.xlsx)
    for ((n = 1; n <= count; n++)); do
        xml=$(zip_entry m.xlsx "xl/worksheets/sheet$n.xml")
        columns=$(grep -o '<col min=' <<<"$xml" | wc -l)
        if [ "$columns" -gt 6 ]; then
            [[ $xml == *'orientation="landscape"'* ]] || fail "sheet $n has $columns columns and prints portrait"
            landscape=$((landscape + 1))
        else
            [[ $xml != *'orientation="landscape"'* ]] || fail "sheet $n has $columns columns and prints landscape"
            portrait=$((portrait + 1))
        fi
    done
    [ "$landscape" -ge 1 ] || fail "no wide sheet in the monthly workbook"
    [ "$portrait" -ge 1 ] || fail "no narrow sheet in the monthly workbook"
}

test_booleans_are_words_and_months_text() {
    toro init --demo
    toro --lang pl --as-of 2026-11-11 report monthly --period 2026-10 -o m.xlsx
    expect_rc 0
    local all=""
    local count n
    count=$(sheet_count m.xlsx)
    for ((n = 1; n <= count; n++)); do
        all+=$(zip_entry m.xlsx "xl/worksheets/sheet$n.xml")
    done
    [[ $all != *'t="b"'* ]] || fail "a boolean cell in the workbook"
    [[ $all == *'<t>tak</t>'* || $all == *'<t>nie</t>'* ]] || fail "no boolean written as a word"
    [[ $(zip_entry m.xlsx xl/styles.xml) != *'formatCode="yyyy-mm"'* ]] || fail "a month written as a date"
    toro --lang pl evaluate ventures --period 2026-03 --as-of 2026-04-20 -o ocena.xlsx
    expect_rc 0
    [[ $(zip_entry ocena.xlsx xl/styles.xml) != *'formatCode="yyyy-mm"'* ]] || fail "a month written as a date"
    expect_print_setup ocena.xlsx 'Strona &amp;P z &amp;N'
}

test_extensions_toro_does_not_write_are_refused() {
    toro init --demo
    toro --as-of 2026-11-11 report monthly --period 2026-10 -o raport.pdf
    expect_rc 2
    expect_no_file raport.pdf
    expect_err_has "toro writes no PDF: write html (-o raport.html) and print it from a browser"
    local extension
    for extension in ods odt docx xls ODS dat; do
        toro --as-of 2026-11-11 report monthly --period 2026-10 -o "raport.$extension"
        expect_rc 2
        expect_no_file "raport.$extension"
        expect_err_has "toro writes no .$(tr '[:upper:]' '[:lower:]' <<<"$extension") files"
        expect_err_has "table, csv"
        expect_err_has "xlsx"
    done
    toro register org list -o out/lista.pdf
    expect_rc 2
    expect_no_file out/lista.pdf
    expect_err_has "-o out/lista.html"
}

test_an_explicit_format_or_no_extension_is_written() {
    toro init --demo
    toro --as-of 2026-11-11 report monthly --period 2026-10 -o raport.dat --format csv
    expect_rc 0
    expect_file raport.dat
    [[ $(head -c 200 raport.dat) == *,* ]] || fail "not CSV: $(head -c 200 raport.dat)"
    toro --as-of 2026-11-11 report monthly --period 2026-10 -o raport.ods --format xlsx
    expect_rc 0
    expect_eq "$(head -c 2 raport.ods)" "PK"
    # No extension: a table, as before.
    toro --as-of 2026-11-11 report monthly --period 2026-10 -o raport
    expect_rc 0
    expect_file raport
    [[ $(head -c 2 raport) != PK ]] || fail "a file without extension got a workbook"
    [[ -s raport ]] || fail "empty table"
}

run_tests
