#!/usr/bin/env bash
# bench/run.sh — one run of Hearth's HTTP performance benchmark on this machine.
#
# Serves the same compiled custom handler (bench/handler/handler.c) several ways, each a "row":
#   direct        wrk -> handler
#   nginx         wrk -> nginx (keep-alive reverse proxy) -> handler   (what one proxy hop costs here)
#   swift-nio     wrk -> bench/nio-proxy (a bare SwiftNIO proxy: the ceiling for a hop written in Swift) -> handler
#   go-proxy      wrk -> ../shared/bench/go-proxy (a Go net/http proxy like OpenFaaS's of-watchdog) -> handler
#   hearth-fwd    wrk -> hearth worker -> handler, enableForwardingHttpRequest: true
#   hearth-json   wrk -> hearth worker -> handler, JSON custom-handler payload
#   general-fwd / general-json   the same on a second hearth started with --no-fast-path
#   hearth-fwd-base / hearth-json-base   hearth-fwd and hearth-json on BASELINE_BIN (when set)
# The rows run interleaved: ROUNDS rounds, each measuring every row once in turn (max throughput,
# then latency at a fixed paced RATE), so load drift on the machine hits all rows alike. Prints the
# median and range (min–max) over the rounds of every figure, issue #16's ratios computed on the
# medians (Hearth against swift-nio and go-proxy, p99 added over direct at RATE), and cold start after
# deploy; writes the same to bench/out/report.txt and bench/out/results.json. See bench/README.md.
#
# Environment (all optional):
#   HEARTH_BIN=path    use this hearth binary instead of `swift build -c release --product hearth`
#   BASELINE_BIN=path  a second hearth binary (e.g. main's release build) served beside HEARTH_BIN, its
#                      rows hearth-fwd-base and hearth-json-base in the same rounds; prints the ratios
#                      HEARTH_BIN / BASELINE_BIN (max req/s, p50 and p99 at RATE) with their per-round ranges
#   ROUNDS=5           interleaved rounds                  RATE=5000  req/s offered in the paced runs
#   DURATION=10        seconds per measured wrk run        WARMUP=3   seconds of warm-up per row, once
#   CONNS=64           wrk connections                     THREADS=2  wrk threads
#   COLD_RUNS=5        deploys for the cold-start median
#   SKIP_HEARTH=1      leave out every Hearth row (no Swift build of Hearth)
#   SKIP_GENERAL=1     leave out the general-fwd/general-json rows (the second hearth, --no-fast-path)
#   SKIP_NIO=1         leave out the swift-nio row (bench/nio-proxy, built on first use)
#   SKIP_GO=1          leave out the go-proxy row
#   GO_PROXY_SRC=dir   the go-proxy source (default: ../shared/bench/go-proxy beside the repository);
#                      built offline with Debian's golang-go (standard library only) into the scratch dir
#   HEARTH_LOG_LEVEL=info   --log-level passed to hearth serve
#   HEARTH_SERVE_ARGS="--shared-network"   more `hearth serve` options (e.g. the network baseline)
#   KEEP_TMP=1         keep the scratch directory (logs, configs, every wrk output) after the run
# Missing tools (wrk, nginx, go, ...) are installed with apt-get when running as root.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
OUT_DIR=$BENCH_DIR/out

