#!/usr/bin/env bash
# A look at the human report formats with real viewers (not part of CI: it needs Chromium and
# LibreOffice, ~1 GB). Renders the demo's html reports to PNG (and a PDF, to check A4) with
# headless Chromium, and converts the xlsx reports back to CSV with headless LibreOffice to
# compare their numbers with the JSON of the same reports.
#
#   apt-get install -y chromium libreoffice-calc-nogui poppler-utils jq
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
        --disable-sync --no-first-run --user-data-dir="$work/chromium" "$@" 2>/dev/null
}

for report in "monthly" "venture V-2025-002" "annual --year 2025" "loans"; do
    name=${report%% *}
    # shellcheck disable=SC2086
    "$TORO" report $report "${as_of[@]}" --lang pl -o "$out/$name.html"
    chromium_run --screenshot="$out/$name.png" --window-size=1240,1754 "file://$out/$name.html"
    chromium_run --print-to-pdf="$out/$name.pdf" "file://$out/$name.html"
    size=$(pdfinfo "$out/$name.pdf" | awk '/Page size/ {print $3 "x" $5}')
    case $size in
        594.96x841.92 | 595x842 | 595.28x841.89) echo "ok   $name.html: A4 ($size pt), $(pdfinfo "$out/$name.pdf" | awk '/Pages/ {print $2}') pages" ;;
        *) echo "FAIL $name.html: page size $size is not A4"; exit 1 ;;
    esac
done

# xlsx -> csv (UTF-8, formatted as shown off, every sheet) and compare the monthly summary.
"$TORO" report monthly "${as_of[@]}" -o "$work/monthly.xlsx"
"$TORO" report monthly "${as_of[@]}" --format json -o "$work/monthly.json"
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$work/csv" "$work/monthly.xlsx" >/dev/null 2>&1
summary=$(ls "$work"/csv/monthly*summary*.csv 2>/dev/null | head -1)
[ -n "$summary" ] || { echo "FAIL: LibreOffice wrote no summary sheet"; ls "$work/csv"; exit 1; }
for key in expected received on_time completeness timeliness grant_total spent_total; do
    want=$(jq -r ".summary.$key" "$work/monthly.json")
    got=$(awk -F, -v k="$key" '{gsub(/"/, "")} NR > 0 && ($1 == k || tolower($1) == k) {print $2}' "$summary" | head -1)
    if [ -z "$got" ]; then
        # The sheet holds human labels: take the values in order instead.
        got=$(awk -F, '{gsub(/"/, ""); print $2}' "$summary" | sed -n "$(( $(echo "expected received on_time completeness timeliness grant_total spent_total" | tr ' ' '\n' | grep -n "^$key$" | cut -d: -f1) ))p")
    fi
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
