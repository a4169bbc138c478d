#!/usr/bin/env bash
# Under --lang pl no English word reaches a person: every documented command runs on the demo
# city in its human formats (table, md, html, xlsx), with its notes, warnings and errors on
# stderr, and the text people read is checked against the English words of toro's own
# catalogue (`toro __reference catalogue-en`, less the words its Polish side uses too) and
# common English words. What is not a word of toro's stays as it is, and is not checked
# (docs/architecture.md, "The catalogue"):
#   - codes and identifiers: anything with a digit, '_', '-', '.', '@' or '/' in it, anything
#     in capitals (STOW, NPS, PAR30), and the codes the store holds (indicator, area, item,
#     group and module codes: the demo's `participants` or `law` are codes, not words);
#   - the register's column names, which problems name (`nip '123'`, as the file's header has it);
#   - the English names the register holds (`name_en` of reference values and indicators),
#     which `register reference` lists and the suggestions for a misspelled value quote;
#   - what people entered, shown as written: names and titles of organizations, programmes,
#     ventures, consultations, trainings and instruments, answers;
#   - what a message quotes: a value as written or a command ('monthly', `toro register
#     reference indicator`), and `report submit`, the name of a batch from the command line;
#   - the markers `toro: error:` and `toro: warning:` that PRODUCT.md fixes for scripts;
#   - the audit log's stored JSON (before/after) and command lines as typed, in `db audit`;
#   - configuration values as TOML writes them (true, false) in `config show`.
source "$(dirname "$0")/lib.sh"

# pl FILE ARGS...: runs toro in Polish (the configuration `toro init` wrote says so; no --lang),
# stdout and stderr into FILE.
pl() {
    local file=$1
    shift
    "$TORO" --as-of 2026-11-11 "$@" >"$file" 2>&1
    echo "$? $*" >>commands.txt
}

