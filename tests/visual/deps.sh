#!/bin/sh
# Installs the programs tests/visual/check_reports.sh opens toro's documents with, from Debian's
# packages: headless Chromium, LibreOffice Calc without its GUI, poppler's pdfinfo/pdftotext,
# openpyxl. Safe to re-run.
exec "$(dirname "$0")/../deps.sh" chromium libreoffice-calc-nogui poppler-utils python3-openpyxl jq
