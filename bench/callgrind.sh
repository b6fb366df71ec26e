#!/usr/bin/env bash
# bench/callgrind.sh — instructions Hearth executes per warm request, counted by valgrind's callgrind.
#
# Instruction counts do not depend on what else the machine is doing, so two binaries (say, before and
# after a change) can be compared exactly even on a busy machine. For each binary, `hearth serve` runs
# under callgrind with instrumentation off; the bench apps (bench/handler/handler.c as a custom handler,
# forwarding and JSON payload) are deployed and warmed; then counting is switched on for REQUESTS
# requests over one keep-alive connection; an idle window of the same length follows, and
# (requests - idle) / REQUESTS is what a warm request costs. Only Hearth's own process is counted (the
# handler runs in its sandbox, not traced); the idle window takes out what the process does anyway
# (catalog polling, timers, management), which would otherwise grow with valgrind's slowness.
#
# Environment (all optional):
#   HEARTH_BIN=path      the binary to measure (default: .build/release/hearth, built if missing)
#   BASELINE_BIN=path    a second binary measured in the same run; ratios are HEARTH_BIN / BASELINE_BIN
#   REQUESTS=2000        counted requests per app        WARM=300   uncounted requests first
#   HEARTH_SERVE_ARGS    more `hearth serve` options
#   KEEP_TMP=1           keep the scratch directory: LABEL/APP.requests.callgrind is each request window's dump
#                        (callgrind_annotate --inclusive=yes shows where the instructions go)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
REQUESTS=${REQUESTS:-2000}
WARM=${WARM:-300}
source "$BENCH_DIR/lib.sh"

for tool in valgrind callgrind_control objcopy cc zip curl awk; do
    command -v "$tool" >/dev/null 2>&1 || fail "missing tool: $tool (apt-get install valgrind gcc zip curl)"
done
if [[ -z "${HEARTH_BIN:-}" ]]; then
    HEARTH_BIN=$REPO/.build/release/hearth
    [[ -x "$HEARTH_BIN" ]] || (cd "$REPO" && swift build -c release --product hearth)
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-callgrind.XXXXXX")
HEARTH_PID=""
cleanup() {
    [[ -n "$HEARTH_PID" ]] && { kill -TERM "$HEARTH_PID" 2>/dev/null || true; wait "$HEARTH_PID" 2>/dev/null || true; }
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "scratch kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

cc -O2 -Wall -o "$TMP/handler" "$BENCH_DIR/handler/handler.c" -lpthread
cc -O2 -Wall -shared -fPIC -o "$TMP/dispatch-main.so" "$BENCH_DIR/valgrind-dispatch-main.c"
make_app "$TMP/apps/bench-json" false
make_app "$TMP/apps/bench-fwd" true

# window COMMAND: counts the instructions Hearth executes while COMMAND runs; sets total and elapsed (s).
window() {
    local started
    rm -f "$TMP/$label"/callgrind.out.*.*
    callgrind_control -z "$HEARTH_PID" >/dev/null 2>&1
    callgrind_control -i on "$HEARTH_PID" >/dev/null 2>&1
    started=$SECONDS
    eval "$1"
    elapsed=$((SECONDS - started > 0 ? SECONDS - started : 1))
    callgrind_control -i off "$HEARTH_PID" >/dev/null 2>&1
    callgrind_control -d "$HEARTH_PID" >/dev/null 2>&1
    total=$(awk '/^(summary|totals):/ { s += $2 } END { print s + 0 }' "$TMP/$label"/callgrind.out.*.[0-9]*)
}

# count BINARY LABEL: prints "LABEL APP instructions_per_request idle_instructions_per_second" for both apps.
count() {
    local bin=$TMP/$2-hearth label=$2 app out busy seconds total elapsed
    # valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes: count a copy without it.
    objcopy --strip-debug "$1" "$bin"
    free_port MGMT_PORT
    free_port HTTP_PORT
    log "$label: $1 serve under callgrind (management :$MGMT_PORT, http :$HTTP_PORT)"
    mkdir -p "$TMP/$label"
    LD_PRELOAD=$TMP/dispatch-main.so valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$TMP/$label/callgrind.out.%p" \
        "$bin" serve --data-dir "$TMP/$label/data" --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" \
        --log-level warning ${HEARTH_SERVE_ARGS:-} >"$TMP/$label/hearth.log" 2>&1 &
    HEARTH_PID=$!
    TOKEN=""
    for _ in $(seq 1 1200); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label/hearth.log" 2>/dev/null | head -n1 || true)
        [[ -n "$TOKEN" ]] && break
        kill -0 "$HEARTH_PID" 2>/dev/null || fail "hearth exited: $(cat "$TMP/$label/hearth.log")"
        sleep 0.1
    done
    [[ -n "$TOKEN" ]] || fail "no admin token in the log after 120 s: $(cat "$TMP/$label/hearth.log")"
    wait_http "http://127.0.0.1:$MGMT_PORT/api/health" 120 200 || fail "management API not up"
    api POST /api/tenants -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null
    for app in bench-fwd bench-json; do
        api POST /api/apps -H 'Content-Type: application/json' -d "{\"name\":\"$app\",\"tenant\":\"bench\"}" >/dev/null
        api POST "/api/apps/$app/deployments" -H 'Content-Type: application/zip' --data-binary "@$TMP/apps/$app.zip" >/dev/null
        wait_http "http://127.0.0.1:$HTTP_PORT/_app/$app/api/hello" 120 200 || fail "$app never answered 200"
        out=$(curl -s "http://127.0.0.1:$HTTP_PORT/_app/$app/api/hello?warm=[1-$WARM]" | wc -c)
        ((out == 5 * WARM)) || fail "$app: warm-up answered $out bytes, expected $((5 * WARM))"
        window "curl -s 'http://127.0.0.1:$HTTP_PORT/_app/$app/api/hello?n=[1-$REQUESTS]' >'$TMP/$label/out'"
        busy=$total seconds=$elapsed
        cat "$TMP/$label"/callgrind.out.*.[0-9]* >"$TMP/$label/$app.requests.callgrind"
        out=$(wc -c <"$TMP/$label/out")
        ((out == 5 * REQUESTS)) || fail "$app: answered $out bytes, expected $((5 * REQUESTS))"
        # What the process does with no request in the same time (polling, timers) is not the requests'.
        window "sleep $seconds"
        echo "$label $app $(((busy - total) / REQUESTS)) $((total / seconds))"
    done
    kill -TERM "$HEARTH_PID" 2>/dev/null || true
    wait "$HEARTH_PID" 2>/dev/null || true
    HEARTH_PID=""
}

results=$(count "$HEARTH_BIN" hearth)
[[ -n "${BASELINE_BIN:-}" ]] && results+=$'\n'$(count "$BASELINE_BIN" baseline)
echo
printf '%-10s %-11s %14s %8s %16s\n' binary app "instr/request" ratio "idle instr/s"
while read -r label app n idle; do
    base=$(awk -v a="$app" '$1 == "baseline" && $2 == a { print $3 }' <<<"$results")
    ratio=""
    [[ "$label" == hearth && -n "$base" ]] && ratio=$(awk -v a="$n" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
    printf '%-10s %-11s %14s %8s %16s\n' "$label" "$app" "$n" "$ratio" "$idle"
done <<<"$results"