# Writes text.N for every human output; xlsx and html are reduced to the text they show.
run_every_command() {
    local n=0 human=(table md html xlsx)
    each() {  # each ARGS...: one command in every human format it writes
        local format
        for format in "${human[@]}"; do
            n=$((n + 1))
            if [ "$format" = xlsx ]; then
                pl "err.$n" "$@" -o "book.$n.xlsx" && cat "err.$n" >"text.$n" || true
                [ -f "book.$n.xlsx" ] && xlsx_text "book.$n.xlsx" >>"text.$n"
            elif [ "$format" = html ]; then
                pl "raw.$n" "$@" --format html
                html_text "raw.$n" >"text.$n"
            else
                pl "text.$n" "$@" --format "$format"
            fi
        done
    }
    one() {  # one ARGS...: a command in the terminal table only
        n=$((n + 1))
        pl "text.$n" "$@"
    }
    each report monthly
    each report monthly --by district
    each report monthly --by sphere
    each report monthly --by program
    each report venture V-2025-002
    each report loans
    each report annual --year 2026
    each report annual --year 2025
    each report final V-2025-014
    each report settlement V-2025-014
    each report settlement V-2025-016
    each report settlement --all
    each evaluate ventures --year 2025
    each evaluate ventures --period 2026-10
    each evaluate summary EWAL-2026
    each survey gaps KOMP-2026
    each survey gaps KOMP-2026 --by item
    each survey gaps KOMP-2026 --compare ies,jst
    each survey recommend KOMP-2026
    one report missing
    one report missing --format md
    one report missing --check
    one report history V-2025-002 2026-10
    one report history V-2025-002 2026-10 --format md
    one evaluate training T-2025-01
    one evaluate training T-2025-01 --format md
    local entity kind
    for entity in org program venture target budget indicator loan repayment payment grant_return consultation training attendance; do
        one register "$entity" list
        one register "$entity" list --format md
        one register export "$entity" --format table
    done
    one register org show ORG-001
    one register program show OK-2025
    one register venture show V-2025-001
    one register target show V-2025-001/participants
    one register budget show V-2025-001/personnel/grant
    one register indicator show participants
    one register loan show L-2025-002
    one register repayment show L-2025-001/2025-04-14/75.00
    one register payment show V-2025-014/2025-03-05/45000.00
    one register grant_return show V-2025-014/2026-03-16/1325.00
    one report settlement V-2025-002
    one register consultation show K-2025-01
    one register training show T-2025-01
    one register loan schedule L-2025-001
    one register loan list --status overdue
    one register venture list --active-in 2026-10
    for kind in legal-form district sphere category indicator; do
        one register reference "$kind"
    done
    one survey list
    one survey show KOMP-2026
    one survey export KOMP-2026 --format table
    one evaluate list
    one evaluate show EWAL-2026
    one evaluate export EWAL-2026 --format table
    one db info
    one db check
    one db audit --entity report --limit 3
    one db audit --head
    one config show
    # Notes, warnings, summaries and errors on stderr.
    one report submit V-2025-005 2026-10 --value participants=12 --spent personnel=4500,00
    one report submit V-2025-012 2026-10 --value participants=3 --value support_hours=20 --spent equipment=10
    one report accept V-2025-005 2026-10
    one report return V-2025-002 2026-10 --reason 'Brak wydatków na materiały'
    one report submit V-2025-005 2026-10 --value participants=13
    one report submit V-9 2026-10 --value nieznany=1
    one report monthly --period 2026-13
    one register org update ORG-001 --status suspended
    one register org update ORG-001 --status suspended
    one register org remove ORG-001
    one register org show ORG-999
    one register org add --code ORG-001 --name Test --legal-form FUND
    one register indicator add --code mentoring_hours --name 'Godziny mentoringu' --unit hours
    one register indicator remove mentoring_hours
    printf 'code,name,legal_form,nip,colour\nORG-801,Fundacja Źródło,FUNDD,123,x\n' >bad-orgs.csv
    one register import org bad-orgs.csv
    printf 'code,name,legal_form,nip\nORG-801,Fundacja Źródło,FUNDD,123\nORG-802,Koło,KGW,\n' >some-bad.csv
    one register import org some-bad.csv --on-error skip --rejects rejected.csv
    one register import org some-bad.csv --dry-run --on-error skip
    one register import org missing-file.csv
    one survey gaps KOMP-2026 --compare ies,ies
    one survey create "$TORO_SOURCE/examples/demo/survey-komp-2026.toml"
    one db backup backup.db
    one db backup backup.db
    one db forget --respondent R-IES-007
    one db forget --respondent R-IES-007
    one report monthlly
    one report annual
    one report monthly --by gmina
    one report annual --year 1999
    one register org list --district
    one report missing --as-of 2026-13-01
    one db audit --verify-head 0000
    one db migrate
    one register export venture --format 360giving -o grants.json
    printf 'venture,period,indicator,value,submitted_on\nV-2025-005,2026-10,participants,7,2026-11-09\nV-2025-005,2026-10,volunteers,2,2026-11-09\n' >october.csv
    one report import october.csv --reopen
    one report import october.csv --reopen --dry-run
    printf 'venture,period,indicator,value\nV-2025-005,2026-10,nieznany,-1\n' >october-bad.csv
    one report import october-bad.csv
    printf 'respondent,law1[current],law1[required]\nLS-1,2,9\n' >limesurvey.csv
    one survey import KOMP-2026 limesurvey.csv --group ies --wave 2027
    printf 'respondent,law1[current],law1[required]\nLS-1,2,5\n' >limesurvey.csv
    one survey import KOMP-2026 limesurvey.csv --group ies --wave 2027
    printf 'respondent,group,rel1,nps\nE-N001,users,4,9\n' >answers.csv
    one evaluate import EWAL-2026 answers.csv --wave 2027
    sed 's/^code = "KOMP-2026"/code = "KOMP-2027"/' "$TORO_SOURCE/examples/demo/survey-komp-2026.toml" >komp-2027.toml
    one survey create komp-2027.toml
    # init's own notes, in a folder of its own.
    n=$((n + 1))
    mkdir city && (cd city && "$TORO" init --demo --lang pl >"../text.$n" 2>&1)
    echo "$? init --demo (in a new folder)" >>commands.txt
}

# The text of a workbook: sheet names, cells, page headers and footers, its title.
xlsx_text() {
    python3 - "$1" <<'EOF'
import html, re, sys, zipfile
book = zipfile.ZipFile(sys.argv[1])
for name in book.namelist():
    if name.endswith('.xml'):
        xml = book.read(name).decode('utf-8')
        for text in re.findall(r'<t[^>]*>([^<]*)</t>', xml) + re.findall(r'<sheet name="([^"]*)"', xml) + \
                re.findall(r'<(?:oddHeader|oddFooter|dc:title)>([^<]*)<', xml):
            print(html.unescape(text).replace('&P', ' ').replace('&N', ' ').replace('&C', ' '))
EOF
}

# The text a browser shows of an html report (and stderr, which is in the same file).
html_text() {
    python3 - "$1" <<'EOF'
import html, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
text = re.sub(r'<style>.*?</style>', ' ', text, flags=re.S)
print(html.unescape(re.sub(r'<[^>]+>', ' ', text)))
EOF
}

