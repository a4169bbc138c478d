#!/usr/bin/env bash
# `toro register export venture --format 360giving`: the 360Giving data package of the
# register's ventures, its identifiers and amounts, and its validity against the 360Giving
# 1.4.3 schemas (checked offline; skipped when the schema folder is absent).
source "$(dirname "$0")/lib.sh"

SCHEMAS=${TORO_SHARED_SCHEMAS:-$TORO_SOURCE/../shared/schemas/360giving}
VALIDATOR="$TORO_SOURCE/tests/e2e/validate_360giving.py"

# py SCRIPT ARGS...: runs a Python snippet on the exported package (plain json, no modules).
py() { python3 -c "$@"; }

# The Python that has jsonschema: $PYTHON, python3, then Debian's own.
jsonschema_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
        if "$candidate" -c 'import jsonschema' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# validate FILE: runs the validator; sets $out, $err and $rc like toro does.
validate() {
    local python out_file err_file
    out_file=$(mktemp) err_file=$(mktemp)
    python=$(jsonschema_python) || { fail "python3-jsonschema is missing (run tests/deps.sh)"; rc=99; return; }
    TORO_SHARED_SCHEMAS="$SCHEMAS" "$python" "$VALIDATOR" "$1" >"$out_file" 2>"$err_file"
    rc=$?
    out=$(cat "$out_file") err=$(cat "$err_file")
    rm -f "$out_file" "$err_file"
}

test_export_grant_ids_recipients_and_amounts() {
    toro init --demo
    expect_rc 0
    toro register export venture --format 360giving -o grants.json
    expect_rc 0; expect_file grants.json
    expect_eq "$(py 'import json,sys; print(list(json.load(open("grants.json"))))')" "['grants']"

    # One grant per venture, id 360G-<prefix>-<code>, in code order.
    expect_eq "$(py 'import json; print("\n".join(g["id"] for g in json.load(open("grants.json"))["grants"]))')" \
        "$(sql toro.db "SELECT '360G-XX-TORO-' || code FROM venture ORDER BY code")"
    py 'import json; ids=[g["id"] for g in json.load(open("grants.json"))["grants"]]; assert "360G-XX-TORO-V-2025-001" in ids' ||
        fail "no grant 360G-XX-TORO-V-2025-001"

    # Amounts in złoty equal the stored grosze / 100, exactly.
    expect_eq "$(py 'import json; print("\n".join("%s %.2f" % (g["id"], g["amountAwarded"]) for g in json.load(open("grants.json"))["grants"]))')" \
        "$(sql toro.db "SELECT '360G-XX-TORO-' || code || ' ' || (\"grant\" / 100) || '.' || CASE WHEN \"grant\" % 100 < 10 THEN '0' ELSE '' END || (\"grant\" % 100) FROM venture ORDER BY code")"
    py 'import json
for g in json.load(open("grants.json"))["grants"]:
    a = g["amountAwarded"]
    assert isinstance(a, (int, float)) and not isinstance(a, bool), a
    assert abs(a * 100 - round(a * 100)) < 1e-6, a
    assert g["currency"] == "PLN"' || fail "amountAwarded is not a number with at most two decimals"

    # Recipients: PL-KRS with the 10-digit KRS (leading zeros kept), else PL-NIP, else PL-REGON.
    expect_eq "$(py 'import json; print("\n".join(g["recipientOrganization"][0]["id"] for g in json.load(open("grants.json"))["grants"]))')" \
        "$(sql toro.db "SELECT coalesce('PL-KRS-' || o.krs, 'PL-NIP-' || o.nip, 'PL-REGON-' || o.regon)
                        FROM venture v JOIN org o ON o.code = v.org ORDER BY v.code")"
    py 'import json, re
grants = {g["id"]: g for g in json.load(open("grants.json"))["grants"]}
org = grants["360G-XX-TORO-V-2025-001"]["recipientOrganization"][0]
assert org["id"] == "PL-KRS-0000399220", org
assert org["name"] == "Fundacja Pod Lipą" and org["addressCountry"] == "PL" and org["postalCode"] == "01-615", org
assert "charityNumber" not in org and "companyNumber" not in org, org
krs = [g["recipientOrganization"][0]["id"] for g in grants.values() if g["recipientOrganization"][0]["id"].startswith("PL-KRS-")]
assert krs and all(re.fullmatch(r"PL-KRS-[0-9]{10}", i) for i in krs), krs' || fail "recipient organizations are wrong"

    # The city funds, the districts benefit, the programme and the dates come along.
    py 'import json
g = {g["id"]: g for g in json.load(open("grants.json"))["grants"]}["360G-XX-TORO-V-2025-001"]
assert g["fundingOrganization"] == [{"id": "360G-XX-TORO", "name": "Warszawa"}], g["fundingOrganization"]
assert g["beneficiaryLocation"] == [{"name": "Żoliborz", "countryCode": "PL"}, {"name": "Bielany", "countryCode": "PL"}]
assert g["grantProgramme"][0]["code"] == "OK-2025"
assert g["plannedDates"] == [{"startDate": "2025-01-01", "endDate": "2026-06-30", "duration": 18}], g["plannedDates"]
assert g["awardDate"] == "2025-01-01"' || fail "funder, locations, programme or dates are wrong"

    # stdout carries the same package; plain json is still the list of §12.
    toro register export venture --format 360giving
    expect_rc 0
    expect_eq "$out" "$(cat grants.json)"
    toro register export venture --format json
    expect_rc 0; expect_out_has '"code": "V-2025-001"'; expect_out_lacks '"grants"'
}

