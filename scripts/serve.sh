#!/usr/bin/env bash
# Installs what is missing, builds Hearth (release) and runs `hearth serve` on the embedded SQLite store.
# Extra arguments go to `hearth serve` (e.g. --data-dir /var/lib/hearth --bind 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
hearth_install_prerequisites
echo "Building hearth (release; the first build takes about 11 minutes on 2 cores)…"
swift build -c release --product hearth
exec "$(swift build -c release --show-bin-path)/hearth" serve "$@"
