#!/usr/bin/env bash
# bench/forwarding.sh — the latency one forwarding hop between workers adds (issue #15, routing):
# two workers on one SQLite store, `hearth serve` (A, also the management role) and
# `hearth worker` (B), and the bench app (bench/handler/handler.c, forwarding mode) placed only on
# B. The same request, at the same fixed offered rate, in the same run:
#   on-B        wrk -> B -> handler                 (served where the app runs)
#   through-A   wrk -> A -> B -> handler            (A forwards it, X-Hearth-Forwarded, kept-alive)
# Rows alternate (on-B, through-A, on-B, …), RUNS runs each; the medians of p50 and p99 and their
# differences are printed, with the machine's load average.
#
#   HEARTH_BIN=.build/release/hearth bench/forwarding.sh
#
# The placement is written straight into the store with sqlite3 (no placer runs here).
# Environment: RATE=1000 (req/s offered), DURATION=8 (s), RUNS=3, CONNS=16, THREADS=2.
# Needs wrk, cc, zip, curl, sqlite3; builds Hearth in release when HEARTH_BIN is not set.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
RATE=${RATE:-1000}
DURATION=${DURATION:-8}
RUNS=${RUNS:-3}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}

log() { printf '[forwarding %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { printf '[forwarding] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in wrk cc zip curl sqlite3; do command -v "$tool" >/dev/null || fail "missing $tool (apt-get install wrk gcc zip curl sqlite3)"; done
if [[ -z "${HEARTH_BIN:-}" ]]; then
    log "building hearth (release)"
    (cd "$REPO" && swift build -c release --product hearth) >&2
    HEARTH_BIN=$REPO/.build/release/hearth
fi
[[ -x "$HEARTH_BIN" ]] || fail "no hearth binary at $HEARTH_BIN"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-forwarding.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    [[ "${KEEP_TMP:-0}" == 1 ]] || rm -rf "$TMP"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_200() { for _ in $(seq 1 300); do [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" == 200 ]] && return 0; sleep 0.1; done; return 1; }

# The app: the C handler in forwarding mode, one anonymous GET function at /api/hello.
cc -O2 -o "$TMP/handler" "$BENCH_DIR/handler/handler.c" -lpthread
mkdir -p "$TMP/app/hello"
echo '{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"handler"},"enableForwardingHttpRequest":true}}' >"$TMP/app/host.json"
echo '{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","methods":["get"],"route":"hello"},{"type":"http","direction":"out","name":"res"}]}' \
    >"$TMP/app/hello/function.json"
cp "$TMP/handler" "$TMP/app/handler"
(cd "$TMP/app" && zip -qr "../app.zip" .)

# Both workers share the store (A's data directory) and the master key, hence the forwarding key.
export HEARTH_MASTER_KEY
HEARTH_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
MGMT=$(port)
A_PORT=$(port)
B_PORT=$(port)
"$HEARTH_BIN" serve --data-dir "$TMP/a" --management-port "$MGMT" --http-port "$A_PORT" --name wa --log-level warning >"$TMP/a.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do token=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/a.log" | head -n1 || true); [[ -n "$token" ]] && break; sleep 0.1; done
[[ -n "${token:-}" ]] || fail "hearth serve did not start: $(cat "$TMP/a.log")"
wait_200 "http://127.0.0.1:$MGMT/api/health" || fail "management API not up"
"$HEARTH_BIN" worker --data-dir "$TMP/b" --store "$TMP/a/hearth.sqlite" --http-port "$B_PORT" --name wb --log-level warning >"$TMP/b.log" 2>&1 &
B_PID=$!
PIDS+=($B_PID)
auth=(-H "Authorization: Bearer $token")
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"fw"}' "http://127.0.0.1:$MGMT/api/tenants" >/dev/null
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"fwd","tenant":"fw"}' "http://127.0.0.1:$MGMT/api/apps" >/dev/null
curl -sf "${auth[@]}" -H 'Content-Type: application/zip' --data-binary "@$TMP/app.zip" "http://127.0.0.1:$MGMT/api/apps/fwd/deployments" >/dev/null
wait_200 "http://127.0.0.1:$B_PORT/_hearth/health" || fail "worker B did not start: $(cat "$TMP/b.log")"

# Place the app on B only; both workers read placements at every heartbeat (2 s).
db=$TMP/a/hearth.sqlite
for _ in $(seq 1 100); do
    b_id=$(sqlite3 "$db" "SELECT id FROM workers WHERE name = 'wb' AND advertise_url LIKE '%:$B_PORT'" 2>/dev/null || true)
    [[ -n "$b_id" ]] && break
    sleep 0.1
done
[[ -n "$b_id" ]] || fail "worker B never registered"
app_id=$(sqlite3 "$db" "SELECT id FROM apps WHERE name = 'fwd'")
sqlite3 "$db" "PRAGMA busy_timeout = 5000; INSERT INTO app_placements (app_id, worker_id, placed_at) VALUES ('$app_id', '$b_id', $(date +%s)000)"  >/dev/null
sleep 5
ON_B="http://127.0.0.1:$B_PORT/_app/fwd/api/hello"
THROUGH_A="http://127.0.0.1:$A_PORT/_app/fwd/api/hello"
wait_200 "$ON_B" || fail "B does not serve the app"
wait_200 "$THROUGH_A" || fail "A does not forward the app: $(curl -s "$THROUGH_A")"
[[ "$(curl -s "$THROUGH_A")" == hello ]] || fail "A's forwarded answer is not 'hello'"

declare -A P50 P99
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }' "$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for url in "$ON_B" "$THROUGH_A"; do wrk -t"$THREADS" -c"$CONNS" -d2s "$url" >/dev/null; done
on_b50=(); on_b99=(); a50=(); a99=()
for run in $(seq 1 "$RUNS"); do
    for row in on-B through-A; do
        url=$ON_B
        [[ $row == through-A ]] && url=$THROUGH_A
        BENCH_RATE=$RATE BENCH_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$BENCH_DIR/pace.lua" "$url" >"$TMP/wrk.txt"
        grep -q 'Non-2xx' "$TMP/wrk.txt" && log "WARNING: $row run $run had non-2xx answers"
        if [[ $row == on-B ]]; then on_b50+=("$(ms 50% "$TMP/wrk.txt")"); on_b99+=("$(ms 99% "$TMP/wrk.txt")")
        else a50+=("$(ms 50% "$TMP/wrk.txt")"); a99+=("$(ms 99% "$TMP/wrk.txt")"); fi
        log "$row run $run: p50 $(ms 50% "$TMP/wrk.txt") ms, p99 $(ms 99% "$TMP/wrk.txt") ms"
    done
done
P50[on-B]=$(median "${on_b50[@]}"); P99[on-B]=$(median "${on_b99[@]}")
P50[through-A]=$(median "${a50[@]}"); P99[through-A]=$(median "${a99[@]}")

echo
echo "Forwarding hop at $RATE req/s offered ($(nproc) CPUs, wrk -t$THREADS -c$CONNS, ${DURATION}s x $RUNS runs, medians; load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-12s %10s %10s\n' row "p50 ms" "p99 ms"
for row in on-B through-A; do printf '%-12s %10s %10s\n' "$row" "${P50[$row]}" "${P99[$row]}"; done
printf '%-12s %10s %10s\n' added \
    "$(awk -v a="${P50[through-A]}" -v b="${P50[on-B]}" 'BEGIN { printf "%.3f", a - b }')" \
    "$(awk -v a="${P99[through-A]}" -v b="${P99[on-B]}" 'BEGIN { printf "%.3f", a - b }')"
