#!/usr/bin/env bash
# bench/languages.sh — cold start, warm throughput, idle memory and added latency per language worker.
#
# For each of: custom (the compiled handler of bench/handler), python (the official Python worker
# over FunctionRpc), node (Hearth's JavaScript worker), and python taken from the pre-started pool:
#   cold start   first request to a stopped app (its worker stopped by the idle timeout) until 200,
#                median of COLD_RUNS; the app stays deployed, only its worker process is gone
#   warm         wrk throughput and p50/p99 against one trivial HTTP function (CONNS connections)
#   idle memory  RSS of the app's whole process tree (sandbox included) after the warm run
# and, for python and node, the latency Hearth adds per warm call (issue #16): the same function
# code (apps/<lang>/greeting.*) served by a plain server of the language's standard library
# (Python `http.server.ThreadingHTTPServer`, Node `node:http`; on the host, not sandboxed) and by
# Hearth as a deployed app (sandboxed, as in production), at a fixed paced rate with the same
# connections, interleaved over ROUNDS rounds; p50/p99 as median (min–max) over the rounds, and
# the added p50/p99 (Hearth's median minus the plain server's).
# Targets (issue #4): custom <= 50 ms, python <= 400 ms cold and <= 50 ms from the pool, a warm
# idle Python app <= 60 MiB. Issue #16: added latency <= 1 ms at p50 and <= 3 ms at p99.
#
#   HEARTH_BIN=path   the hearth binary (default: swift build -c release --product hearth)
#   PYTHON_RUNTIME=d  the Python worker environment (default .build/python-runtime; installed if missing)
#   NODE=path         the node for the plain server (default: node on PATH, as Hearth finds it)
#   COLD_RUNS=5  DURATION=10  CONNS=16  NO_ISOLATION=1 (run apps unsandboxed)
#   HEARTH_SERVE_ARGS="--shared-network"   more `hearth serve` options (e.g. the network baseline)
#   added latency: ROUNDS=3  LAT_DURATION=10 (s per run)  LAT_CONNS=8  THREADS=2 (wrk)  WARMUP=3 (s per
#     row, once)  PYTHON_RATE=200  NODE_RATE=1000 (req/s offered, paced with pace.lua)
#     BASELINE_BIN=path  a second hearth binary measured in the same rounds (rows python-baseline,
#     node-baseline), for before/after figures
#   SKIP_BASICS=1 (only the added latency)  SKIP_LATENCY=1 (only cold/warm/idle)  KEEP_TMP=1
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
source "$BENCH_DIR/lib.sh"
COLD_RUNS=${COLD_RUNS:-5}
DURATION=${DURATION:-10}
CONNS=${CONNS:-16}
ROUNDS=${ROUNDS:-3}
LAT_DURATION=${LAT_DURATION:-10}
LAT_CONNS=${LAT_CONNS:-8}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-3}
PYTHON_RATE=${PYTHON_RATE:-200}
NODE_RATE=${NODE_RATE:-1000}
SKIP_BASICS=${SKIP_BASICS:-0}
SKIP_LATENCY=${SKIP_LATENCY:-0}
PYTHON_RUNTIME=${PYTHON_RUNTIME:-$REPO/.build/python-runtime}
need_tools wrk=wrk cc=gcc zip=zip curl=curl python3=python3
NODE=${NODE:-$(command -v node || true)}
[[ "$SKIP_LATENCY" == 1 || -x "$NODE" ]] || fail "no node on PATH for the plain node:http server (apt-get install nodejs, or NODE=path)"

