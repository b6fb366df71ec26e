#!/usr/bin/env bash
# bench/run.sh — one run of Hearth's HTTP performance benchmark on this machine.
#
# Serves the same compiled custom handler (bench/handler/handler.c) four ways:
#   direct       wrk -> handler
#   nginx        wrk -> nginx (keep-alive reverse proxy) -> handler   (cost of one proxy hop)
#   hearth-fwd   wrk -> hearth worker -> handler, enableForwardingHttpRequest: true
#   hearth-json  wrk -> hearth worker -> handler, JSON custom-handler payload
# and prints max throughput, p50/p99 at half load, the ratios Hearth / nginx,
# the p99 Hearth adds over direct, and cold start after deploy; writes the
# same as JSON to bench/out/results.json. See bench/README.md.
#
# Environment (all optional):
#   HEARTH_BIN=path    use this hearth binary instead of `swift build -c release --product hearth`
#   DURATION=10        seconds per measured wrk run        WARMUP=3   seconds of warm-up before each max run
#   CONNS=64           wrk connections                     THREADS=2  wrk threads
#   COLD_RUNS=5        deploys for the cold-start median
#   SKIP_HEARTH=1      measure only direct and nginx (no Swift build)
#   SKIP_GENERAL=1     leave out the general-fwd/general-json rows (a second Hearth with --no-fast-path)
#   SKIP_NIO=1         leave out the swift-nio row (bench/nio-proxy: a bare SwiftNIO proxy, the
#                      ceiling for any proxy written in Swift here; built on first use)
#   HEARTH_LOG_LEVEL=info   --log-level passed to hearth serve
#   HEARTH_SERVE_ARGS="--shared-network"   more `hearth serve` options (e.g. the network baseline)
#   KEEP_TMP=1         keep the scratch directory (logs, configs) after the run
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT_DIR=$BENCH_DIR/out

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
COLD_RUNS=${COLD_RUNS:-5}
SKIP_HEARTH=${SKIP_HEARTH:-0}
HEARTH_LOG_LEVEL=${HEARTH_LOG_LEVEL:-info}
KEEP_TMP=${KEEP_TMP:-0}

# Targets (from the requirement).
TARGET_RATIO_FWD=0.8
TARGET_RATIO_JSON=0.5
TARGET_ADDED_P99_MS=1
TARGET_COLD_MS=50

source "$BENCH_DIR/lib.sh"

# ---------------------------------------------------------------- tools
missing=()
for tool in wrk nginx cc zip curl awk; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "bench: missing tools: ${missing[*]}" >&2
    echo "bench: install them with: apt-get install wrk nginx   (plus gcc zip curl if those are missing)" >&2
    exit 1
fi

