# Shared by the suites that write and read workbooks (test_forms.sh, test_spreadsheets.sh):
# a Python with openpyxl, the sheet-writing script, and the rows of a store's reports.
SPREADSHEETS="$TORO_SOURCE/tests/e2e/spreadsheets.py"

# A Python with openpyxl: python3, else Debian's own (a python3 on PATH may be another one).
PYTHON=python3
python3 -c 'import openpyxl' 2>/dev/null || PYTHON=/usr/bin/python3
"$PYTHON" -c 'import openpyxl' 2>/dev/null || { echo "python3-openpyxl is missing (tests/deps.sh)" >&2; exit 1; }

sheets() { "$PYTHON" "$SPREADSHEETS" "$@"; }

# The report rows, as stored, for comparing two stores.
reports() { sql "$1" "SELECT venture, period, revision, status, first_submitted_on, submitted_on, coalesce(note, ''), figures, spending FROM report ORDER BY venture, period"; }

demo() {
    toro init --demo
    expect_rc 0
}
