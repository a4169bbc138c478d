#!/usr/bin/env bash
# Rebuilds the seed corpora of corpus/<target>/ from the project's own test inputs and
# examples. The CSV and JSON targets read their options from the first byte of an input, so
# their seeds get one (0: detected separator, UTF-8, chunks of one byte). Inputs that fuzzing
# found to crash are kept in corpus/<target>/regression-* and are not touched here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$here/corpus

seed_files() {  # seed_files TARGET FILES...: each file with a leading options byte
    local target=$1 file
    shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        [ "$(stat -c %s "$file")" -le 65536 ] || continue  # small seeds keep fuzzing fast
        { printf '\0'; cat "$file"; } >"$corpus/$target/$(basename "$(dirname "$file")")-$(basename "$file")"
    done
}
seed_lines() {  # seed_lines TARGET: one seed per line of stdin
    local target=$1 n=0 line
    mkdir -p "$corpus/$target"
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" >"$corpus/$target/seed-$n"
    done
}

rm -f "$corpus"/*/seed-* "$corpus"/csv/*.csv "$corpus"/json/*.json "$corpus"/config/*.toml
seed_files csv "$root"/tests/corpus/register/*.csv "$root"/tests/corpus/register/base/*.csv "$root"/examples/demo/*.csv \
    "$root"/schemas/reference/*.csv
seed_files json "$root"/tests/corpus/register/*.json "$root"/examples/demo/*.json
mkdir -p "$corpus/instrument"
rm -f "$corpus"/instrument/examples-*
for file in "$root"/examples/demo/*.toml; do
    [ "$(basename "$file")" = training_modules.toml ] || cp "$file" "$corpus/instrument/examples-$(basename "$file")"
done
mkdir -p "$corpus/config"
cp "$root/examples/toro.toml" "$corpus/config/examples-toro.toml"
seed_lines config <<'TOML'
[store]\npath = "x.db"\nbusy_timeout_ms = 300\nsynchronous = "NORMAL"
[city]\nname = "Gdańsk"\ndistricts = ["Wrzeszcz", "Oliwa"]
[reporting]\nreport_day = 10\nat_risk_ratio = 0.8
[[indicator]]\ncode = "people"\nname = "Uczestnicy"\nunit = "persons"
[output]\nlang = "en"\ncsv_sep = ";"\nbom = true
TOML
# The TOML seeds above are written with literal \n; turn them into line breaks.
for file in "$corpus"/config/seed-*; do printf '%b' "$(cat "$file")" >"$file"; done
seed_lines money <<'TEXT'
1234.56
1234,56
1 234,56
1 234,56 zł
-12,5
1.234,56
0.05
PLN 1,234.56
1 234,56 PLN
92233720368547758.07
TEXT
seed_lines date <<'TEXT'
2026-11-27
27.11.2026
1.2.2024
2024-02-29
1900-01-01
2999-12-31
2026-11
11.2026
TEXT
seed_lines ids <<'TEXT'
5261040828
PL 526-104-08-28
012345675
12345678512347
12345
0000012345
00-001
PL61109010140000071219812874
61 1090 1014 0000 0712 1981 2874
TEXT
