#!/usr/bin/env bash
# A look at the report forms with LibreOffice (not part of CI: it needs LibreOffice). For the
# demo's forms of 2026-10 (as of 2026-11-11, in Polish and in English): fills each with
# tests/e2e/spreadsheets.py, has headless LibreOffice open it and save it as .ods and as .xlsx,
# imports each of the three into its own copy of the demo store and compares the reports —
# a form must keep its structure whichever program saved it. Then prints the Polish form of
# V-2025-005 to PDF with LibreOffice and renders its two pages to PNG: the pictures in
# docs/reports.md (docs/images/form-raport.png, docs/images/form-instrukcja.png) are these.
#
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils python3-openpyxl jq
#   TORO=build/cli/toro tests/visual/check_forms.sh [OUTDIR]
#
# Fails when a saved form does not import or imports differently.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TORO=$(realpath "${TORO:-build/cli/toro}")
out=$(realpath -m "${1:-/tmp/toro-visual-forms}")
python=python3
python3 -c 'import openpyxl' 2>/dev/null || python=/usr/bin/python3
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work"  # LibreOffice's profile
"$TORO" init --demo -q

office() { soffice --headless "$@" >/dev/null 2>&1; }

reports() {
    sqlite3 -batch -noheader "$1" "SELECT venture, period, submitted_on, coalesce(note, ''), figures, spending
                                   FROM report WHERE period = '2026-10' ORDER BY venture"
}

failures=0
seed=1
for lang in pl en; do
    "$TORO" --lang "$lang" --as-of 2026-11-11 report form --period 2026-10 -o "forms-$lang/" -q >/dev/null
    for form in forms-"$lang"/*.xlsx; do
        name=$(basename "$form" .xlsx)-$lang
        "$python" "$root/tests/e2e/spreadsheets.py" fill "$form" "$name.xlsx" "$seed" >/dev/null
        seed=$((seed + 1))
        office --convert-to ods --outdir ods "$name.xlsx"
        office --convert-to xlsx --outdir lo "$name.xlsx"
        for file in "$name.xlsx" "ods/$name.ods" "lo/$name.xlsx"; do
            rm -rf store && mkdir store && cp toro.db toro.toml toro.key store/
            if ! "$TORO" --db store/toro.db --as-of 2026-11-11 report import "$file" -q >/dev/null; then
                echo "FAIL $file does not import"
                failures=$((failures + 1))
                continue
            fi
            reports store/toro.db >"$file.reports"
        done
        if cmp -s "$name.xlsx.reports" "ods/$name.ods.reports" && cmp -s "$name.xlsx.reports" "lo/$name.xlsx.reports"; then
            echo "ok   $name: the same report from .xlsx, LibreOffice's .ods and LibreOffice's .xlsx"
        else
            echo "FAIL $name: the saved forms import differently"
            failures=$((failures + 1))
        fi
    done
done

"$TORO" --lang pl --as-of 2026-11-11 report form V-2025-005 2026-10 -o picture.xlsx -q
"$python" "$root/tests/e2e/spreadsheets.py" fill picture.xlsx filled.xlsx 3 >/dev/null
office --convert-to pdf filled.xlsx
pdftoppm -png -r 90 filled.pdf "$out/form"
mv "$out/form-1.png" "$out/form-raport.png"
mv "$out/form-2.png" "$out/form-instrukcja.png"
echo "pictures: $out/form-raport.png $out/form-instrukcja.png"
[ "$failures" -eq 0 ]
