#!/usr/bin/env bash
# A look at the human report formats with the programs people open them with (part of
# tests/run-all.sh; its packages come from tests/visual/deps.sh). Prints every html report of the demo in both languages to PDF with
# headless Chromium (and a PNG to look at): A4 pages, page 1 saying what the report covers,
# every column heading on paper. Converts the xlsx reports back to CSV with headless
# LibreOffice to compare their numbers with the JSON of the same reports, and opens an
# --excel CSV as Polish LibreOffice does.
#
#   tests/visual/deps.sh
#   TORO=build/cli/toro tests/visual/check_reports.sh [OUTDIR]
#
# Look at OUTDIR/*.png afterwards; the script fails when a number differs or a page is not A4.
set -euo pipefail
TORO=${TORO:-build/cli/toro}
TORO=$(realpath "$TORO")
out=$(realpath -m "${1:-/tmp/toro-visual}")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$TORO" init --demo -q
as_of=(--as-of 2026-11-11)

chromium_run() {
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --no-pdf-header-footer --user-data-dir="$work/chromium" "$@" 2>/dev/null
}

# Words of the text, one per line: what pdftotext found, or the headings of an html file.
words() { tr -s ' \t\n' '\n\n\n' | grep -v '^$'; }

# Every html report of the demo, in both languages, printed to A4 by Chromium: every page A4
# (portrait or landscape), page 1 with what the report covers and the summary, every column
# heading of every table somewhere in the printed text (nothing cut off at a margin).
reports=("report monthly" "report venture V-2025-002" "report annual --year 2025" "report loans"
    "survey gaps KOMP-2026" "survey recommend KOMP-2026" "evaluate summary EWAL-2026" "evaluate ventures"
    "evaluate offers OK-2027-K1" "report final V-2025-014" "report settlement V-2025-014")
for lang in pl en; do
    for report in "${reports[@]}"; do
        name=$(echo "$report" | awk '{print $2}')-$lang
        # shellcheck disable=SC2086
        "$TORO" $report "${as_of[@]}" --lang "$lang" -o "$out/$name.html"
        chromium_run --screenshot="$out/$name.png" --window-size=1240,1754 "file://$out/$name.html"
        chromium_run --print-to-pdf="$out/$name.pdf" "file://$out/$name.html"
        pages=$(pdfinfo "$out/$name.pdf" | awk '/^Pages/ {print $2}')
        sizes=$(pdfinfo -f 1 -l "$pages" "$out/$name.pdf" | awk '/^Page .*size:/ {printf "%.0fx%.0f\n", $4, $6}' | sort -u)
        for size in $sizes; do
            case $size in
                595x842 | 842x595) ;;
                *) echo "FAIL $name.html: a page of $size pt is not A4"; exit 1 ;;
            esac
        done
        text=$(pdftotext -layout "$out/$name.pdf" - | words)
        missing=$(python3 - "$out/$name.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for head in re.findall(r"<thead>.*?</thead>", page, re.S):
    for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S):
        for word in html.unescape(re.sub(r"<[^>]+>", "", cell)).split():
            print(word)
PY
        )
        for word in $missing; do
            grep -Fxq -- "$word" <<<"$text" || { echo "FAIL $name.html: the column heading word '$word' is not in the print"; exit 1; }
        done
        first=$(pdftotext -f 1 -l 1 -layout "$out/$name.pdf" -)
        generated=$([ "$lang" = pl ] && echo Wygenerowano || echo "Generated on")
        grep -q "$generated" <<<"$first" || { echo "FAIL $name.html: page 1 does not say when it was generated"; exit 1; }
        echo "ok   $name.html: $pages A4 pages ($(echo $sizes)), every column heading printed"
    done
done

# xlsx -> csv (UTF-8, formatted as shown off, every sheet) and compare the monthly summary.
"$TORO" --lang en report monthly "${as_of[@]}" -o "$work/monthly.xlsx"
"$TORO" report monthly "${as_of[@]}" --format json -o "$work/monthly.json"
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$work/csv" "$work/monthly.xlsx" >/dev/null 2>&1
# The report's own summary sheet (not the workbook's first sheet, which lists the others), its
# rows in the order of the JSON's summary.
# (Its sheet is named by its title, the workbook's own summary sheet keeping "Summary".)
summary=$(grep -l '^expected,' "$work"/csv/monthly-*.csv 2>/dev/null | head -1)
[ -n "$summary" ] || { echo "FAIL: LibreOffice wrote no summary sheet"; ls "$work/csv"; exit 1; }
keys="expected received on_time pending completeness timeliness grant_total spent_total"
for key in $keys; do
    want=$(jq -r ".summary.$key" "$work/monthly.json")
    got=$(awk -F, '{gsub(/"/, ""); print $2}' "$summary" | sed -n "$(echo "$keys" | tr ' ' '\n' | grep -n "^$key$" | cut -d: -f1)p")
    # A percentage cell may come back as "76.19%".
    if [[ "$got" == *% ]]; then
        got=$(awk -v v="${got%\%}" 'BEGIN {printf "%.10f", v / 100}')
    fi
    if awk -v a="$want" -v b="$got" 'BEGIN {exit !((a - b) < 0.005 && (b - a) < 0.005)}'; then
        echo "ok   monthly.xlsx $key = $got"
    else
        echo "FAIL monthly.xlsx $key: xlsx $got, json $want"
        exit 1
    fi
done
# An --excel CSV as Polish LibreOffice opens it (locale pl-PL, UTF-8, `;`): money and the rate
# arrive as numbers, a KRS number keeps its zeros.
"$TORO" register loan list --excel -o "$work/loans.csv"
"$TORO" register org add --code ORG-KRS --name "Fundacja Zero" --legal-form FUND --krs 0000123456 --district Wola -q
"$TORO" register org show ORG-KRS --excel -o "$work/org.csv"
for name in loans org; do
    soffice --headless --infilter="CSV:59,34,76,1,,1045" --convert-to xlsx --outdir "$work/excel" \
        "$work/$name.csv" >/dev/null 2>&1
done
/usr/bin/python3 - "$work/excel" <<'PY'
import sys, openpyxl
folder = sys.argv[1]
loans = openpyxl.load_workbook(f"{folder}/loans.xlsx").active
header = [cell.value for cell in loans[1]]
row = {key: cell.value for key, cell in zip(header, loans[2])}
assert row["principal"] == 60000 and row["annual_rate"] == 1.5, row
org = openpyxl.load_workbook(f"{folder}/org.xlsx").active
krs = [cell.value for cell in org[2]][[cell.value for cell in org[1]].index("krs")]
assert isinstance(krs, str) and krs.endswith("0000123456"), krs
print("ok   --excel csv in LibreOffice (pl-PL): principal", row["principal"], "rate", row["annual_rate"], "krs", krs)
PY
echo "screenshots and PDFs in $out"