test_prefix_comes_from_config() {
    toro init --demo
    sed -i 's/^grant_id_prefix = .*/grant_id_prefix = "PL-WAW"/' toro.toml
    toro register export venture --format 360giving
    expect_rc 0
    expect_out_has '"id": "360G-PL-WAW-V-2025-001"'
    expect_out_has '"id": "360G-PL-WAW"'
}

test_recipient_without_registry_number() {
    toro init --demo
    toro register org add --code ORG-ZW --name 'Stowarzyszenie zwykłe Podwórko' --legal-form STOW_ZW --district Wola
    expect_rc 0
    toro register venture add --code V-ZW-1 --org ORG-ZW --program OK-2025 --title 'Podwórko' --sphere 13 \
        --starts 2026-01 --ends 2026-03 --grant '5 000,50' --districts Wola
    expect_rc 0
    toro register export venture --format 360giving -o grants.json
    expect_rc 0
    expect_err_has "ORG-ZW"
    py 'import json
g = {g["id"]: g for g in json.load(open("grants.json"))["grants"]}["360G-XX-TORO-V-ZW-1"]
assert g["recipientOrganization"][0]["id"] == "360G-XX-TORO-ORG-ZW", g["recipientOrganization"]
assert g["amountAwarded"] == 5000.5, g["amountAwarded"]
assert g["plannedDates"][0]["duration"] == 3' || fail "a recipient without KRS, NIP or REGON is wrong"
    if [ -d "$SCHEMAS" ]; then
        validate grants.json
        expect_rc 0
    fi
}

test_360giving_is_for_ventures_only_and_needs_a_venture() {
    toro init --demo
    toro register export org --format 360giving
    expect_rc 2; expect_err_has "360giving"
    toro register export program --format 360giving -o p.json
    expect_rc 2
    expect_no_file p.json
    new_store
    toro init
    toro register export venture --format 360giving -o empty.json
    expect_rc 65; expect_err_has "no ventures"
    expect_no_file empty.json
}

test_package_validates_against_the_schemas() {
    if [ ! -d "$SCHEMAS" ]; then
        echo "skip $current_test: no 360Giving schemas in $SCHEMAS"
        return
    fi
    toro init --demo
    toro register export venture --format 360giving -o grants.json
    expect_rc 0
    validate grants.json
    expect_rc 0; expect_out_has "valid"

    # A broken package fails: an amount as text, a grant without a funder, an impossible date.
    py 'import json
d = json.load(open("grants.json")); d["grants"][0]["amountAwarded"] = "88000.00"; json.dump(d, open("bad-amount.json", "w"))
d = json.load(open("grants.json")); del d["grants"][1]["fundingOrganization"]; json.dump(d, open("bad-funder.json", "w"))
d = json.load(open("grants.json")); d["grants"][2]["awardDate"] = "2025-02-30T10:00:00Z"; json.dump(d, open("bad-date.json", "w"))
d = json.load(open("grants.json")); d["grants"][2]["awardDate"] = "2025-02-28T10:00:00Z"; json.dump(d, open("date-time.json", "w"))
d = json.load(open("grants.json")); d["grants"] = []; json.dump(d, open("bad-empty.json", "w"))'
    validate bad-amount.json
    expect_rc 1; expect_err_has "/grants/0/amountAwarded"
    validate bad-funder.json
    expect_rc 1; expect_err_has "/grants/1"
    validate bad-date.json
    expect_rc 1; expect_err_has "/grants/2/awardDate"
    validate bad-empty.json
    expect_rc 1
    # A full date-time is the other branch of awardDate's oneOf: valid too.
    validate date-time.json
    expect_rc 0
}

run_tests
