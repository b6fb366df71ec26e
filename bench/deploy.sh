#!/usr/bin/env bash
# bench/deploy.sh — how long a Kudu zip deployment takes, from upload to serving.
#
# Starts `hearth serve` (release build) on a scratch data directory, creates an app, and for a
# 1 MB and a 50 MB package (the hello-python fixture plus incompressible padding) runs RUNS
# deployments through the Kudu-compatible endpoint exactly as `hearth publish` and the dotnet
# SDK do: POST /scm/{app}/api/zipdeploy?isAsync=true with the publishing credentials, poll the
# Location until complete, then call the function until the new deployment answers (each run
# gives the function a new route, so a 200 proves the new deployment serves).
#
# Reported per size (median of RUNS, milliseconds):
#   upload    POST sent until its 202 arrived (the whole body read and the record queued)
#   deployed  ... until the record said complete/status 4 (validated, stored, switched)
#   serving   ... until the first 200 from the new route (the worker picked it up)
#
# curl is told not to send `Expect: 100-continue` (it does for bodies over 1 MiB and then waits a
# second for a `100 Continue` that Hearth's HTTP server does not send); Kudu clients such as the
# dotnet SDK and `hearth publish` do not send it either.
#
# Environment: HEARTH_BIN (default: build with `swift build -c release --product hearth`),
# RUNS (3), SIZES_MB ("1 50"), KEEP_TMP=1 to keep the scratch directory.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RUNS=${RUNS:-3}
SIZES_MB=${SIZES_MB:-"1 50"}
KEEP_TMP=${KEEP_TMP:-0}

log() { printf '[deploy-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { printf '[deploy-bench] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in curl zip python3; do command -v "$tool" >/dev/null || fail "missing tool: $tool (apt-get install $tool)"; done

if [[ -z "${HEARTH_BIN:-}" ]]; then
    log "building hearth (release)…"
    (cd "$REPO" && swift build -c release --product hearth >&2)
    HEARTH_BIN="$REPO/.build/release/hearth"
fi
[[ -x "$HEARTH_BIN" ]] || fail "no hearth binary at $HEARTH_BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-deploy-bench.XXXXXX")
HEARTH_PID=""
cleanup() {
    if [[ -n "$HEARTH_PID" ]] && kill -0 "$HEARTH_PID" 2>/dev/null; then
        kill -TERM "$HEARTH_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$HEARTH_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$HEARTH_PID" 2>/dev/null || true
        pkill -KILL -P "$HEARTH_PID" 2>/dev/null || true
    fi
    if [[ "$KEEP_TMP" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

MPORT=$(free_port); WPORT=$(free_port)
while [[ "$WPORT" == "$MPORT" ]]; do WPORT=$(free_port); done
M="http://127.0.0.1:$MPORT"; W="http://127.0.0.1:$WPORT"
"$HEARTH_BIN" serve --data-dir "$TMP/data" --management-port "$MPORT" --http-port "$WPORT" --log-level warning >"$TMP/hearth.log" 2>&1 &
HEARTH_PID=$!
TOKEN=""
for _ in $(seq 1 300); do
    TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/hearth.log" | head -1 || true)
    [[ -n "$TOKEN" ]] && grep -q "Function host listening" "$TMP/hearth.log" && break
    sleep 0.1
done
[[ -n "$TOKEN" ]] || { cat "$TMP/hearth.log" >&2; fail "hearth serve did not start"; }
AUTH="Authorization: Bearer $TOKEN"
curl -sf -X POST "$M/api/tenants" -H "$AUTH" -d '{"name":"bench"}' >/dev/null
curl -sf -X POST "$M/api/apps" -H "$AUTH" -d '{"name":"deploybench","tenant":"bench"}' >/dev/null
curl -sf -X PUT "$M/api/apps/deploybench/settings" -H "$AUTH" -d '{"FUNCTIONS_WORKER_RUNTIME":"custom"}' >/dev/null
PASSWORD=$(curl -sf "$M/api/apps/deploybench/publishingcredentials" -H "$AUTH" | json 'd["password"]')
BASIC="\$deploybench:$PASSWORD"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# One deployment of a package of about $1 MB, run number $2; prints "size upload deployed serving".
deploy_once() {
    local mb=$1 run=$2 app="$TMP/app-$1-$2" zipfile="$TMP/app-$1-$2.zip" route="bench$1x$2"
    cp -r "$REPO/Tests/Fixtures/apps/hello-python" "$app"
    python3 - "$app/Hello/function.json" "$route" <<'PY'
import json, sys
path, route = sys.argv[1], sys.argv[2]
d = json.load(open(path))
d["bindings"][0]["route"] = route + "/{name:alpha?}"
json.dump(d, open(path, "w"))
PY
    head -c $((mb * 1024 * 1024)) /dev/urandom > "$app/padding.bin"
    (cd "$app" && zip -qr "$zipfile" .)
    local size; size=$(stat -c %s "$zipfile")
    local t0 t1 t2 t3 headers location status=""
    t0=$(now_ms)
    headers=$(curl -s -o /dev/null -D - -u "$BASIC" -H 'Content-Type: application/zip' -H 'Expect:' --data-binary @"$zipfile" \
        "$M/scm/deploybench/api/zipdeploy?isAsync=true")
    t1=$(now_ms)
    location=$(printf '%s' "$headers" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
    [[ -n "$location" ]] || fail "no Location in the zipdeploy reply: $headers"
    for _ in $(seq 1 6000); do
        status=$(curl -s -u "$BASIC" "$location" | json 'd["status"]')
        [[ "$status" == 4 || "$status" == 3 ]] && break
        sleep 0.01
    done
    t2=$(now_ms)
    [[ "$status" == 4 ]] || fail "deployment did not succeed (status $status): $(curl -s -u "$BASIC" "$location")"
    for _ in $(seq 1 6000); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$W/_app/deploybench/api/$route/Bench")" == 200 ]] && break
        sleep 0.01
    done
    t3=$(now_ms)
    echo "$size $((t1 - t0)) $((t2 - t0)) $((t3 - t0))"
}

printf '%-8s %12s %10s %10s %10s   (median of %s runs, ms from the start of the upload)\n' size zip_bytes upload deployed serving "$RUNS"
for mb in $SIZES_MB; do
    results=()
    for run in $(seq 1 "$RUNS"); do
        line=$(deploy_once "$mb" "$run")
        log "${mb} MB run $run: $line"
        results+=("$line")
    done
    size=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | median)
    up=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | median)
    dep=$(printf '%s\n' "${results[@]}" | awk '{print $3}' | median)
    srv=$(printf '%s\n' "${results[@]}" | awk '{print $4}' | median)
    printf '%-8s %12s %10s %10s %10s\n' "${mb}MB" "$size" "$up" "$dep" "$srv"
done
