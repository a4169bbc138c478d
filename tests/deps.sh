#!/bin/sh
# Installs what toro needs to build and test, from Debian's packages only (clang and its
# libFuzzer runtime for the fuzz targets; clang-format and clang-tidy for tests/lint.sh; groff and man-db to check the manual page; GNU time
# to measure peak memory;
# libpq-dev to build the PostgreSQL store and postgresql for the throwaway cluster of its tests). Safe to re-run:
# apt-get skips what is already there. Uses sudo when not run as root. With package names as
# arguments it installs those instead (tests/visual/deps.sh).
set -eu
packages="g++ cmake ninja-build pkg-config sqlite3 libsqlite3-dev
  libcli11-dev libsqlitecpp-dev libfmt-dev libtomlplusplus-dev doctest-dev nlohmann-json3-dev
  libboost-dev libxlsxwriter-dev libcsv-dev libutf8proc-dev libssl-dev liborcus-dev libminizip-dev
  libicu-dev libpq-dev postgresql python3 python3-jsonschema python3-openpyxl jq
  clang libclang-rt-dev clang-format clang-tidy groff-base man-db time"
[ "$#" -eq 0 ] || packages="$*"
missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
