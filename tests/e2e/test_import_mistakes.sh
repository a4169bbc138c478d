#!/usr/bin/env bash
# The ordinary mistakes of files typed in Excel and LibreOffice, each with the file as a person
# would send it (cp1250 or UTF-8, `;`, CRLF, decimal commas): duplicates, encodings, values
# written as people write them. The report corpus (test_report_corpus.sh) and the register
# corpus hold more of them.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/scenario.sh"

# excel FILE ENCODING LINE...: the lines joined by CRLF, in ENCODING (cp1250 or utf-8).
excel() {
    local file=$1 encoding=$2
    shift 2
    printf '%s\r\n' "$@" | iconv -f UTF-8 -t "$encoding" >"$file"
}

json() { echo "$out" | jq -c "$1"; }

# Personnel costs on two lines: refused, every line named; skip mode rejects the whole report.
test_duplicate_category_in_a_report() {
    two_ventures_register
    excel reports.csv CP1250 'venture;period;indicator;value;category;amount;note' \
        'V-1;2026-01;people;10;;;Zajęcia świetlicowe' \
        'V-1;2026-01;;;personnel;500,00;' \
        'V-1;2026-01;;;koszty osobowe;700,00;' \
        'V-2;2026-02;people;3;;;'
    toro --as-of 2026-04-20 report import reports.csv
    expect_rc 65
    expect_err_has "reports.csv:4: category 'personnel': given more than once in the report of V-1 for 2026-01: lines 3 and 4"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" 0
    toro --as-of 2026-04-20 report import reports.csv --on-error skip --rejects rejects.csv --format json
    expect_rc 3
    expect_eq "$(json '[.inserted, .rejected, .encoding]')" '[1,3,"cp1250"]'
    expect_eq "$(sql toro.db 'SELECT venture || period FROM report')" "V-22026-02"
    expect_eq "$(grep -c 'more than once' rejects.csv)" 3
}

# The same wide row pasted twice, in Excel's "CSV UTF-8" with its byte order mark.
test_wide_row_pasted_twice() {
    two_ventures_register
    printf '\xef\xbb\xbf' >wide.csv
    printf '%s\r\n' 'venture;period;submitted_on;people;spent:personnel' 'V-1;2026-02;12.03.2026;10;1 204,10' \
        'V-1;2026-02;12.03.2026;10;1 204,10' >>wide.csv
    toro --as-of 2026-04-20 report import wide.csv
    expect_rc 65
    expect_err_has "wide.csv:3: period '2026-02': the report of V-1 for 2026-02 is given on 2 rows: lines 2 and 3"
}

# A report given again far down the file: skip mode rejects every occurrence, the first too,
# with each of its lines in the rejects file; a file and the same file on stdin agree.
test_report_repeated_far_apart_is_rejected_everywhere() {
    two_ventures_register
    excel repeats.csv CP1250 'venture;period;indicator;value;category;amount' \
        'V-1;2026-01;people;10;;' 'V-1;2026-01;;;personnel;500,00' \
        'V-2;2026-02;people;3;;' \
        'V-1;2026-01;people;12;;' \
        'V-1;2026-02;people;4;;' \
        'V-1;2026-01;;;koszty osobowe;700,00'
    toro --as-of 2026-04-20 report import repeats.csv
    expect_rc 65
    expect_err_has "repeats.csv:5: period '2026-01': the report of V-1 for 2026-01 is given twice in this file: on lines 2-3 and again on line 5"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" 0
    toro --as-of 2026-04-20 report import repeats.csv --on-error skip --rejects rejects.csv --format json
    expect_rc 3
    expect_eq "$(json '[.inserted, .rejected, .encoding]')" '[2,4,"utf-8"]'
    expect_err_has "repeats.csv:2: period '2026-01': the report of V-1 for 2026-01 is given 3 times in this file: on lines 2-3, on line 5 and again on line 7 (give each report once, its rows together)"
    expect_eq "$(sql toro.db "SELECT venture || ' ' || period FROM report ORDER BY 1" | paste -sd ',')" "V-1 2026-02,V-2 2026-02"
    # Every line of the report, the first two too, in the input's own dialect.
    expect_eq "$(iconv -f CP1250 -t UTF-8 rejects.csv | cut -d';' -f1-4 | tr -d '\r' | tr '\n' ' ')" \
        "venture;period;indicator;value V-1;2026-01;people;10 V-1;2026-01;; V-1;2026-01;people;12 V-1;2026-01;; "
    # The same through a pipe, into a fresh store: the same outcome.
    new_store && rm -f rejects.csv
    two_ventures_register
    toro --as-of 2026-04-20 report import - --on-error skip --rejects rejects.csv --format json <repeats.csv
    expect_rc 3
    expect_eq "$(json '[.inserted, .rejected]')" '[2,4]'
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE venture = 'V-1' AND period = '2026-01'")" 0
    expect_eq "$(grep -c 'given 3 times' rejects.csv)" 4
    # A dry run says the same and writes nothing.
    new_store
    two_ventures_register
    toro --as-of 2026-04-20 report import repeats.csv --on-error skip --dry-run --format json
    expect_rc 3
    expect_eq "$(json '[.inserted, .rejected]')" '[2,4]'
    expect_eq "$(sql toro.db 'SELECT count(*) FROM report')" 0
}

