#!/usr/bin/env bash
# bench/cpu.sh — CPU time per request and latency at one fixed offered rate, in one run:
# the bare SwiftNIO proxy (bench/nio-proxy, the baseline: the least a Swift hop costs here),
# Hearth's fast path and Hearth's general path (hearth serve --no-fast-path), each in forwarding
# mode and with the JSON custom-handler payload. CPU is the proxy process's user+system time
# (/proc/PID/stat) over the measured run, divided by the requests it served.
#
#   HEARTH_BIN=.build/release/hearth bench/cpu.sh
#
# Environment: RATE=8000 (req/s offered), DURATION=8 (s), RUNS=2 (runs per row; the median is
# printed), CONNS=64, THREADS=2. Needs wrk, cc, zip, curl; builds bench/nio-proxy on first use.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-8000}
DURATION=${DURATION:-8}
RUNS=${RUNS:-2}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
HEARTH_BIN=${HEARTH_BIN:-$REPO/.build/release/hearth}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

log() { printf '[cpu %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { printf '[cpu] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in wrk cc zip curl; do command -v "$tool" >/dev/null || fail "missing $tool (apt-get install wrk gcc zip curl)"; done
[[ -x "$HEARTH_BIN" ]] || fail "no hearth binary at $HEARTH_BIN (swift build -c release --product hearth, or set HEARTH_BIN)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-cpu.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_200() { for _ in $(seq 1 300); do [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" == 200 ]] && return 0; sleep 0.1; done; return 1; }

cc -O2 -o "$TMP/handler" "$BENCH_DIR/handler/handler.c" -lpthread
HANDLER_PORT=$(port)
FUNCTIONS_CUSTOMHANDLER_PORT=$HANDLER_PORT "$TMP/handler" >/dev/null 2>&1 &
PIDS+=($!)
wait_200 "http://127.0.0.1:$HANDLER_PORT/" || fail "handler did not start"

log "building bench/nio-proxy (release)"
(cd "$BENCH_DIR/nio-proxy" && swift build -c release) >&2
NIO_PORT=$(port)
"$BENCH_DIR/nio-proxy/.build/release/nio-proxy" "$HANDLER_PORT" "$NIO_PORT" >/dev/null 2>&1 &
NIO_PID=$!
PIDS+=($NIO_PID)
wait_200 "http://127.0.0.1:$NIO_PORT/api/hello" || fail "nio-proxy did not start"

for mode in fwd json; do
    mkdir -p "$TMP/apps/$mode/hello"
    printf '{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"handler"},"enableForwardingHttpRequest":%s}}\n' \
        "$([[ $mode == fwd ]] && echo true || echo false)" >"$TMP/apps/$mode/host.json"
    echo '{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","methods":["get"],"route":"hello"},{"type":"http","direction":"out","name":"res"}]}' \
        >"$TMP/apps/$mode/hello/function.json"
    cp "$TMP/handler" "$TMP/apps/$mode/handler"
    (cd "$TMP/apps/$mode" && zip -qr "../$mode.zip" .)
done

# start_hearth LABEL [serve args]: sets HEARTH_PID and HEARTH_PORT, deploys apps fwd and json.
start_hearth() {
    local label=$1 mgmt token
    shift
    mgmt=$(port)
    HEARTH_PORT=$(port)
    "$HEARTH_BIN" serve --data-dir "$TMP/$label" --management-port "$mgmt" --http-port "$HEARTH_PORT" --log-level warning "$@" \
        >"$TMP/$label.log" 2>&1 &
    HEARTH_PID=$!
    PIDS+=($HEARTH_PID)
    for _ in $(seq 1 300); do token=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label.log" | head -n1 || true); [[ -n "$token" ]] && break; sleep 0.1; done
    [[ -n "$token" ]] || fail "hearth did not start: $(cat "$TMP/$label.log")"
    wait_200 "http://127.0.0.1:$mgmt/api/health" || fail "management API not up"
    local auth=(-H "Authorization: Bearer $token")
    curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"cpu"}' "http://127.0.0.1:$mgmt/api/tenants" >/dev/null
    for mode in fwd json; do
        curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d "{\"name\":\"$mode\",\"tenant\":\"cpu\"}" "http://127.0.0.1:$mgmt/api/apps" >/dev/null
        curl -sf "${auth[@]}" -H 'Content-Type: application/zip' --data-binary "@$TMP/apps/$mode.zip" "http://127.0.0.1:$mgmt/api/apps/$mode/deployments" >/dev/null
        wait_200 "http://127.0.0.1:$HEARTH_PORT/_app/$mode/api/hello" || fail "$label: app $mode never answered"
    done
}

# measure ROW PID URL: warm-up, then RUNS paced runs; prints "µs/request p50 p99" (medians).
declare -A US P50 P99
measure() {
    local row=$1 pid=$2 url=$3 t0 t1 n us=() p50=() p99=()
    wrk -t"$THREADS" -c"$CONNS" -d2s "$url" >/dev/null
    for _ in $(seq 1 "$RUNS"); do
        t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        BENCH_RATE=$RATE BENCH_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH_DIR/pace.lua" "$url" >"$TMP/wrk.txt"
        t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        n=$(grep -Eo '^ *[0-9]+ requests' "$TMP/wrk.txt" | awk '{print $1}')
        us+=("$(( (t1 - t0) * TICK_US / n ))")
        p50+=("$(awk '/^ *50% / { v = $2; if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }' "$TMP/wrk.txt")")
        p99+=("$(awk '/^ *99% / { v = $2; if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }' "$TMP/wrk.txt")")
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
    US[$row]=$(median "${us[@]}"); P50[$row]=$(median "${p50[@]}"); P99[$row]=$(median "${p99[@]}")
    log "$row: ${US[$row]} µs CPU/request, p50 ${P50[$row]} ms, p99 ${P99[$row]} ms (runs: ${us[*]} µs)"
}

measure swift-nio "$NIO_PID" "http://127.0.0.1:$NIO_PORT/api/hello"
start_hearth fast
for mode in fwd json; do measure "fast-$mode" "$HEARTH_PID" "http://127.0.0.1:$HEARTH_PORT/_app/$mode/api/hello"; done
kill -TERM "$HEARTH_PID"; wait "$HEARTH_PID" 2>/dev/null || true
start_hearth general --no-fast-path
for mode in fwd json; do measure "general-$mode" "$HEARTH_PID" "http://127.0.0.1:$HEARTH_PORT/_app/$mode/api/hello"; done

echo
echo "CPU per request at $RATE req/s offered ($(nproc) CPUs, wrk -t$THREADS -c$CONNS, ${DURATION}s x $RUNS runs, medians)"
printf '%-14s %14s %12s %10s %10s\n' row "µs/request" "÷ swift-nio" "p50 ms" "p99 ms"
for row in swift-nio fast-fwd general-fwd fast-json general-json; do
    printf '%-14s %14s %12s %10s %10s\n' "$row" "${US[$row]}" "$(awk -v a="${US[$row]}" -v b="${US[swift-nio]}" 'BEGIN { printf "%.2f", a / b }')" "${P50[$row]}" "${P99[$row]}"
done
printf 'fast path ÷ general path, CPU per request: %s forwarding, %s JSON payload\n' \
    "$(awk -v a="${US[fast-fwd]}" -v b="${US[general-fwd]}" 'BEGIN { printf "%.2f", a / b }')" \
    "$(awk -v a="${US[fast-json]}" -v b="${US[general-json]}" 'BEGIN { printf "%.2f", a / b }')"