hearth_and_python

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-langbench.XXXXXX")
HEARTH_PID=""
BASELINE_PID=""
PLAIN_PIDS=()
stop_server() { # stop_server PID: SIGINT, then SIGKILL after 30 s
    [[ -n "$1" ]] || return 0
    kill -INT "$1" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
}
stop_hearth() {
    stop_server "$HEARTH_PID"
    HEARTH_PID=""
}
cleanup() {
    stop_hearth
    stop_server "$BASELINE_PID"
    local pid
    for pid in "${PLAIN_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- the apps
# Ping: "pong", for cold/warm/idle. Hello: "Hello, <name>" from greeting.py / greeting.js at the app's
# root, the module the plain servers (plain_server.py, plain-server.js, same directory) serve too.
mkdir -p "$TMP/apps/custom/Ping" "$TMP/apps/python/Ping" "$TMP/apps/node/Ping" "$TMP/apps/python/Hello" "$TMP/apps/node/Hello"
cc -O2 -o "$TMP/apps/custom/handler" "$BENCH_DIR/handler/handler.c" -lpthread
echo '{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"handler"},"enableForwardingHttpRequest":true}}' >"$TMP/apps/custom/host.json"
echo '{"version":"2.0"}' | tee "$TMP/apps/python/host.json" >"$TMP/apps/node/host.json"
function_json() { # function_json ROUTE
    echo "{\"bindings\":[{\"type\":\"httpTrigger\",\"direction\":\"in\",\"name\":\"req\",\"authLevel\":\"anonymous\",\"methods\":[\"get\"],\"route\":\"$1\"},{\"type\":\"http\",\"direction\":\"out\",\"name\":\"\$return\"}]}"
}
for lang in custom python node; do function_json ping >"$TMP/apps/$lang/Ping/function.json"; done
for lang in python node; do function_json hello >"$TMP/apps/$lang/Hello/function.json"; done
cat >"$TMP/apps/python/Ping/__init__.py" <<'PY'
import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse("pong")
PY
echo "module.exports = async function (context, req) { return { status: 200, body: 'pong' }; };" >"$TMP/apps/node/Ping/index.js"

cat >"$TMP/apps/python/greeting.py" <<'PY'
def greet(name: str) -> str:
    return f"Hello, {name}"
PY
cat >"$TMP/apps/python/Hello/__init__.py" <<'PY'
import azure.functions as func

from ..greeting import greet


def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(greet(req.params.get("name", "world")))
PY
cat >"$TMP/apps/python/plain_server.py" <<'PY'
# The same function on the standard library's threading HTTP server (keep-alive, no Nagle delay).
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from greeting import greet


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        body = greet(query.get("name", ["world"])[0]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
echo 'module.exports = (name) => `Hello, ${name}`;' >"$TMP/apps/node/greeting.js"
cat >"$TMP/apps/node/Hello/index.js" <<'JS'
const greet = require('../greeting');

module.exports = async function (context, req) {
  return { status: 200, body: greet(req.query.name || 'world') };
};
JS
cat >"$TMP/apps/node/plain-server.js" <<'JS'
// The same function on node:http (keep-alive; Node sets TCP_NODELAY).
const http = require('node:http');
const greet = require('./greeting');

http.createServer((req, res) => {
  const body = greet(new URL(req.url, 'http://localhost').searchParams.get('name') || 'world');
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
for lang in custom python node; do (cd "$TMP/apps/$lang" && zip -qr "$TMP/$lang.zip" .); done

# ---------------------------------------------------------------- server
start_hearth() { # start_hearth POOL_SIZE [LABEL]: LABEL names its data directory and log
    free_port MGMT_PORT
    free_port HTTP_PORT
    local label=${2:-$1} data="$TMP/data-${2:-$1}"
    local isolation=()
    [[ "${NO_ISOLATION:-0}" == 1 ]] && isolation=(--no-isolation)
    "$HEARTH_BIN" serve --data-dir "$data" --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" --python-runtime "$PYTHON_RUNTIME" \
        --python-pool "$1" --log-level warning "${isolation[@]}" ${HEARTH_SERVE_ARGS:-} >"$TMP/hearth-$label.log" 2>&1 &
    HEARTH_PID=$!
    for _ in $(seq 1 100); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/hearth-$label.log" | head -1 || true)
        [[ -n "$TOKEN" ]] && break
        sleep 0.1
    done
    [[ -n "$TOKEN" ]] || fail "hearth did not start: $(cat "$TMP/hearth-$label.log")"
    wait_http "http://127.0.0.1:$HTTP_PORT/_hearth/health" 10 200 || fail "hearth is not healthy: $(cat "$TMP/hearth-$label.log")"
    api POST /api/tenants -d '{"name":"bench"}' >/dev/null
}
pool_ready() { curl -fs "http://127.0.0.1:$HTTP_PORT/_hearth/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("pythonPool",{}).get("ready",0))'; }
setting() { api PUT "/api/apps/$1/settings/$2" -d "{\"value\":\"$3\"}" >/dev/null; } # setting APP NAME VALUE

deploy_app() { # deploy_app NAME LANG
    api POST /api/apps -d "{\"name\":\"$1\",\"tenant\":\"bench\"}" >/dev/null
    case $2 in
        python | node) setting "$1" FUNCTIONS_WORKER_RUNTIME "$2" ;;
    esac
    setting "$1" HEARTH_IDLE_TIMEOUT_SECONDS 1
    deploy "$1" "$TMP/$2.zip" >/dev/null
    for _ in $(seq 1 100); do [[ "$(app_status "$1")" == ready* ]] && break; sleep 0.1; done
}

first_200_ms() { # first_200_ms APP: time from the first request until a 200
    local url="http://127.0.0.1:$HTTP_PORT/_app/$1/api/ping" t0 code
    t0=$(now_us)
    while true; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
        [[ "$code" == 200 ]] && break
        (($(now_us) - t0 < 60000000)) || fail "$1 gave no 200 within 60 s (last $code): $(app_status "$1")"
        sleep 0.005
    done
    echo $((($(now_us) - t0) / 1000))
}

cold_runs() { # cold_runs APP [pool]: median first-200 after the worker went idle
    local samples=() i
    for i in $(seq 1 "$COLD_RUNS"); do
        for _ in $(seq 1 200); do [[ "$(app_status "$1")" == idle* || "$(app_status "$1")" == ready* ]] && break; sleep 0.1; done
        if [[ "${2:-}" == pool ]]; then for _ in $(seq 1 200); do [[ "$(pool_ready)" -ge 1 ]] && break; sleep 0.1; done; fi
        samples+=("$(first_200_ms "$1")")
        [[ "${2:-}" != pool ]] || app_status "$1" | grep -q "pre-started pool" || log "WARNING: $1 run $i did not come from the pool: $(app_status "$1")"
    done
    log "$1 cold starts (ms): ${samples[*]}"
    printf '%.0f\n' "$(median "${samples[@]}")"
}

switches() { # switches PID PATTERN -> "A B": voluntary context switches of PID's threads (A) and of
    # the threads of its descendants whose command line contains PATTERN (B; 0 without PATTERN)
    python3 - "$1" "${2:-}" <<'PY'
import os, sys
root, pattern = int(sys.argv[1]), sys.argv[2]; children = {}
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        children.setdefault(int(fields[1]), []).append(int(pid))
    except OSError: pass
def count(pid):
    total = 0
    try:
        for task in os.listdir(f'/proc/{pid}/task'):
            for line in open(f'/proc/{pid}/task/{task}/status'):
                if line.startswith('voluntary_ctxt_switches:'): total += int(line.split()[1])
    except OSError: pass
    return total
own, descendants, todo = count(root), 0, list(children.get(root, []))
while pattern and todo:
    p = todo.pop(); todo += children.get(p, [])
    try:
        if pattern.encode() in open(f'/proc/{p}/cmdline', 'rb').read(): descendants += count(p)
    except OSError: pass
print(own, descendants)
PY
}

warm() { # warm APP -> "req/s p50 p99"
    local url="http://127.0.0.1:$HTTP_PORT/_app/$1/api/ping"
    curl -fs "$url" >/dev/null
    wrk -t2 -c"$CONNS" -d2s "$url" >/dev/null
    wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$url" >"$TMP/wrk-$1.txt"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print int($2)}' "$TMP/wrk-$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$TMP/wrk-$1.txt")
    p99=$(awk '$1=="99%" {print $2}' "$TMP/wrk-$1.txt")
    grep -q "Non-2xx" "$TMP/wrk-$1.txt" && log "WARNING: $1 answered non-2xx: $(grep Non-2xx "$TMP/wrk-$1.txt")"
    echo "$rps $p50 $p99"
}

idle_mib() { # idle_mib APP: RSS of the app's worker process tree, in MiB
    local pid
    pid=$(app_pid "$1")
    [[ -n "$pid" ]] || {
        echo "?"
        return
    }
    sleep 2
    awk -v kb="$(tree_memory "$pid" | cut -d" " -f1)" 'BEGIN {printf "%.1f", kb/1024}'
}

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t ? "PASS" : "FAIL")}'; }
log "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "$SKIP_BASICS" != 1 ]]; then
    # ------------------------------------------------------------ phase 1: no pool
    start_hearth 0
    declare -A COLD WARM MEM
    for lang in custom python node; do
        deploy_app "cold-$lang" "$lang"
        COLD[$lang]=$(cold_runs "cold-$lang")
        setting "cold-$lang" HEARTH_IDLE_TIMEOUT_SECONDS 0
        sleep 1
        WARM[$lang]=$(warm "cold-$lang")
        MEM[$lang]=$(idle_mib "cold-$lang")
        log "$lang: cold ${COLD[$lang]} ms, warm ${WARM[$lang]}, idle ${MEM[$lang]} MiB"
    done
    stop_hearth

    # ------------------------------------------------------------ phase 2: python from the pool
    start_hearth 1
    deploy_app pooled-python python
    COLD[pool]=$(cold_runs pooled-python pool)
    stop_hearth
fi

if [[ "$SKIP_LATENCY" != 1 ]]; then
    # ------------------------------------------------------------ phase 3: added latency
    # Rows: the plain servers on the host, and the same code deployed to Hearth (sandboxed unless
    # NO_ISOLATION=1), each paced at its language's rate. Round r runs every row once, the order
    # rotated by r - 1, so load drift on the machine hits all rows alike.
    declare -A URL RATE RUNS PID PATTERN
    LAT_ROWS=(python-plain python-hearth node-plain node-hearth)
    latency_server() { # latency_server LABEL ROW_SUFFIX: a hearth serving lat-python and lat-node
        start_hearth 0 "$1"
        for lang in python node; do
            deploy_app "lat-$lang" "$lang"
            setting "lat-$lang" HEARTH_IDLE_TIMEOUT_SECONDS 0
            URL[$lang-$2]="http://127.0.0.1:$HTTP_PORT/_app/lat-$lang/api/hello?name=bench"
        done
    }
    if [[ -n "${BASELINE_BIN:-}" ]]; then
        [[ -x "$BASELINE_BIN" ]] || fail "BASELINE_BIN=$BASELINE_BIN is not an executable"
        current=$HEARTH_BIN
        HEARTH_BIN=$BASELINE_BIN
        latency_server lat-baseline baseline
        BASELINE_PID=$HEARTH_PID HEARTH_PID="" HEARTH_BIN=$current
        LAT_ROWS=(python-plain python-hearth python-baseline node-plain node-hearth node-baseline)
    fi
    latency_server lat hearth
    free_port PY_PORT
    free_port NODE_PORT
    (cd "$TMP/apps/python" && exec "$PYTHON_RUNTIME/bin/python" plain_server.py "$PY_PORT") >"$TMP/plain-python.log" 2>&1 &
    PLAIN_PIDS+=($!)
    (cd "$TMP/apps/node" && exec "$NODE" plain-server.js "$NODE_PORT") >"$TMP/plain-node.log" 2>&1 &
    PLAIN_PIDS+=($!)
    URL[python-plain]="http://127.0.0.1:$PY_PORT/api/hello?name=bench"
    URL[node-plain]="http://127.0.0.1:$NODE_PORT/api/hello?name=bench"
    for row in "${LAT_ROWS[@]}"; do
        case $row in
            python-*) RATE[$row]=$PYTHON_RATE ;;
            node-*) RATE[$row]=$NODE_RATE ;;
        esac
    done
    for row in "${LAT_ROWS[@]}"; do
        wait_http "${URL[$row]}" 30 200 || fail "$row never answered 200 at ${URL[$row]}: $(curl -s -i "${URL[$row]}" | head -c 600)"
        body=$(curl -s "${URL[$row]}")
        [[ "$body" == "Hello, bench" ]] || fail "$row answered '$body', expected 'Hello, bench'"
    done
    # Thread switches per call, which the machine's load does not change much: the server's own
    # (the plain server, or Hearth) and the language worker's (its sandboxed process tree).
    PID[python-plain]=${PLAIN_PIDS[0]} PID[node-plain]=${PLAIN_PIDS[1]}
    for row in "${LAT_ROWS[@]}"; do
        case $row in
            *-hearth) PID[$row]=$HEARTH_PID ;;
            *-baseline) PID[$row]=$BASELINE_PID ;;
        esac
        case $row in
            *-plain) PATTERN[$row]="" ;;
            python-*) PATTERN[$row]=azure_functions_worker ;;
            node-*) PATTERN[$row]=hearth-node-worker ;;
        esac
    done
    paced() { # paced ROW NAME SECONDS -> parse_wrk of a paced wrk run, then the switches per call
        local f="$TMP/wrk-$2.txt" before after
        before=$(switches "${PID[$1]}" "${PATTERN[$1]}")
        BENCH_RATE=${RATE[$1]} BENCH_THREADS=$THREADS \
            wrk -t"$THREADS" -c"$LAT_CONNS" -d"${3}s" --timeout 5s --latency -s "$BENCH_DIR/pace.lua" "${URL[$1]}" >"$f" 2>&1 \
            || fail "wrk failed for $1: $(cat "$f")"
        after=$(switches "${PID[$1]}" "${PATTERN[$1]}")
        printf '%s %s\n' "$(parse_wrk "$f")" "$(awk -v b="$before" -v a="$after" -v n="$(awk '/requests in/ {print $1}' "$f")" \
            'BEGIN { split(b, x, " "); split(a, y, " "); printf "%.2f %.2f", (y[1] - x[1]) / n, (y[2] - x[2]) / n }')"
    }
    for row in "${LAT_ROWS[@]}"; do
        log "$row: warm-up ${WARMUP}s at ${RATE[$row]} req/s"
        paced "$row" "$row-warmup" "$WARMUP" >/dev/null
    done
    for ((round = 1; round <= ROUNDS; round++)); do
        k=$(((round - 1) % ${#LAT_ROWS[@]}))
        order=("${LAT_ROWS[@]:k}" "${LAT_ROWS[@]:0:k}")
        for row in "${order[@]}"; do
            paced "$row" "$row-r$round" "$LAT_DURATION" >"$TMP/parsed"
            read -r rps p50 p99 n2 se server worker <"$TMP/parsed"
            ((n2 + se == 0)) || log "WARNING: $row round $round: $n2 non-2xx responses, $se socket errors (see $TMP/wrk-$row-r$round.txt)"
            awk -v a="$rps" -v r="${RATE[$row]}" 'BEGIN { exit !(a < 0.95 * r) }' \
                && log "WARNING: $row round $round served $rps req/s of ${RATE[$row]} offered (saturated: latency at the rate it reached)"
            for metric in p50 p99 rps server worker; do RUNS[$row/$metric]+="${RUNS[$row/$metric]:+ }${!metric}"; done
            log "round $round $row: p50 $p50 ms, p99 $p99 ms at ${RATE[$row]} req/s (achieved $rps); switches per call: server $server, worker $worker"
        done
    done
    stop_hearth
    stop_server "$BASELINE_PID"
    BASELINE_PID=""
fi

# ---------------------------------------------------------------- report
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$SKIP_BASICS" != 1 ]]; then
    printf '\n%-16s %14s %14s %10s %10s %14s\n' language "cold start ms" "warm req/s" "p50" "p99" "idle MiB"
    for lang in custom python node; do
        read -r rps p50 p99 <<<"${WARM[$lang]}"
        printf '%-16s %14s %14s %10s %10s %14s\n' "$lang" "${COLD[$lang]}" "$rps" "$p50" "$p99" "${MEM[$lang]}"
    done
    printf '%-16s %14s\n' "python (pool)" "${COLD[pool]}"
    printf '\ntargets: custom cold <= 50 ms %s; python cold <= 400 ms %s; python from pool <= 50 ms %s; idle python <= 60 MiB %s\n' \
        "$(verdict "${COLD[custom]}" 50)" "$(verdict "${COLD[python]}" 400)" "$(verdict "${COLD[pool]}" 50)" "$(verdict "${MEM[python]}" 60)"
fi
if [[ "$SKIP_LATENCY" != 1 ]]; then
    span() { # span ROW METRIC -> "median (min–max)"
        local m lo hi
        read -r m lo hi < <(stats ${RUNS[$1/$2]})
        printf '%s (%s–%s)' "$m" "$lo" "$hi"
    }
    printf '\nadded latency: %s rounds, %s s paced runs, %s connections, %s wrk threads; median (min–max) over the rounds, ms\n' \
        "$ROUNDS" "$LAT_DURATION" "$LAT_CONNS" "$THREADS"
    printf '%-16s %6s %9s %26s %26s %14s %14s\n' row "req/s" achieved p50 p99 "server sw/call" "worker sw/call"
    for row in "${LAT_ROWS[@]}"; do
        printf '%-16s %6s %9s %26s %26s %14s %14s\n' "$row" "${RATE[$row]}" "$(median ${RUNS[$row/rps]})" "$(span "$row" p50)" "$(span "$row" p99)" \
            "$(median ${RUNS[$row/server]})" "$(median ${RUNS[$row/worker]})"
    done
    printf '(sw/call: voluntary context switches per call, medians over the rounds: of the server process — the plain server, or Hearth — and of the language worker'"'"'s process tree)\n'

    printf '\n%-16s %26s %26s   %s\n' "Hearth over plain" "added p50 (round range)" "added p99 (round range)" "targets: p50 <= 1 ms, p99 <= 3 ms"
    for row in "${LAT_ROWS[@]}"; do
        [[ "$row" != *-plain ]] || continue
        lang=${row%%-*}
        added=() ranges=()
        for metric in p50 p99; do
            # Medians' difference; beside it the range of the same difference taken round by round.
            added+=("$(awk -v a="$(median ${RUNS[$row/$metric]})" -v b="$(median ${RUNS[$lang-plain/$metric]})" 'BEGIN { printf "%.3f", a - b }')")
            read -r _ lo hi < <(stats $(awk -v a="${RUNS[$row/$metric]}" -v b="${RUNS[$lang-plain/$metric]}" \
                'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%.3f ", x[i] - y[i] }'))
            ranges+=("$lo–$hi")
        done
        printf '%-16s %26s %26s   p50 %s, p99 %s\n' "$row" "${added[0]} (${ranges[0]})" "${added[1]} (${ranges[1]})" \
            "$(verdict "${added[0]}" 1)" "$(verdict "${added[1]}" 3)"
    done
fi