# ---------------------------------------------------------------- scratch + cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench.XXXXXX")
PIDS=()           # processes this script started, killed on exit
HEARTH_PID=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    # Hearth shuts down gracefully (stopping its handlers); give everyone 30 s, then insist.
    local waited=0 alive
    while ((waited < 300)); do
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.1
        waited=$((waited + 1))
    done
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            [[ "$pid" == "$HEARTH_PID" ]] && log "WARNING: hearth (pid $pid) still running 30 s after SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if [[ -n "$HEARTH_PID" ]] && ((waited < 300)); then log "hearth exited $((waited / 10)).$((waited % 10)) s after SIGTERM"; fi
    # handlers Hearth started run from its data directory inside $TMP; any left
    # after Hearth exited are reported (a Hearth bug) and stopped by their pid.
    local p exe
    for p in /proc/[0-9]*; do
        exe=$(readlink "$p/exe" 2>/dev/null || true)
        if [[ -n "$exe" && "$exe" == "$TMP"/hearth/* ]]; then
            log "WARNING: handler pid ${p#/proc/} ($exe) still running after hearth exited; killing it"
            kill -KILL "${p#/proc/}" 2>/dev/null || true
        fi
    done
    if ((rc != 0)); then
        mkdir -p "$OUT_DIR"
        for f in hearth.log nginx/error.log; do
            [[ -f "$TMP/$f" ]] && cp "$TMP/$f" "$OUT_DIR/failed-$(basename "$f")" || true
        done
        log "failed (exit $rc); logs copied to $OUT_DIR/failed-*"
    fi
    if [[ "$KEEP_TMP" == 1 ]]; then log "scratch kept in $TMP"; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers


# parse_wrk FILE -> "rps p50_ms p99_ms non2xx socket_errors"
parse_wrk() {
    awk '
        function ms(v,   n) {
            n = v + 0
            if (v ~ /us$/) return n / 1000
            if (v ~ /ms$/) return n
            if (v ~ /m$/)  return n * 60000
            if (v ~ /s$/)  return n * 1000
            return n
        }
        /^ *50% / { p50 = ms($2) }
        /^ *99% / { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(",", ""); serr = $4 + $6 + $8 + $10 }
        END { printf "%.2f %.3f %.3f %d %d\n", rps, p50, p99, non2xx, serr }
    ' "$1"
}

# run_wrk NAME URL SECONDS [RATE]: one wrk run, output kept in $TMP/wrk-NAME.txt; echoes parse_wrk.
run_wrk() {
    local name=$1 url=$2 secs=$3 rate=${4:-} f="$TMP/wrk-$1.txt"
    if [[ -n "$rate" ]]; then
        BENCH_RATE=$rate BENCH_THREADS=$THREADS \
            wrk -t"$THREADS" -c"$CONNS" -d"${secs}s" --timeout 5s --latency -s "$BENCH_DIR/pace.lua" "$url" >"$f" 2>&1 \
            || fail "wrk failed for $name: $(cat "$f")"
    else
        wrk -t"$THREADS" -c"$CONNS" -d"${secs}s" --timeout 5s --latency "$url" >"$f" 2>&1 \
            || fail "wrk failed for $name: $(cat "$f")"
    fi
    parse_wrk "$f"
}

declare -A RPS P50 P99 HALF_RATE HALF_RPS ERRS
# measure MODE URL: warm-up, max throughput, then latency at half the max rate.
measure() {
    local mode=$1 url=$2 r
    log "$mode: warm-up ${WARMUP}s"
    run_wrk "$mode-warmup" "$url" "$WARMUP" >/dev/null
    log "$mode: max throughput ${DURATION}s, -t$THREADS -c$CONNS"
    read -r rps _ _ n2 se < <(run_wrk "$mode-max" "$url" "$DURATION")
    RPS[$mode]=$rps
    ERRS[$mode]=$((n2 + se))
    ((n2 + se == 0)) || log "WARNING: $mode: $n2 non-2xx responses, $se socket errors at max load (see $TMP/wrk-$mode-max.txt)"
    r=$(awk -v x="$rps" 'BEGIN { printf "%d", x / 2 }')
    HALF_RATE[$mode]=$r
    log "$mode: $rps req/s; latency at half load ($r req/s) ${DURATION}s"
    read -r rps p50 p99 n2 se < <(run_wrk "$mode-half" "$url" "$DURATION" "$r")
    HALF_RPS[$mode]=$rps; P50[$mode]=$p50; P99[$mode]=$p99
    ERRS[$mode]=$((ERRS[$mode] + n2 + se))
    ((n2 + se == 0)) || log "WARNING: $mode: $n2 non-2xx responses, $se socket errors at half load"
    log "$mode: p50 ${p50} ms, p99 ${p99} ms (achieved $rps req/s)"
}

# latency_at MODE URL RATE LABEL: a paced run at a given rate (for matched-rate baselines).
declare -A AT_P50 AT_P99
latency_at() {
    local mode=$1 url=$2 rate=$3 label=$4
    log "$mode at $rate req/s (baseline for $label) ${DURATION}s"
    read -r rps p50 p99 n2 se < <(run_wrk "$mode-at-$label" "$url" "$DURATION" "$rate")
    ((n2 + se == 0)) || log "WARNING: $mode at $rate req/s: $n2 non-2xx, $se socket errors"
    AT_P50[$mode/$label]=$p50; AT_P99[$mode/$label]=$p99
    log "$mode at $rate req/s: p50 $p50 ms, p99 $p99 ms (achieved $rps req/s)"
}

calc() { awk "BEGIN { printf \"%.3f\", $* }"; }
passfail() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (a <= b); print ok ? "PASS" : "FAIL" }'; }

# ---------------------------------------------------------------- handler
# Is the machine idle? CPU busy share over one second, from /proc/stat.
read -r _ a1 a2 a3 a4 a5 a6 a7 _ </proc/stat
sleep 1
read -r _ b1 b2 b3 b4 b5 b6 b7 _ </proc/stat
busy=$(( (b1 + b2 + b3 + b6 + b7) - (a1 + a2 + a3 + a6 + a7) ))
total=$(( busy + (b4 + b5) - (a4 + a5) ))
if ((total > 0 && busy * 100 / total > 15)); then
    log "WARNING: the CPUs were $((busy * 100 / total))% busy before the run: something else is running; figures will be low and noisy"
fi
log "building the handler: cc -O2"
cc -O2 -Wall -o "$TMP/handler" "$BENCH_DIR/handler/handler.c" -lpthread

free_port HANDLER_PORT
FUNCTIONS_CUSTOMHANDLER_PORT=$HANDLER_PORT "$TMP/handler" >"$TMP/handler.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$HANDLER_PORT/" 5 200 || fail "handler did not start: $(cat "$TMP/handler.log")"

# ---------------------------------------------------------------- nginx
free_port NGINX_PORT
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;
    keepalive_requests 1000000;
    upstream handler {
        server 127.0.0.1:$HANDLER_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://handler;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" >"$TMP/nginx/stdout.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NGINX_PORT/api/hello" 5 200 || fail "nginx did not start: $(cat "$TMP/nginx/error.log" "$TMP/nginx/stdout.log" 2>/dev/null)"

# ---------------------------------------------------------------- swift-nio ceiling
if [[ "${SKIP_NIO:-0}" != 1 ]]; then
    log "building bench/nio-proxy (release)"
    (cd "$BENCH_DIR/nio-proxy" && swift build -c release) >&2
    free_port NIO_PORT
    "$BENCH_DIR/nio-proxy/.build/release/nio-proxy" "$HANDLER_PORT" "$NIO_PORT" >"$TMP/nio-proxy.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$NIO_PORT/api/hello" 10 200 || fail "nio-proxy did not start: $(cat "$TMP/nio-proxy.log")"
fi

# ---------------------------------------------------------------- hearth

# start_hearth LABEL [serve args...]: starts `hearth serve` on fresh ports and data directory
# ($TMP/LABEL), sets MGMT_PORT, HTTP_PORT, TOKEN and HEARTH_PID, and deploys bench-json and bench-fwd.
start_hearth() {
    local label=$1 app
    shift
    free_port MGMT_PORT
    free_port HTTP_PORT
    log "starting $HEARTH_BIN serve $* (management :$MGMT_PORT, http :$HTTP_PORT)"
    "$HEARTH_BIN" serve --data-dir "$TMP/$label" --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" \
        --log-level "$HEARTH_LOG_LEVEL" ${HEARTH_SERVE_ARGS:-} "$@" >"$TMP/$label.log" 2>&1 &
    HEARTH_PID=$!
    PIDS+=("$HEARTH_PID")
    TOKEN=""
    for _ in $(seq 1 300); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label.log" 2>/dev/null | head -n1 || true)
        [[ -n "$TOKEN" ]] && break
        kill -0 "$HEARTH_PID" 2>/dev/null || fail "hearth exited: $(cat "$TMP/$label.log")"
        sleep 0.1
    done
    [[ -n "$TOKEN" ]] || fail "no admin token (hth_...) in the hearth log after 30 s: $(cat "$TMP/$label.log")"
    wait_http "http://127.0.0.1:$MGMT_PORT/api/health" 30 200 || fail "management API not up: $(cat "$TMP/$label.log")"
    wait_http "http://127.0.0.1:$HTTP_PORT/" 30 || fail "function host not up: $(cat "$TMP/$label.log")"
    api POST /api/tenants -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null
    [[ -f "$TMP/apps/bench-json.zip" ]] || make_app "$TMP/apps/bench-json" false
    [[ -f "$TMP/apps/bench-fwd.zip" ]] || make_app "$TMP/apps/bench-fwd" true
    for app in bench-json bench-fwd; do
        api POST /api/apps -H 'Content-Type: application/json' -d "{\"name\":\"$app\",\"tenant\":\"bench\"}" >/dev/null
        deploy "$app" "$TMP/apps/$app.zip" >"$TMP/deploy-$label-$app.json"
        log "deployed $app: $(head -c 300 "$TMP/deploy-$label-$app.json")"
    done
    check_app bench-json
    check_app bench-fwd
}

# stop_hearth: SIGTERM to the running hearth; waits up to 30 s.
stop_hearth() {
    kill -TERM "$HEARTH_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$HEARTH_PID" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$HEARTH_PID" 2>/dev/null || true
}

if [[ "$SKIP_HEARTH" != 1 ]]; then
    if [[ -z "${HEARTH_BIN:-}" ]]; then
        log "building Hearth: swift build -c release --product hearth (takes minutes)"
        (cd "$REPO" && swift build -c release --product hearth) >&2
        HEARTH_BIN="$(cd "$REPO" && swift build -c release --show-bin-path)/hearth"
    fi
    [[ -x "$HEARTH_BIN" ]] || fail "hearth binary not found at $HEARTH_BIN"
    start_hearth hearth
    HEARTH_VERSION=$("$HEARTH_BIN" --version 2>/dev/null || echo unknown)
fi

# ---------------------------------------------------------------- measurements
DIRECT_URL="http://127.0.0.1:$HANDLER_PORT/api/hello"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/api/hello"
measure direct "$DIRECT_URL"
measure nginx "$NGINX_URL"
[[ "${SKIP_NIO:-0}" == 1 ]] || measure swift-nio "http://127.0.0.1:$NIO_PORT/api/hello"
if [[ "$SKIP_HEARTH" != 1 ]]; then
    FWD_URL="http://127.0.0.1:$HTTP_PORT/_app/bench-fwd/api/hello"
    JSON_URL="http://127.0.0.1:$HTTP_PORT/_app/bench-json/api/hello"
    measure hearth-fwd "$FWD_URL"
    measure hearth-json "$JSON_URL"
    # Added latency is measured against direct (and nginx, for reference) at the
    # same offered rate as each Hearth mode's half-load run.
    for m in hearth-fwd hearth-json; do
        latency_at direct "$DIRECT_URL" "${HALF_RATE[$m]}" "$m"
        latency_at nginx "$NGINX_URL" "${HALF_RATE[$m]}" "$m"
    done

    # ------------------------------------------------------------ cold start
    # Deploy with curl; then probe from this shell over bash's /dev/tcp (no
    # process start inside the timed window), timestamps from $EPOCHREALTIME.
    ms_of() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); } # µs -> "ms.mmm"
    probe() { # probe PATH: one GET with Connection: close; sets PROBE_CODE, PROBE_US, PROBE_END (µs)
        local t0=${EPOCHREALTIME/[.,]/} line=""
        PROBE_CODE=000
        if exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT"; then
            printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$1" "$HTTP_PORT" >&3
            if read -r -t 30 line <&3; then
                line=${line#* }
                PROBE_CODE=${line%% *}
            fi
            exec 3<&-
        fi 2>/dev/null
        PROBE_END=${EPOCHREALTIME/[.,]/}
        PROBE_US=$((PROBE_END - t0))
    }
    COLD_MS=(); FIRST_MS=(); FIRST_CODES=(); ATTEMPTS=(); DEPLOY_MS=()
    for i in $(seq 1 "$COLD_RUNS"); do
        app="bench-cold-$i-$$"
        api POST /api/apps -H 'Content-Type: application/json' -d "{\"name\":\"$app\",\"tenant\":\"bench\"}" >/dev/null
        cp "$TMP/apps/bench-json.zip" "$TMP/apps/$app.zip"
        path="/_app/$app/api/hello"
        res=$(curl -sS -o "$TMP/deploy-$app.json" -w '%{http_code} %{time_total}' -X POST -H "Authorization: Bearer $TOKEN" \
            -H 'Content-Type: application/zip' --data-binary "@$TMP/apps/$app.zip" "http://127.0.0.1:$MGMT_PORT/api/apps/$app/deployments")
        t0=${EPOCHREALTIME/[.,]/}
        read -r code tt <<<"$res"
        [[ "$code" == 2* ]] || fail "deploy of $app -> HTTP $code: $(cat "$TMP/deploy-$app.json")"
        n=0
        while :; do
            n=$((n + 1))
            probe "$path"
            if ((n == 1)); then FIRST_MS+=("$(ms_of "$PROBE_US")"); FIRST_CODES+=("$PROBE_CODE"); fi
            if [[ "$PROBE_CODE" == 200 ]]; then t1=$PROBE_END; break; fi
            ((${EPOCHREALTIME/[.,]/} - t0 < 30000000)) || fail "cold start: $app gave no 200 within 30 s (last status $PROBE_CODE)"
        done
        COLD_MS+=("$(ms_of $((t1 - t0)))"); ATTEMPTS+=("$n"); DEPLOY_MS+=("$(calc "$tt * 1000")")
        log "cold start $i ($app): deploy took ${DEPLOY_MS[-1]} ms; first 200 ${COLD_MS[-1]} ms after the deploy response, $n request(s); first request ${FIRST_MS[-1]} ms (HTTP ${FIRST_CODES[-1]})"
        api DELETE "/api/apps/$app" >/dev/null || true
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
    COLD_MEDIAN=$(median "${COLD_MS[@]}")
    FIRST_MEDIAN=$(median "${FIRST_MS[@]}")

    # ------------------------------------------------------------ the general path, for comparison
    # The same two apps on a second Hearth started with --no-fast-path: every request goes through
    # Hummingbird's async responder (a task per request), as all did before the fast path existed.
    if [[ "${SKIP_GENERAL:-0}" != 1 ]]; then
        stop_hearth
        start_hearth hearth-general --no-fast-path
        measure general-fwd "http://127.0.0.1:$HTTP_PORT/_app/bench-fwd/api/hello"
        measure general-json "http://127.0.0.1:$HTTP_PORT/_app/bench-json/api/hello"
    fi
fi

# ---------------------------------------------------------------- report
mkdir -p "$OUT_DIR"
{
    echo
    echo "Hearth benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(nproc) CPUs, wrk -t$THREADS -c$CONNS -d${DURATION}s, half load paced with bench/pace.lua"
    echo
    printf '%-12s %12s %14s %10s %10s\n' mode "max req/s" "half-load r/s" "p50 ms" "p99 ms"
    for m in direct nginx swift-nio hearth-fwd hearth-json general-fwd general-json; do
        [[ -n "${RPS[$m]:-}" ]] || continue
        printf '%-12s %12.0f %14.0f %10.3f %10.3f\n' "$m" "${RPS[$m]}" "${HALF_RPS[$m]}" "${P50[$m]}" "${P99[$m]}"
    done
    echo
    printf 'nginx / direct throughput: %s (what one proxy hop costs here)\n' "$(calc "${RPS[nginx]} / ${RPS[direct]}")"
    [[ -z "${RPS[swift-nio]:-}" ]] || printf 'swift-nio / nginx throughput: %s (the ceiling for a proxy hop written in Swift)\n' "$(calc "${RPS[swift-nio]} / ${RPS[nginx]}")"
    [[ -z "${RPS[general-fwd]:-}" ]] || printf 'fast path / general path throughput: %s forwarding, %s JSON payload (general-*: hearth serve --no-fast-path)\n' \
        "$(calc "${RPS[hearth-fwd]} / ${RPS[general-fwd]}")" "$(calc "${RPS[hearth-json]} / ${RPS[general-json]}")"
} | tee "$OUT_DIR/report.txt"

if [[ "$SKIP_HEARTH" != 1 ]]; then
    RATIO_FWD=$(calc "${RPS[hearth-fwd]} / ${RPS[nginx]}")
    RATIO_JSON=$(calc "${RPS[hearth-json]} / ${RPS[nginx]}")
    ADD_FWD=$(calc "${P99[hearth-fwd]} - ${AT_P99[direct/hearth-fwd]}")
    ADD_JSON=$(calc "${P99[hearth-json]} - ${AT_P99[direct/hearth-json]}")
    NGX_ADD_FWD=$(calc "${AT_P99[nginx/hearth-fwd]} - ${AT_P99[direct/hearth-fwd]}")
    NGX_ADD_JSON=$(calc "${AT_P99[nginx/hearth-json]} - ${AT_P99[direct/hearth-json]}")
    V_RF=$(passfail "$RATIO_FWD" ">=" "$TARGET_RATIO_FWD")
    V_RJ=$(passfail "$RATIO_JSON" ">=" "$TARGET_RATIO_JSON")
    V_AF=$(passfail "$ADD_FWD" "<=" "$TARGET_ADDED_P99_MS")
    V_AJ=$(passfail "$ADD_JSON" "<=" "$TARGET_ADDED_P99_MS")
    V_CS=$(passfail "$COLD_MEDIAN" "<=" "$TARGET_COLD_MS")
    {
        echo
        printf '%-44s %10s %10s %s\n' check value target verdict
        printf '%-44s %10s %10s %s\n' "Hearth/nginx req/s, forwarding" "$RATIO_FWD" ">= $TARGET_RATIO_FWD" "$V_RF"
        printf '%-44s %10s %10s %s\n' "Hearth/nginx req/s, JSON payload" "$RATIO_JSON" ">= $TARGET_RATIO_JSON" "$V_RJ"
        printf '%-44s %10s %10s %s\n' "added p99 ms, forwarding (@${HALF_RATE[hearth-fwd]} r/s)" "$ADD_FWD" "<= $TARGET_ADDED_P99_MS" "$V_AF"
        printf '%-44s %10s %10s %s\n' "added p99 ms, JSON payload (@${HALF_RATE[hearth-json]} r/s)" "$ADD_JSON" "<= $TARGET_ADDED_P99_MS" "$V_AJ"
        printf '%-44s %10s %10s %s\n' "cold start ms (median of $COLD_RUNS)" "$COLD_MEDIAN" "<= $TARGET_COLD_MS" "$V_CS"
        echo
        printf 'baselines at the same rates: direct p99 %s / %s ms, nginx p99 %s / %s ms (nginx adds %s / %s ms) [fwd / json rate]\n' \
            "${AT_P99[direct/hearth-fwd]}" "${AT_P99[direct/hearth-json]}" "${AT_P99[nginx/hearth-fwd]}" "${AT_P99[nginx/hearth-json]}" "$NGX_ADD_FWD" "$NGX_ADD_JSON"
        printf 'cold start runs (deploy response -> first 200, ms): %s\n' "${COLD_MS[*]}"
        printf 'first request latency (ms, HTTP status): %s\n' "$(for k in "${!FIRST_MS[@]}"; do printf '%s(%s) ' "${FIRST_MS[$k]}" "${FIRST_CODES[$k]}"; done)"
        printf 'requests until the first 200: %s\n' "${ATTEMPTS[*]}"
        printf 'deploy request durations (ms): %s\n' "${DEPLOY_MS[*]}"
    } | tee -a "$OUT_DIR/report.txt"
fi

# JSON
{
    jnum() { [[ -n "${1:-}" ]] && printf '%s' "$1" || printf 'null'; }
    jarr() { local IFS=,; printf '[%s]' "$*"; }
    printf '{\n'
    printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "machine": {"cpus": %d, "kernel": "%s"},\n' "$(nproc)" "$(uname -r)"
    printf '  "tools": {"wrk": "%s", "nginx": "%s", "hearth": "%s", "git": "%s"},\n' \
        "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')" "$(nginx -v 2>&1 | sed 's/.*nginx\///')" "${HEARTH_VERSION:-skipped}" \
        "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf '  "settings": {"duration_s": %d, "warmup_s": %d, "connections": %d, "threads": %d, "half_load": "wrk + bench/pace.lua at half each mode max req/s"},\n' \
        "$DURATION" "$WARMUP" "$CONNS" "$THREADS"
    printf '  "modes": {\n'
    first=1
    for m in direct nginx swift-nio hearth-fwd hearth-json general-fwd general-json; do
        [[ -n "${RPS[$m]:-}" ]] || continue
        ((first)) || printf ',\n'
        first=0
        printf '    "%s": {"rps": %s, "half_load_rate": %s, "half_load_rps": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s}' \
            "$m" "${RPS[$m]}" "${HALF_RATE[$m]}" "${HALF_RPS[$m]}" "${P50[$m]}" "${P99[$m]}" "${ERRS[$m]}"
    done
    printf '\n  },\n'
    printf '  "nginx_over_direct": %s' "$(calc "${RPS[nginx]} / ${RPS[direct]}")"
    if [[ "$SKIP_HEARTH" != 1 ]]; then
        printf ',\n  "baselines_at_hearth_half_rate": {"hearth-fwd": {"rate": %s, "direct_p50_ms": %s, "direct_p99_ms": %s, "nginx_p50_ms": %s, "nginx_p99_ms": %s}, "hearth-json": {"rate": %s, "direct_p50_ms": %s, "direct_p99_ms": %s, "nginx_p50_ms": %s, "nginx_p99_ms": %s}},\n' \
            "${HALF_RATE[hearth-fwd]}" "${AT_P50[direct/hearth-fwd]}" "${AT_P99[direct/hearth-fwd]}" "${AT_P50[nginx/hearth-fwd]}" "${AT_P99[nginx/hearth-fwd]}" \
            "${HALF_RATE[hearth-json]}" "${AT_P50[direct/hearth-json]}" "${AT_P99[direct/hearth-json]}" "${AT_P50[nginx/hearth-json]}" "${AT_P99[nginx/hearth-json]}"
        printf '  "cold_start": {"median_ms": %s, "runs_ms": %s, "first_request_ms": %s, "first_request_status": %s, "first_request_median_ms": %s, "requests_until_200": %s, "deploy_request_ms": %s},\n' \
            "$COLD_MEDIAN" "$(jarr "${COLD_MS[@]}")" "$(jarr "${FIRST_MS[@]}")" "$(jarr "${FIRST_CODES[@]}")" "$FIRST_MEDIAN" "$(jarr "${ATTEMPTS[@]}")" "$(jarr "${DEPLOY_MS[@]}")"
        printf '  "checks": {\n'
        printf '    "ratio_fwd": {"value": %s, "target": ">= %s", "verdict": "%s"},\n' "$RATIO_FWD" "$TARGET_RATIO_FWD" "$V_RF"
        printf '    "ratio_json": {"value": %s, "target": ">= %s", "verdict": "%s"},\n' "$RATIO_JSON" "$TARGET_RATIO_JSON" "$V_RJ"
        printf '    "added_p99_fwd_ms": {"value": %s, "target": "<= %s", "verdict": "%s"},\n' "$ADD_FWD" "$TARGET_ADDED_P99_MS" "$V_AF"
        printf '    "added_p99_json_ms": {"value": %s, "target": "<= %s", "verdict": "%s"},\n' "$ADD_JSON" "$TARGET_ADDED_P99_MS" "$V_AJ"
        printf '    "cold_start_ms": {"value": %s, "target": "<= %s", "verdict": "%s"}\n' "$COLD_MEDIAN" "$TARGET_COLD_MS" "$V_CS"
        printf '  }\n'
    else
        printf '\n'
    fi
    printf '}\n'
} >"$OUT_DIR/results.json"
log "wrote $OUT_DIR/results.json and $OUT_DIR/report.txt"
