#!/usr/bin/env bash
# bench/languages.sh — cold start, warm throughput and idle memory per language worker.
#
# For each of: custom (the compiled handler of bench/handler), python (the official Python worker
# over FunctionRpc), node (Hearth's JavaScript worker), and python taken from the pre-started pool:
#   cold start   first request to a stopped app (its worker stopped by the idle timeout) until 200,
#                median of COLD_RUNS; the app stays deployed, only its worker process is gone
#   warm         wrk throughput and p50/p99 against one trivial HTTP function (CONNS connections)
#   idle memory  RSS of the app's whole process tree (sandbox included) after the warm run
# Targets (issue #4): custom <= 50 ms, python <= 400 ms cold and <= 50 ms from the pool, a warm
# idle Python app <= 60 MiB.
#
#   HEARTH_BIN=path   the hearth binary (default: swift build -c release --product hearth)
#   PYTHON_RUNTIME=d  the Python worker environment (default .build/python-runtime; installed if missing)
#   COLD_RUNS=5  DURATION=10  CONNS=16  NO_ISOLATION=1 (run apps unsandboxed)
#   HEARTH_SERVE_ARGS="--shared-network"   more `hearth serve` options (e.g. the network baseline)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
COLD_RUNS=${COLD_RUNS:-5}
DURATION=${DURATION:-10}
CONNS=${CONNS:-16}
PYTHON_RUNTIME=${PYTHON_RUNTIME:-$REPO/.build/python-runtime}
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
for tool in wrk cc zip curl python3; do command -v "$tool" >/dev/null || fail "missing $tool (apt-get install wrk gcc zip curl python3)"; done

hearth_and_python

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-langbench.XXXXXX")
trap 'serve_stop; rm -rf "$TMP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- the apps
lang_apps

# ---------------------------------------------------------------- server
start_hearth() { # start_hearth POOL_SIZE
    MGMT=$(free_port); HTTP=$(free_port)
    local data="$TMP/data-$1"
    local isolation=(); [[ "${NO_ISOLATION:-0}" == 1 ]] && isolation=(--no-isolation)
    "$HEARTH_BIN" serve --data-dir "$data" --management-port "$MGMT" --http-port "$HTTP" --python-runtime "$PYTHON_RUNTIME" \
        --python-pool "$1" --log-level warning "${isolation[@]}" ${HEARTH_SERVE_ARGS:-} >"$TMP/hearth-$1.log" 2>&1 &
    HEARTH_PID=$!
    for _ in $(seq 1 100); do TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/hearth-$1.log" | head -1 || true); [[ -n "$TOKEN" ]] && break; sleep 0.1; done
    [[ -n "$TOKEN" ]] || fail "hearth did not start: $(cat "$TMP/hearth-$1.log")"
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP/_hearth/health" >/dev/null && break; sleep 0.1; done
    api POST /api/tenants -d '{"name":"bench"}' >/dev/null
}
api() { local m=$1 p=$2; shift 2; curl -fsS -X "$m" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$MGMT$p" "$@"; }
status_of() { api GET "/api/apps/$1" | python3 -c 'import json,sys; s=json.load(sys.stdin).get("status") or {}; print(s.get("state",""), "|", s.get("reason",""))'; }
pool_ready() { curl -fs "http://127.0.0.1:$HTTP/_hearth/health" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("pythonPool",{}).get("ready",0))'; }

deploy_app() { # deploy_app NAME LANG
    api POST /api/apps -d "{\"name\":\"$1\",\"tenant\":\"bench\"}" >/dev/null
    case $2 in
        python) api PUT "/api/apps/$1/settings/FUNCTIONS_WORKER_RUNTIME" -d '{"value":"python"}' >/dev/null ;;
        node) api PUT "/api/apps/$1/settings/FUNCTIONS_WORKER_RUNTIME" -d '{"value":"node"}' >/dev/null ;;
    esac
    api PUT "/api/apps/$1/settings/HEARTH_IDLE_TIMEOUT_SECONDS" -d '{"value":"1"}' >/dev/null
    api POST "/api/apps/$1/deployments" -H 'Content-Type: application/zip' --data-binary "@$TMP/$2.zip" >/dev/null
    for _ in $(seq 1 100); do [[ "$(status_of "$1")" == ready* ]] && break; sleep 0.1; done
}

