# Sourced by the PostgreSQL suites after lib.sh: starts a throwaway PostgreSQL 15 cluster of the
# suite's own (tests/pg_cluster.sh) in $cluster, stopped and removed on exit, with PGPASSFILE
# exported; exits 77 (skipped) when PostgreSQL is not installed, unless TORO_PG_REQUIRED=1.
# Defines psql_in.
cluster=$(mktemp -d /tmp/toro-pg.XXXXXX)
chmod 755 "$cluster"
cleanup() {
    "$TORO_SOURCE/tests/pg_cluster.sh" stop "$cluster" || true
    rm -rf "$cluster"
}
trap cleanup EXIT
cluster_uri=$("$TORO_SOURCE/tests/pg_cluster.sh" start "$cluster")
status=$?
if [ "$status" -eq 77 ] && [ "${TORO_PG_REQUIRED:-0}" != 1 ]; then
    echo "SKIP: PostgreSQL 15 is not installed (Debian package postgresql)"
    exit 77
fi
[ "$status" -eq 0 ] || { echo "cannot start a PostgreSQL cluster (exit $status)" >&2; exit 1; }
export PGPASSFILE="$cluster/pgpass"
[[ $cluster_uri == "postgresql:///toro?host=$cluster&user=toro" ]] || { echo "unexpected URI $cluster_uri" >&2; exit 1; }

# psql_in DB SQL: the result, unaligned, without headings.
psql_in() { psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$cluster" -U toro -d "$1" -c "$2"; }