# A wide sheet whose columns name the indicators and categories as the register does.
test_wide_columns_by_name() {
    two_ventures_register
    excel wide.csv CP1250 'venture;period;submitted_on;Uczestnicy;spent:Koszty osobowe' \
        'V-1;2026-02;12.03.2026;10;1 204,10'
    toro --as-of 2026-04-20 report import wide.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT figures, spending FROM report")" '{"people":10.0}|{"personnel":120410}'
    excel wide.csv CP1250 'venture;period;Uczestnicy;Uczestnicy zajęć' 'V-1;2026-02;10;11'
    toro --as-of 2026-04-20 report import wide.csv
    expect_rc 65
    expect_err_has "unknown column 'uczestnicy zajęć'"
}

# The README's old recipe: a UTF-8 file declared cp1250 is refused, not stored as mojibake.
test_utf8_declared_cp1250_is_refused() {
    toro init
    excel orgs.csv UTF-8 'code;name;legal_form' 'ORG-1;Fundacja Gamma;FUND' 'ORG-2;Stowarzyszenie Ślązaków;STOW'
    toro register import org orgs.csv --encoding cp1250
    expect_rc 65
    expect_err_has "toro: error: orgs.csv:3: this line holds UTF-8 text, so the file is not cp1250 as declared: use --encoding utf-8, or auto (the default)"
    expect_eq "$(sql toro.db 'SELECT count(*) FROM org')" 0
    # Left to auto, it goes in as written, and -v says how it was read.
    toro register import org orgs.csv -v --format json
    expect_rc 0
    expect_err_has "orgs.csv: read as utf-8 (detected)"
    expect_eq "$(json .encoding)" '"utf-8"'
    expect_eq "$(sql toro.db "SELECT name FROM org WHERE code = 'ORG-2'")" "Stowarzyszenie Ślązaków"
}

# A cp1250 file without --encoding: recognized.
test_cp1250_is_detected() {
    toro init
    excel orgs.csv CP1250 'code;name;legal_form;district' 'ORG-1;Fundacja Żółw;FUND;Śródmieście'
    toro register import org orgs.csv -v --format json
    expect_rc 0
    expect_err_has "orgs.csv: read as cp1250 (detected)"
    expect_eq "$(json '[.inserted, .encoding]')" '[1,"cp1250"]'
    expect_eq "$(sql toro.db "SELECT name, district FROM org")" "Fundacja Żółw|Śródmieście"
}

# Legal forms, districts and spheres by their names, as people write them.
test_reference_values_by_name() {
    toro init
    excel orgs.csv CP1250 'code;name;legal_form;district;spheres' \
        'ORG-1;Spółdzielnia Socjalna Gęśle;spółdzielnia socjalna;praga północ;pomoc społeczna|Tourism' \
        'ORG-2;Fundacja Pod Lipą;Fundacja;Praga-Północ;1a' \
        'ORG-3;Stowarzyszenie Wola;STOW;PRAGA_POLNOC;'
    toro register import org orgs.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT code, legal_form, district, spheres FROM org ORDER BY code" | tr '\n' ' ')" \
        'ORG-1|SPOLDZ_SOC|Praga-Północ|["1","19"] ORG-2|FUND|Praga-Północ|["1a"] ORG-3|STOW|Praga-Północ|[] '
    # A value that matches nothing: the nearest ones, with codes and names.
    excel bad.csv UTF-8 'code;name;legal_form;district' 'ORG-4;Spółdzielnia X;spółdzielnia socjalnaa;Praga Płn'
    toro register import org bad.csv
    expect_rc 65
    expect_err_has "bad.csv:2: legal_form 'spółdzielnia socjalnaa': not a legal form (did you mean SPOLDZ_SOC (spółdzielnia socjalna / social cooperative)?); \`toro register reference legal-form\` lists them"
    expect_err_has "bad.csv:2: district 'Praga Płn': not a district (did you mean PRAGA_POLNOC (Praga-Północ)?)"
}

# Indicators and budget categories by name in a report.
test_report_figures_by_name() {
    two_ventures_register
    excel reports.csv CP1250 'venture;period;indicator;value;category;amount' \
        'V-1;2026-01;Uczestnicy;10;;' 'V-1;2026-01;;;Koszty osobowe;1 000,50' 'V-1;2026-01;;;czynsz;10'
    toro --as-of 2026-04-20 report import reports.csv
    expect_rc 65
    expect_err_has "reports.csv:4: spent:czynsz '10.00': not a budget category"
    excel reports.csv CP1250 'venture;period;indicator;value;category;amount' \
        'V-1;2026-01;Uczestnicy;10;;' 'V-1;2026-01;;;Koszty osobowe;1 000,50'
    toro --as-of 2026-04-20 report import reports.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT figures, spending FROM report")" '{"people":10.0}|{"personnel":100050}'
}