first_200_ms() { # first_200_ms APP: time from the first request until a 200
    local url="http://127.0.0.1:$HTTP/_app/$1/api/ping" t0 code
    t0=$(now_us)
    while true; do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
        [[ "$code" == 200 ]] && break
        (( $(now_us) - t0 < 60000000 )) || fail "$1 gave no 200 within 60 s (last $code): $(status_of "$1")"
        sleep 0.005
    done
    echo $(( ($(now_us) - t0) / 1000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

cold_runs() { # cold_runs APP [pool]: median first-200 after the worker went idle
    local samples=() i
    for i in $(seq 1 "$COLD_RUNS"); do
        for _ in $(seq 1 200); do [[ "$(status_of "$1")" == idle* || "$(status_of "$1")" == ready* ]] && break; sleep 0.1; done
        if [[ "${2:-}" == pool ]]; then for _ in $(seq 1 200); do [[ "$(pool_ready)" -ge 1 ]] && break; sleep 0.1; done; fi
        samples+=("$(first_200_ms "$1")")
        [[ "${2:-}" != pool ]] || status_of "$1" | grep -q "pre-started pool" || log "WARNING: $1 run $i did not come from the pool: $(status_of "$1")"
    done
    log "$1 cold starts (ms): ${samples[*]}"
    printf '%s\n' "${samples[@]}" | median
}


warm() { # warm APP -> "req/s p50 p99"
    local url="http://127.0.0.1:$HTTP/_app/$1/api/ping"
    curl -fs "$url" >/dev/null
    wrk -t2 -c"$CONNS" -d2s "$url" >/dev/null
    wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$url" >"$TMP/wrk-$1.txt"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print int($2)}' "$TMP/wrk-$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$TMP/wrk-$1.txt"); p99=$(awk '$1=="99%" {print $2}' "$TMP/wrk-$1.txt")
    grep -q "Non-2xx" "$TMP/wrk-$1.txt" && log "WARNING: $1 answered non-2xx: $(grep Non-2xx "$TMP/wrk-$1.txt")"
    echo "$rps $p50 $p99"
}

idle_mib() { # idle_mib APP: RSS of the app's worker process tree, in MiB
    local pid
    pid=$(status_of "$1" | grep -o 'pid [0-9]*' | head -1 | awk '{print $2}')
    [[ -n "$pid" ]] || { echo "?"; return; }
    sleep 2
    local rss _
    read -r rss _ < <(tree_memory "$pid")
    awk -v kb="$rss" 'BEGIN {printf "%.1f", kb/1024}'
}

# ---------------------------------------------------------------- phase 1: no pool
start_hearth 0
declare -A COLD WARM MEM
for lang in custom python node; do
    deploy_app "cold-$lang" "$lang"
    COLD[$lang]=$(cold_runs "cold-$lang")
    api PUT "/api/apps/cold-$lang/settings/HEARTH_IDLE_TIMEOUT_SECONDS" -d '{"value":"0"}' >/dev/null
    sleep 1
    WARM[$lang]=$(warm "cold-$lang")
    MEM[$lang]=$(idle_mib "cold-$lang")
    log "$lang: cold ${COLD[$lang]} ms, warm ${WARM[$lang]}, idle ${MEM[$lang]} MiB"
done
serve_stop

# ---------------------------------------------------------------- phase 2: python from the pool
start_hearth 1
deploy_app pooled-python python
COLD[pool]=$(cold_runs pooled-python pool)
serve_stop

printf '\n%-16s %14s %14s %10s %10s %14s\n' language "cold start ms" "warm req/s" "p50" "p99" "idle MiB"
for lang in custom python node; do
    read -r rps p50 p99 <<<"${WARM[$lang]}"
    printf '%-16s %14s %14s %10s %10s %14s\n' "$lang" "${COLD[$lang]}" "$rps" "$p50" "$p99" "${MEM[$lang]}"
done
printf '%-16s %14s\n' "python (pool)" "${COLD[pool]}"
verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v <= t ? "PASS" : "FAIL")}'; }
printf '\ntargets: custom cold <= 50 ms %s; python cold <= 400 ms %s; python from pool <= 50 ms %s; idle python <= 60 MiB %s\n' \
    "$(verdict "${COLD[custom]}" 50)" "$(verdict "${COLD[python]}" 400)" "$(verdict "${COLD[pool]}" 50)" "$(verdict "${MEM[python]}" 60)"