ROUNDS=${ROUNDS:-5}
RATE=${RATE:-5000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
COLD_RUNS=${COLD_RUNS:-5}
SKIP_HEARTH=${SKIP_HEARTH:-0}
SKIP_GENERAL=${SKIP_GENERAL:-0}
SKIP_NIO=${SKIP_NIO:-0}
SKIP_GO=${SKIP_GO:-0}
GO_PROXY_SRC=${GO_PROXY_SRC:-$REPO/../shared/bench/go-proxy}
HEARTH_LOG_LEVEL=${HEARTH_LOG_LEVEL:-info}
KEEP_TMP=${KEEP_TMP:-0}

# Targets (issue #16), all on the medians over the rounds.
TARGET_FWD_OVER_NIO=0.9
TARGET_FWD_OVER_GO=1.1
TARGET_JSON_OVER_NIO=0.75
TARGET_JSON_OVER_GO=0.9
TARGET_ADDED_P99_MS=1
TARGET_COLD_MS=50

source "$BENCH_DIR/lib.sh"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || fail "ROUNDS must be a whole number >= 1 (got '$ROUNDS'); issue #16 asks for at least 5"
[[ "$RATE" =~ ^[1-9][0-9]*$ ]] || fail "RATE must be a whole number of req/s (got '$RATE')"

# ---------------------------------------------------------------- tools
tools=(wrk=wrk nginx=nginx cc=gcc zip=zip curl=curl awk=mawk)
[[ "$SKIP_GO" == 1 ]] || tools+=(go=golang-go)
need_tools "${tools[@]}"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- scratch + cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-bench.XXXXXX")
PIDS=()           # processes this script started, killed on exit
HEARTH_PIDS=()    # the hearth processes among them

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
            [[ " ${HEARTH_PIDS[*]} " == *" $pid "* ]] && log "WARNING: hearth (pid $pid) still running 30 s after SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if ((${#HEARTH_PIDS[@]})) && ((waited < 300)); then log "hearth exited $((waited / 10)).$((waited % 10)) s after SIGTERM"; fi
    # handlers Hearth started run from its data directories inside $TMP; any left
    # after Hearth exited are reported (a Hearth bug) and stopped by their pid.
    local p exe
    for p in /proc/[0-9]*; do
        exe=$(readlink "$p/exe" 2>/dev/null || true)
        if [[ -n "$exe" && "$exe" == "$TMP"/hearth*/* ]]; then
            log "WARNING: handler pid ${p#/proc/} ($exe) still running after hearth exited; killing it"
            kill -KILL "${p#/proc/}" 2>/dev/null || true
        fi
    done
    if ((rc != 0)); then
        mkdir -p "$OUT_DIR"
        for f in hearth.log hearth-general.log hearth-base.log nginx/error.log go-proxy.log; do
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

# parse_wrk (lib.sh) reads a wrk --latency output.

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

calc() { awk "BEGIN { printf \"%.3f\", $* }"; }
passfail() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (a <= b); print ok ? "PASS" : "FAIL" }'; }

# ---------------------------------------------------------------- rows and rounds
ROWS=()                   # row names, in the order of the first round
declare -A URL            # URL[row]
declare -A RUNS           # RUNS[row/metric]: one value per round, in round order; metric: max p50 p99 rate
declare -A ERRS           # ERRS[row]: non-2xx responses + socket errors over all its runs
add_row() { ROWS+=("$1"); URL[$1]=$2; ERRS[$1]=0; }
record() { RUNS[$1/$2]+="${RUNS[$1/$2]:+ }$3"; }
has_row() { [[ -n "${URL[$1]:-}" ]]; }
# row_stat ROW METRIC: "median min max" over the rounds.
row_stat() { stats ${RUNS[$1/$2]}; }
med() { local m _; read -r m _ < <(row_stat "$1" "$2"); printf '%s' "$m"; }
# per_round OP ROW_A ROW_B METRIC: the per-round A/B (OP /) or A-B (OP -), space-separated.
per_round() {
    awk -v a="${RUNS[$2/$4]}" -v b="${RUNS[$3/$4]}" -v op="$1" \
        'BEGIN { n = split(a, x, " "); split(b, y, " "); for (i = 1; i <= n; i++) printf "%.3f ", (op == "/") ? x[i] / y[i] : x[i] - y[i] }'
}
count_errors() { # count_errors ROW WHAT N2XX SOCKET_ERRORS
    ERRS[$1]=$((ERRS[$1] + $3 + $4))
    (($3 + $4 == 0)) || log "WARNING: $1: $3 non-2xx responses, $4 socket errors $2 (see $TMP/wrk-*)"
}
max_run() { # max_run ROW ROUND: unpaced wrk, max throughput
    local rps n2 se
    run_wrk "$1-max-r$2" "${URL[$1]}" "$DURATION" >"$TMP/parsed" # not in a subshell: a failing wrk stops the script
    read -r rps _ _ n2 se <"$TMP/parsed"
    record "$1" max "$rps"
    count_errors "$1" "at max load, round $2" "$n2" "$se"
    log "round $2 $1: max $rps req/s"
}
paced_run() { # paced_run ROW ROUND: wrk paced at RATE, latency
    local rps p50 p99 n2 se
    run_wrk "$1-rate-r$2" "${URL[$1]}" "$DURATION" "$RATE" >"$TMP/parsed"
    read -r rps p50 p99 n2 se <"$TMP/parsed"
    record "$1" rate "$rps"; record "$1" p50 "$p50"; record "$1" p99 "$p99"
    count_errors "$1" "at $RATE req/s, round $2" "$n2" "$se"
    log "round $2 $1: at $RATE req/s p50 $p50 ms, p99 $p99 ms (achieved $rps req/s)"
}

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
if [[ "$SKIP_NIO" != 1 ]]; then
    log "building bench/nio-proxy (release)"
    (cd "$BENCH_DIR/nio-proxy" && swift build -c release) >&2
    free_port NIO_PORT
    "$BENCH_DIR/nio-proxy/.build/release/nio-proxy" "$HANDLER_PORT" "$NIO_PORT" >"$TMP/nio-proxy.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$NIO_PORT/api/hello" 10 200 || fail "nio-proxy did not start: $(cat "$TMP/nio-proxy.log")"
fi

# ---------------------------------------------------------------- go-proxy
# The Go peer of issue #16, fixed in ../shared so every measurement compares against the same code.
# Standard library only (go.mod has no requirements): built offline, GOPROXY=off, into the scratch dir.
if [[ "$SKIP_GO" != 1 ]]; then
    [[ -f "$GO_PROXY_SRC/main.go" && -f "$GO_PROXY_SRC/go.mod" ]] \
        || fail "no go-proxy source (main.go, go.mod) in $GO_PROXY_SRC; set GO_PROXY_SRC to its directory, or SKIP_GO=1"
    GO_PROXY_SRC=$(cd "$GO_PROXY_SRC" && pwd)
    GO_VERSION=$(go version | awk '{ print $3 }')
    log "building go-proxy from $GO_PROXY_SRC ($GO_VERSION)"
    cp -R "$GO_PROXY_SRC" "$TMP/go-proxy-src"
    chmod -R u+w "$TMP/go-proxy-src"
    (cd "$TMP/go-proxy-src" && GOPROXY=off GOFLAGS=-mod=readonly go build -trimpath -o "$TMP/go-proxy" .) >&2 \
        || fail "go build of $GO_PROXY_SRC failed (offline, standard library only)"
    free_port GO_PORT
    "$TMP/go-proxy" "127.0.0.1:$GO_PORT" "http://127.0.0.1:$HANDLER_PORT" >"$TMP/go-proxy.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:$GO_PORT/api/hello" 10 200 || fail "go-proxy did not start: $(cat "$TMP/go-proxy.log")"
fi

# ---------------------------------------------------------------- hearth

# start_hearth LABEL [serve args...]: starts `hearth serve` on fresh ports and data directory
# ($TMP/LABEL), sets MGMT_PORT, HTTP_PORT and TOKEN, and deploys bench-json and bench-fwd.
start_hearth() {
    local label=$1 app pid
    shift
    free_port MGMT_PORT
    free_port HTTP_PORT
    log "starting $HEARTH_BIN serve $* (management :$MGMT_PORT, http :$HTTP_PORT)"
    "$HEARTH_BIN" serve --data-dir "$TMP/$label" --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" \
        --log-level "$HEARTH_LOG_LEVEL" ${HEARTH_SERVE_ARGS:-} "$@" >"$TMP/$label.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    HEARTH_PIDS+=("$pid")
    TOKEN=""
    for _ in $(seq 1 300); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label.log" 2>/dev/null | head -n1 || true)
        [[ -n "$TOKEN" ]] && break
        kill -0 "$pid" 2>/dev/null || fail "hearth exited: $(cat "$TMP/$label.log")"
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

add_row direct "http://127.0.0.1:$HANDLER_PORT/api/hello"
add_row nginx "http://127.0.0.1:$NGINX_PORT/api/hello"
[[ "$SKIP_NIO" == 1 ]] || add_row swift-nio "http://127.0.0.1:$NIO_PORT/api/hello"
[[ "$SKIP_GO" == 1 ]] || add_row go-proxy "http://127.0.0.1:$GO_PORT/api/hello"
if [[ "$SKIP_HEARTH" != 1 ]]; then
    if [[ -z "${HEARTH_BIN:-}" ]]; then
        log "building Hearth: swift build -c release --product hearth (takes minutes)"
        (cd "$REPO" && swift build -c release --product hearth) >&2
        HEARTH_BIN="$(cd "$REPO" && swift build -c release --show-bin-path)/hearth"
    fi
    [[ -x "$HEARTH_BIN" ]] || fail "hearth binary not found at $HEARTH_BIN"
    HEARTH_VERSION=$("$HEARTH_BIN" --version 2>/dev/null || echo unknown)
    # The general path (every request through Hummingbird's async responder, a task per request, as
    # before the fast path existed) runs in a second hearth beside the first, so its rows interleave
    # with the others too; it idles while the other rows run.
    if [[ "$SKIP_GENERAL" != 1 ]]; then
        start_hearth hearth-general --no-fast-path
        GENERAL_HTTP_PORT=$HTTP_PORT
    fi
    # The before build beside the after build, so both are measured in the same rounds.
    if [[ -n "${BASELINE_BIN:-}" ]]; then
        [[ -x "$BASELINE_BIN" ]] || fail "BASELINE_BIN=$BASELINE_BIN is not an executable; give the path of a hearth binary"
        BASELINE_VERSION=$("$BASELINE_BIN" --version 2>/dev/null || echo unknown)
        HEARTH_BIN=$BASELINE_BIN start_hearth hearth-base
        BASE_HTTP_PORT=$HTTP_PORT
    fi
    start_hearth hearth   # last: MGMT_PORT, HTTP_PORT and TOKEN stay this one's, for the cold starts
    add_row hearth-fwd "http://127.0.0.1:$HTTP_PORT/_app/bench-fwd/api/hello"
    add_row hearth-json "http://127.0.0.1:$HTTP_PORT/_app/bench-json/api/hello"
    if [[ "$SKIP_GENERAL" != 1 ]]; then
        add_row general-fwd "http://127.0.0.1:$GENERAL_HTTP_PORT/_app/bench-fwd/api/hello"
        add_row general-json "http://127.0.0.1:$GENERAL_HTTP_PORT/_app/bench-json/api/hello"
    fi
    if [[ -n "${BASELINE_BIN:-}" ]]; then
        add_row hearth-fwd-base "http://127.0.0.1:$BASE_HTTP_PORT/_app/bench-fwd/api/hello"
        add_row hearth-json-base "http://127.0.0.1:$BASE_HTTP_PORT/_app/bench-json/api/hello"
    fi
fi

# ---------------------------------------------------------------- measurements
# Round r measures every row once: first each row's max throughput, then each row at RATE, in the
# row order rotated by r - 1 (no row always runs right after the same neighbour).
log "rows: ${ROWS[*]}; $ROUNDS rounds of ${DURATION}s runs: about $(( (${#ROWS[@]} * (2 * DURATION * ROUNDS + WARMUP)) / 60 + 1 )) minutes"
for row in "${ROWS[@]}"; do
    log "$row: warm-up ${WARMUP}s"
    run_wrk "$row-warmup" "${URL[$row]}" "$WARMUP" >/dev/null
done
for ((round = 1; round <= ROUNDS; round++)); do
    k=$(((round - 1) % ${#ROWS[@]}))
    order=("${ROWS[@]:k}" "${ROWS[@]:0:k}")
    log "round $round of $ROUNDS: ${order[*]}"
    for row in "${order[@]}"; do max_run "$row" "$round"; done
    for row in "${order[@]}"; do paced_run "$row" "$round"; done
done

if [[ "$SKIP_HEARTH" != 1 ]]; then
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
    COLD_MEDIAN=$(median "${COLD_MS[@]}")
    FIRST_MEDIAN=$(median "${FIRST_MS[@]}")
fi

# ---------------------------------------------------------------- report
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# fmt_stat ROW METRIC FORMAT: "median (min–max)" with FORMAT for each number.
fmt_stat() {
    local m lo hi
    read -r m lo hi < <(row_stat "$1" "$2")
    printf "$3 ($3–$3)" "$m" "$lo" "$hi"
}
CHECKS=()        # lines of the checks table
CHECKS_JSON=()   # the same as JSON members
# check KEY LABEL VALUE "PER-ROUND VALUES" OP TARGET ROWS: one line of the checks table; without OP
# the line is a reference (no target).
check() {
    local key=$1 label=$2 value=$3 rounds=$4 op=$5 target=$6 rows=$7 lo hi verdict=reference want=""
    read -r _ lo hi < <(stats $rounds)
    if [[ -n "$op" ]]; then verdict=$(passfail "$value" "$op" "$target"); want="$op $target"; fi
    CHECKS+=("$(printf '%-46s %9s %21s %8s  %s' "$label" "$value" "$lo – $hi" "$want" "$verdict")")
    CHECKS_JSON+=("$(printf '    "%s": {"value": %s, "range": [%s, %s], "target": "%s", "verdict": "%s", "of": "%s"}' \
        "$key" "$value" "$lo" "$hi" "$want" "$verdict" "$rows")")
}
ratio_check() { # ratio_check KEY A B TARGET: median max req/s of A over B's
    check "$1" "$2 / $3 max req/s" "$(calc "$(med "$2" max) / $(med "$3" max)")" "$(per_round / "$2" "$3" max)" \
        "${4:+>=}" "${4:-}" "$2 max req/s / $3 max req/s, medians over $ROUNDS rounds"
}
latency_ratio() { # latency_ratio KEY A B METRIC(p50|p99): median latency at RATE of A over B's (a reference)
    check "$1" "$2 / $3 $4 @$RATE r/s" "$(calc "$(med "$2" "$4") / $(med "$3" "$4")")" "$(per_round / "$2" "$3" "$4")" \
        "" "" "$2 $4 / $3 $4 at $RATE req/s, medians over $ROUNDS rounds"
}
added_check() { # added_check KEY ROW [TARGET]: median p99 at RATE of ROW minus direct's
    check "$1" "p99 ms added @$RATE r/s: $2 - direct" "$(calc "$(med "$2" p99) - $(med direct p99)")" \
        "$(per_round - "$2" direct p99)" "${3:+<=}" "${3:-}" "$2 p99 - direct p99 at $RATE req/s, medians over $ROUNDS rounds"
}
if [[ "$SKIP_HEARTH" != 1 ]]; then
    has_row swift-nio && ratio_check fwd_over_swift_nio hearth-fwd swift-nio "$TARGET_FWD_OVER_NIO"
    has_row go-proxy && ratio_check fwd_over_go_proxy hearth-fwd go-proxy "$TARGET_FWD_OVER_GO"
    has_row swift-nio && ratio_check json_over_swift_nio hearth-json swift-nio "$TARGET_JSON_OVER_NIO"
    has_row go-proxy && ratio_check json_over_go_proxy hearth-json go-proxy "$TARGET_JSON_OVER_GO"
    added_check added_p99_fwd_ms hearth-fwd "$TARGET_ADDED_P99_MS"
    added_check added_p99_json_ms hearth-json "$TARGET_ADDED_P99_MS"
fi
for row in swift-nio go-proxy nginx; do has_row "$row" && added_check "added_p99_${row//-/_}_ms" "$row"; done
if [[ "$SKIP_HEARTH" != 1 ]]; then
    check cold_start_ms "cold start ms (median of $COLD_RUNS)" "$COLD_MEDIAN" "${COLD_MS[*]}" "<=" "$TARGET_COLD_MS" \
        "deploy response -> first 200, $COLD_RUNS deploys"
fi
has_row swift-nio && has_row go-proxy && ratio_check go_proxy_over_swift_nio go-proxy swift-nio
ratio_check nginx_over_direct nginx direct
if has_row general-fwd; then
    ratio_check fast_over_general_fwd hearth-fwd general-fwd
    ratio_check fast_over_general_json hearth-json general-json
fi
# After (HEARTH_BIN) over before (BASELINE_BIN): above 1 is better for max req/s, below 1 for latency.
if has_row hearth-fwd-base; then
    for kind in fwd json; do
        ratio_check "after_over_before_${kind}_max" "hearth-$kind" "hearth-$kind-base"
        for metric in p50 p99; do latency_ratio "after_over_before_${kind}_$metric" "hearth-$kind" "hearth-$kind-base" "$metric"; done
    done
fi

mkdir -p "$OUT_DIR"
{
    echo
    echo "Hearth benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(nproc) CPUs, load average $LOAD_BEFORE at the start, $LOAD_AFTER at the end"
    echo "wrk -t$THREADS -c$CONNS, $ROUNDS interleaved rounds of ${DURATION}s runs; latency at a fixed $RATE req/s paced with bench/pace.lua"
    echo "median (min–max) over the rounds"
    if [[ -n "${BASELINE_BIN:-}" ]]; then
        echo "after: $HEARTH_BIN ($HEARTH_VERSION); before, rows *-base: $BASELINE_BIN ($BASELINE_VERSION)"
    fi
    echo
    printf '%-16s %26s %26s %26s %10s %7s\n' mode "max req/s" "p50 ms @$RATE" "p99 ms @$RATE" "achieved" errors
    for row in "${ROWS[@]}"; do
        printf '%-16s %28s %28s %28s %10.0f %7d\n' "$row" "$(fmt_stat "$row" max %.0f)" "$(fmt_stat "$row" p50 %.3f)" \
            "$(fmt_stat "$row" p99 %.3f)" "$(med "$row" rate)" "${ERRS[$row]}"
    done
    for row in "${ROWS[@]}"; do
        [[ $(passfail "$(med "$row" rate)" ">=" "$(calc "$RATE * 0.95")") == PASS ]] \
            || printf 'note: %s reached only %.0f of the %s req/s offered (median): its latency is at the rate it reached\n' "$row" "$(med "$row" rate)" "$RATE"
    done
    echo
    printf '%-46s %9s %19s %8s  %s\n' "check (on the medians)" value "per-round range" target verdict
    printf '%s\n' "${CHECKS[@]}"
    if [[ "$SKIP_HEARTH" != 1 ]]; then
        echo
        printf 'cold start runs (deploy response -> first 200, ms): %s\n' "${COLD_MS[*]}"
        printf 'first request latency (ms, HTTP status): %s\n' "$(for k in "${!FIRST_MS[@]}"; do printf '%s(%s) ' "${FIRST_MS[$k]}" "${FIRST_CODES[$k]}"; done)"
        printf 'requests until the first 200: %s\n' "${ATTEMPTS[*]}"
        printf 'deploy request durations (ms): %s\n' "${DEPLOY_MS[*]}"
    fi
} | tee "$OUT_DIR/report.txt"

# JSON
{
    jarr() { local IFS=,; printf '[%s]' "$*"; }
    jstat() { # jstat ROW METRIC
        local m lo hi
        read -r m lo hi < <(row_stat "$1" "$2")
        printf '{"median": %s, "min": %s, "max": %s, "rounds": %s}' "$m" "$lo" "$hi" "$(jarr ${RUNS[$1/$2]})"
    }
    printf '{\n'
    printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "machine": {"cpus": %d, "kernel": "%s", "loadavg_start": "%s", "loadavg_end": "%s"},\n' \
        "$(nproc)" "$(uname -r)" "$LOAD_BEFORE" "$LOAD_AFTER"
    printf '  "tools": {"wrk": "%s", "nginx": "%s", "go": "%s", "hearth": "%s", "git": "%s"},\n' \
        "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')" "$(nginx -v 2>&1 | sed 's/.*nginx\///')" "${GO_VERSION:-skipped}" \
        "${HEARTH_VERSION:-skipped}${BASELINE_BIN:+; baseline $BASELINE_BIN $BASELINE_VERSION}" "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf '  "settings": {"rounds": %d, "rate": %d, "duration_s": %d, "warmup_s": %d, "connections": %d, "threads": %d, "order": "interleaved: each round runs every row unpaced (max), then every row paced at rate (bench/pace.lua); row order rotated by one each round"},\n' \
        "$ROUNDS" "$RATE" "$DURATION" "$WARMUP" "$CONNS" "$THREADS"
    printf '  "modes": {\n'
    first=1
    for row in "${ROWS[@]}"; do
        ((first)) || printf ',\n'
        first=0
        printf '    "%s": {"max_rps": %s, "rate_achieved_rps": %s, "p50_ms": %s, "p99_ms": %s, "errors": %d}' "$row" \
            "$(jstat "$row" max)" "$(jstat "$row" rate)" "$(jstat "$row" p50)" "$(jstat "$row" p99)" "${ERRS[$row]}"
    done
    printf '\n  },\n'
    if [[ "$SKIP_HEARTH" != 1 ]]; then
        printf '  "cold_start": {"median_ms": %s, "runs_ms": %s, "first_request_ms": %s, "first_request_status": %s, "first_request_median_ms": %s, "requests_until_200": %s, "deploy_request_ms": %s},\n' \
            "$COLD_MEDIAN" "$(jarr "${COLD_MS[@]}")" "$(jarr "${FIRST_MS[@]}")" "$(jarr "${FIRST_CODES[@]}")" "$FIRST_MEDIAN" "$(jarr "${ATTEMPTS[@]}")" "$(jarr "${DEPLOY_MS[@]}")"
    fi
    printf '  "checks": {\n'
    (IFS=$'\n'; printf '%s' "${CHECKS_JSON[*]}" | sed '$!s/$/,/')
    printf '\n  }\n'
    printf '}\n'
} >"$OUT_DIR/results.json"
log "wrote $OUT_DIR/results.json and $OUT_DIR/report.txt"
