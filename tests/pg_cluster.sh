#!/bin/sh
# A throwaway PostgreSQL 15 cluster for the tests of the PostgreSQL store:
#   tests/pg_cluster.sh start DIR   initdb and start a cluster in DIR (an empty or missing folder
#                                   whose parents others may enter, e.g. under /tmp); prints the
#                                   URI of its database `toro`
#   tests/pg_cluster.sh stop DIR    stop it (the caller removes DIR)
# Debian's binaries (/usr/lib/postgresql/15/bin, or TORO_PG_BIN) run as an unprivileged user:
# initdb refuses root, so as root the cluster belongs to the system user toro-pg (created if
# missing). The server listens on a Unix socket in DIR only (listen_addresses = ''), with
# fsync off (nothing here outlives the tests). The superuser `toro` logs in with a password
# (SCRAM) that DIR/pgpass holds: the URI has none, set PGPASSFILE=DIR/pgpass to connect.
# Exit 77 when the PostgreSQL binaries are not installed.
set -eu
bin=${TORO_PG_BIN:-/usr/lib/postgresql/15/bin}
[ "$#" -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
action=$1 dir=$2
owner=toro-pg

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

case $action in
    start)
        if [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
            echo "$0: no PostgreSQL binaries in $bin (Debian package postgresql-15)" >&2
            exit 77
        fi
        mkdir -p "$dir"
        dir=$(cd "$dir" && pwd)
        if [ "$(id -u)" -eq 0 ]; then
            id -u "$owner" >/dev/null 2>&1 ||
                useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
            chown "$owner" "$dir"
        fi
        password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
        umask 077
        printf '%s\n' "$password" >"$dir/password"
        [ "$(id -u)" -ne 0 ] || chown "$owner" "$dir/password"
        as_owner "$bin/initdb" -D "$dir/data" -U toro --pwfile="$dir/password" --auth=scram-sha-256 \
            --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
        rm -f "$dir/password"
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
            -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c full_page_writes=off" \
            start >/dev/null ||
            { cat "$dir/data/server.log" >&2; exit 1; }
        printf '*:*:*:toro:%s\n' "$password" >"$dir/pgpass"
        PGPASSFILE="$dir/pgpass" "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$dir" -U toro -d postgres \
            -c 'CREATE DATABASE toro' >/dev/null
        echo "postgresql:///toro?host=$dir&user=toro"
        ;;
    stop)
        if [ -f "$dir/data/postmaster.pid" ]; then
            as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
        fi
        ;;
    *)
        echo "usage: $0 start|stop DIR" >&2
        exit 2
        ;;
esac
