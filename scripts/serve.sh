#!/usr/bin/env bash
# Installs what is missing, builds Hearth (release) and runs `hearth serve` on the embedded SQLite store.
# Extra arguments go to `hearth serve` (e.g. --data-dir /var/lib/hearth --bind 0.0.0.0).
# The Python worker is installed into <data dir>/runtimes/python when missing (from PyPI); without
# network access that step is skipped with a warning and only Python apps are affected.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
hearth_install_prerequisites
echo "Building hearth (release; the first build takes about 11 minutes on 2 cores)…"
swift build -c release --product hearth
hearth="$(swift build -c release --show-bin-path)/hearth"

data_dir=.hearth
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --data-dir) data_dir="${args[i + 1]:-$data_dir}" ;;
        --data-dir=*) data_dir="${args[i]#--data-dir=}" ;;
    esac
done
if ! "$hearth" runtimes status --data-dir "$data_dir" >/dev/null 2>&1; then
    echo "Installing the Python worker into $data_dir/runtimes/python (for Python apps)…"
    "$hearth" runtimes install python --data-dir "$data_dir" \
        || echo "WARNING: the Python worker could not be installed; Python apps will not start until 'hearth runtimes install python --data-dir $data_dir' succeeds"
fi
exec "$hearth" serve "$@"