# report submit takes names as the import does; one figure named twice is refused, not merged.
test_submit_figures_by_name() {
    two_ventures_register
    toro --as-of 2026-04-20 report submit V-1 2026-01 --value uczestnicy=10 --spent 'koszty osobowe=1 000,50'
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT figures, spending FROM report")" '{"people":10.0}|{"personnel":100050}'
    toro --as-of 2026-04-20 report submit V-1 2026-02 --value people=1 --value Uczestnicy=2
    expect_rc 65
    expect_err_has "indicator 'people': given twice in this report: as 'Uczestnicy' and as 'people'"
    toro --as-of 2026-04-20 report submit V-1 2026-02 --value people=1 --value people=2
    expect_rc 2
    expect_err_has "--value people: given twice"
    toro --as-of 2026-04-20 report submit V-1 2026-02 --spent czynsz=10
    expect_rc 65
    expect_err_has "not a budget category"
    expect_eq "$(sql toro.db "SELECT count(*) FROM report WHERE period = '2026-02'")" 0
}

# Every kind in every format.
test_reference_command() {
    toro init
    local kind format
    for kind in legal-form district sphere category indicator; do
        for format in table csv tsv json jsonl md; do
            toro register reference "$kind" --format "$format"
            expect_rc 0
        done
    done
    toro register reference legal-form --format json
    expect_eq "$(json '.[] | select(.code == "SPOLDZ_SOC")')" '{"code":"SPOLDZ_SOC","name_pl":"spółdzielnia socjalna","name_en":"social cooperative"}'
    toro register reference district --format csv
    expect_out_has "PRAGA_POLNOC,Praga-Północ,Praga-Północ"
    toro register reference category --format tsv
    expect_out_has "personnel	koszty osobowe	personnel"
    toro register reference colour
    expect_rc 2
    toro register import --help
    expect_out_has "toro register reference KIND"
}

# Periods as Polish Excel turns a typed month into a date.
test_periods_as_excel_sends_them() {
    two_ventures_register
    excel reports.csv CP1250 'venture;period;indicator;value' 'V-1;01.01.2026;people;1' 'V-1;2026-02-01;people;2' \
        'V-1;03/2026;people;3' 'V-2;lut.26;people;4' 'V-2;marzec 2026;people;5'
    toro --as-of 2026-04-20 report import reports.csv
    expect_rc 0
    expect_eq "$(sql toro.db "SELECT venture || ' ' || period FROM report ORDER BY venture, period" | tr '\n' ',')" \
        "V-1 2026-01,V-1 2026-02,V-1 2026-03,V-2 2026-02,V-2 2026-03,"
    excel day.csv CP1250 'venture;period;indicator;value' 'V-1;15.04.2026;people;1'
    toro --as-of 2026-04-20 report import day.csv
    expect_rc 65
    expect_err_has "day.csv:2: period '15.04.2026': a month is expected, not a day: 2026-04-15 is not the first of a month (write 2026-04)"
    toro --as-of 2026-04-20 report history V-1 "listopada 2025"
    expect_rc 65
    toro --as-of 2026-04-20 report history V-1 "sty 2026" --format json
    expect_rc 0
    expect_eq "$(json '.[0].values')" '{"people":1}'
}

# A row whose fields fail to parse still has its other fields checked, against the store too.
test_all_of_a_rows_problems_in_one_run() {
    two_ventures_register
    excel orgs.csv CP1250 'code;name;legal_form;nip;district' 'ORG-C;Fundacja Ćma;fundacjaa;526-104-08-29;Pcim' \
        'ORG-D;Fundacja Łoś;FUND;5261040828;Wola'
    toro register import org orgs.csv
    expect_rc 65
    expect_err_has "orgs.csv:2: nip '526-104-08-29': NIP check digit does not match"
    expect_err_has "orgs.csv:2: legal_form 'fundacjaa': not a legal form (did you mean FUND (fundacja / foundation)?)"
    expect_err_has "orgs.csv:2: district 'Pcim': not a district"
    expect_err_has "orgs.csv:3: nip '5261040828': organization ORG-A already has this NIP"
    expect_err_has "orgs.csv: 4 problems in the input; nothing was written"
    excel ventures.csv UTF-8 'code;org;program;title;sphere;districts;starts;ends;grant' \
        'V-3;ORG-X;P-1;Trzecie;99;Atlantyda;13.2026;2026-05;1 000,00 zł'
    toro register import venture ventures.csv
    expect_rc 65
    expect_err_has "ventures.csv:2: starts '13.2026': "
    expect_err_has "ventures.csv:2: org 'ORG-X': no organization has this code, KRS or NIP"
    expect_err_has "ventures.csv:2: sphere '99': not a sphere of public benefit (art. 4)"
    expect_err_has "ventures.csv:2: districts 'Atlantyda': not a district"
}

run_tests