test_no_english_word_under_lang_pl() {
    "$TORO" init --demo >/dev/null 2>&1 || fail "init --demo"
    grep -q '^lang = "pl"' toro.toml || fail "init wrote no lang = \"pl\""
    "$TORO" __reference catalogue-en >catalogue-en.txt
    "$TORO" __reference catalogue-pl >catalogue-pl.txt
    local entity
    for entity in org program venture target budget indicator loan repayment consultation training attendance; do
        "$TORO" register export "$entity" --format csv | head -n 1 | tr ',' '\n' >>columns.txt
    done
    "$TORO" survey export KOMP-2026 --format csv | head -n 1 | tr ',' '\n' >>columns.txt
    sql toro.db "SELECT code FROM indicator UNION SELECT code FROM instrument_area UNION
                 SELECT code FROM instrument_item UNION SELECT DISTINCT grp FROM response" >codes.txt
    sql toro.db "SELECT name_en FROM legal_form UNION SELECT name_en FROM sphere UNION
                 SELECT name_en FROM budget_category UNION SELECT name_en FROM indicator" >names-en.txt
    sql toro.db "SELECT name FROM org UNION SELECT short_name FROM org UNION SELECT name FROM program UNION
                 SELECT title FROM venture UNION SELECT title FROM consultation UNION SELECT subject FROM consultation
                 UNION SELECT title FROM training UNION SELECT title FROM instrument" >>names-en.txt
    run_every_command
    [ "$(wc -l <commands.txt)" -gt 150 ] || fail "too few commands ran: $(wc -l <commands.txt)"
    # On PostgreSQL, `db backup` is refused with pg_dump's command (78), in Polish as well.
    local unexpected
    unexpected=$(grep -v '^0 \|^3 \|^65 \|^2 \|^66 \|^73 ' commands.txt)
    on_sqlite || unexpected=$(grep -v '^78 db backup ' <<<"$unexpected")
    [ -z "$unexpected" ] || fail "a command failed unexpectedly: $unexpected"
    python3 - <<'EOF' || fail "English words under --lang pl (listed above)"
import glob, re, sys

def words(text):
    text = re.sub(r'`[^`]*`', ' ', text)  # commands quoted in the text are not words of it
    text = re.sub(r'\{[^{}]*\}', ' ', text)  # arguments
    tokens = re.findall(r"[A-Za-z0-9_+\-./@]+", text)  # identifiers (opens_on, --group) are not words
    return {t.strip('.').lower() for t in tokens if re.fullmatch(r'[A-Za-z]+', t.strip('.'))}

english, polish = set(), set()
for line in open('catalogue-en.txt', encoding='utf-8'):
    english |= words(line.split('\t', 1)[1])
for line in open('catalogue-pl.txt', encoding='utf-8'):
    polish |= words(line.split('\t', 1)[1])
common = set('''the and for with not this that from has have had was were are been being which when than then
there their its into only also all any each every more less other some such one two three yes none total
days day month months year years report reports file line lines row rows column columns value values name
names code codes date missing late due overdue received expected pending submitted accepted returned active
closed completed planned grant grants loan loans venture ventures organization organizations indicator
indicators target targets budget category categories spent achieved behind risk track current summary
flags flag title period people persons hours participants volunteers score rank mean median group groups
answer answers item items area areas training trainings instrument instruments survey study evaluation
nothing something written updated inserted unchanged rejected error warning'''.split())
flagged = (english | common) - polish
allowed = {'error', 'warning', 'true', 'false'}
for path in ('columns.txt', 'codes.txt'):
    allowed |= {line.strip().lower() for line in open(path, encoding='utf-8') if line.strip()}
for line in open('names-en.txt', encoding='utf-8'):
    allowed |= words(line)
flagged -= allowed

found = 0
for path in sorted(glob.glob('text.*'), key=lambda p: int(p.split('.')[1])):
    for number, line in enumerate(open(path, encoding='utf-8', errors='replace'), 1):
        line = re.sub(r'\{.*\}', ' ', line)  # the audit log's stored JSON
        line = re.sub(r"`[^`]*`|'[^']*'|report submit:", ' ', line)  # what a message quotes
        if re.match(r'\s*\d+\s+\S+\s+\S+\s+\S+\s+toro ', line):  # db audit: the command line as typed
            line = re.sub(r'toro .*', ' ', line)
        # A column as the file names it (law1[required]) is one token.
        tokens = [t.rstrip(':.') for t in re.findall(r"[^\s,;(){}'\"„”<>=|*]+", line)]
        bad = [t for t in tokens if re.fullmatch(r'[A-Za-z]{3,}', t) and not t.isupper() and t.lower() in flagged]
        if bad:
            found += 1
            print(f'{path}:{number}: {", ".join(bad)}: {line.strip()[:160]}')
sys.exit(1 if found else 0)
EOF
    # Which command each text.N came from, for a failure's reader.
    [ "$failures" = 0 ] || nl -ba commands.txt | head -250 >&2
}

run_tests
