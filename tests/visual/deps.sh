#!/bin/sh
# Installs the programs tests/visual/check_reports.sh opens toro's documents with, from Debian's
# packages: headless Chromium, LibreOffice Calc without its GUI, poppler's pdfinfo/pdftotext,
# openpyxl. Safe to re-run; uses sudo when not root.
set -eu
packages="chromium libreoffice-calc-nogui poppler-utils python3-openpyxl jq"
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
