#!/usr/bin/env bash
# Installs what is missing, builds everything (debug) and runs the whole test suite:
# unit tests of every module, store tests, and end-to-end tests that start the real `hearth` binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
hearth_install_prerequisites
# Module boundaries: every import is one that ARCHITECTURE.md's table and Package.swift allow.
python3 scripts/check-imports.py
# Formatting: the committed .swift-format, every Swift file but the generated gRPC code (format them with
# `git ls-files -z '*.swift' ':!:Sources/HearthWorker/Rpc/Generated/*' | xargs -0 swift format format -i --parallel`).
git ls-files -z '*.swift' ':!:Sources/HearthWorker/Rpc/Generated/*' | xargs -0 swift format lint --strict --parallel
echo "check-format: ok"
# The import check flag is SwiftPM's own; on Linux's native build system it reports nothing today, which
# is why check-imports.py above also checks every import against the declared dependencies.
swift build --build-tests --explicit-target-dependency-import-check=error
# Every Kubernetes manifest under deploy/kubernetes parses and carries what a deployment needs.
python3 scripts/check-kubernetes.py
# Every T-SQL migration, every statement of the SQL Server backend and `hearth db script` output must parse.
scripts/check-tsql.sh
# The Node worker (embedded into hearth at build time) must be valid JavaScript for the installed Node.
if command -v node >/dev/null; then
    node --check Sources/HearthWorker/Node/Scripts/hearth-node-worker.js
    echo "check-node: ok      Sources/HearthWorker/Node/Scripts/hearth-node-worker.js"
fi
# The official Python worker (from PyPI) for the Python end-to-end suites; once, then reused.
.build/debug/hearth runtimes install python --directory .build/python-runtime
export HEARTH_TEST_PYTHON_RUNTIME="$PWD/.build/python-runtime"
# Selenium (PyPI) for the browser suites, in .build/browser-venv; once, then reused.
scripts/browser-venv.sh
# Azure's queue client (PyPI) for the queue endpoint's SDK suite, in .build/queue-sdk-venv; once, then reused.
scripts/queue-sdk-venv.sh
# One test at a time: the end-to-end suites start real servers, sandboxes and language workers, and
# run side by side on two cores they starve each other's timing (a few minutes more, no load flakes).
swift test --skip-build --no-parallel "$@"
