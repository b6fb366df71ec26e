#!/usr/bin/env bash
# Installs the system packages Hearth needs to build and test, if any are missing.
# Sourced by serve.sh and test.sh. Needs root (or sudo) only when something is missing.
set -euo pipefail

HEARTH_APT_PACKAGES=(
  libsqlite3-dev   # the embedded store (GRDB links the system SQLite)
  freetds-dev      # the SQL Server store (FreeTDS db-lib, linked as sybdb)
  libxml2-dev      # publish profiles (XML)
  pkg-config       # finds libxml2's headers
  bubblewrap       # the sandbox every app process runs in
  slirp4netns      # outbound connections for sandboxes with their own network namespace
  nftables         # HEARTH_OUTBOUND_ALLOW: a sandbox's allowed destinations
  iproute2         # tests: a network namespace of the test's own, reached from inside a sandbox
  python3          # example and test function apps (custom handlers in Python's standard library)
  python3-venv     # sqlfluff (PyPI) for the T-SQL parse check, in a venv under .build
  zip unzip        # packaging apps by hand, as the README shows
  openssl curl     # TLS tests: a test CA and certificates, and a client that checks them
  nginx            # the TLS-terminating proxy test (the README's nginx configuration)
  haproxy          # the load balancer tests: `hearth lb haproxy`'s configuration in the real HAProxy
  python3-yaml     # scripts/check-kubernetes.py: the manifests under deploy/kubernetes parse
  chromium chromium-driver  # the browser tests: headless Chromium driven by Selenium (Tests/Browser)
  libjs-codemirror # the portal's code editor (served by Hearth under /static/vendor/codemirror)
  libjs-chart.js   # the portal's monitor charts (served by Hearth under /static/vendor/chart.js)
)

hearth_install_prerequisites() {
  if ! command -v swift >/dev/null 2>&1; then
    echo "error: 'swift' is not on PATH. Install Swift 6.1 or newer (this machine image has it in /opt/swift/usr/bin)." >&2
    return 1
  fi
  local missing=()
  for package in "${HEARTH_APT_PACKAGES[@]}"; do
    # No pipe into `grep -q` here: under pipefail, grep exiting early can fail the pipeline (SIGPIPE).
    local status
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == *"install ok installed"* ]] || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing system packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "error: you are not root and cannot sudo without a password, so these Debian packages cannot be installed:" >&2
    echo "  ${missing[*]}" >&2
    echo "Ask an administrator to run: apt-get install ${missing[*]}" >&2
    return 1
  fi
}
