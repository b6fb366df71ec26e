#!/usr/bin/env bash
# Installs Azure's official queue client (PyPI azure-storage-queue, 12.x) into .build/queue-sdk-venv for
# the queue endpoint's SDK test (scripts/queue-sdk-test.sh), once; later runs reuse it.
# Usage: scripts/queue-sdk-venv.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.build/queue-sdk-venv
if ! "$VENV/bin/python" -c 'import azure.storage.queue' 2>/dev/null; then
    echo "queue-sdk-venv: installing azure-storage-queue into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'azure-storage-queue>=12.9,<13'
fi
echo "queue-sdk-venv: ok      $("$VENV/bin/python" -c 'from azure.storage.queue import _version; print("azure-storage-queue", _version.VERSION)')"
