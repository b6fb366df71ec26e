#!/usr/bin/env bash
# Installs Selenium (PyPI, 4.x) into .build/browser-venv for the browser suites (Tests/Browser, run by
# Tests/EndToEndTests/Browser), once; later runs reuse it. Chromium and its driver come from Debian
# (scripts/prerequisites.sh). Usage: scripts/browser-venv.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build/browser-venv
if ! "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "browser-venv: installing selenium into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'selenium>=4.20,<5'
fi
echo "browser-venv: ok      $("$VENV/bin/python" -c 'import selenium; print("selenium", selenium.__version__)')"
