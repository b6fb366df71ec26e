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
# The `swift-nio` row counts bench/nio-proxy (issue #16's yardstick) the same way in front of the same
# handler (run directly), and the script prints each Hearth row's ratio to it (target <= 1.3).
# Each row also gets a "request path" count from the request window's call tree (see request_path),
# which the ratios use: on a loaded machine (requests - idle) is unreliable and can even be negative.
#
# Environment (all optional):
#   HEARTH_BIN=path      the binary to measure (default: .build/release/hearth, built if missing)
#   BASELINE_BIN=path    a second binary measured in the same run; ratios are HEARTH_BIN / BASELINE_BIN
#   REQUESTS=2000        counted requests per app        WARM=300   uncounted requests first
#   HEARTH_SERVE_ARGS    more `hearth serve` options
#   NIO_PROXY_BIN=path   the swift-nio row's binary (default: bench/nio-proxy/.build/release/nio-proxy,
#                        built if missing)          SKIP_NIO=1   leave that row out
#   KEEP_TMP=1           keep the scratch directory: LABEL/APP.requests.callgrind is each request window's dump
#                        (LABEL: hearth, baseline, swift-nio; APP: bench-fwd, bench-json, proxy;
#                        callgrind_annotate --inclusive=yes shows where the instructions go)
#   DHAT=1               count heap allocations instead of instructions: each row's process runs under
#                        valgrind's dhat (one Hearth process per app) and the script prints allocations and
#                        bytes per request on the request path, and the top allocation sites (see dhat_report)
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

SKIP_NIO=${SKIP_NIO:-0}
if [[ "$SKIP_NIO" != 1 && -z "${NIO_PROXY_BIN:-}" ]]; then
    NIO_PROXY_BIN=$BENCH_DIR/nio-proxy/.build/release/nio-proxy
    [[ -x "$NIO_PROXY_BIN" ]] || (log "building bench/nio-proxy (release)" && cd "$BENCH_DIR/nio-proxy" && swift build -c release >&2)
fi

DHAT=${DHAT:-0}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-callgrind.XXXXXX")
TRACED_PID="" HANDLER_PID=""
cleanup() {
    local pid
    for pid in $TRACED_PID $HANDLER_PID; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "scratch kept in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

cc -O2 -Wall -o "$TMP/handler" "$BENCH_DIR/handler/handler.c" -lpthread
cc -O2 -Wall -shared -fPIC -o "$TMP/dispatch-main.so" "$BENCH_DIR/valgrind-dispatch-main.c"
make_app "$TMP/apps/bench-json" false
make_app "$TMP/apps/bench-fwd" true

# window COMMAND: counts the instructions the process under callgrind executes while COMMAND runs;
# sets total and elapsed (s).
window() {
    local started
    rm -f "$TMP/$label"/callgrind.out.*.*
    callgrind_control -z "$TRACED_PID" >/dev/null 2>&1
    callgrind_control -i on "$TRACED_PID" >/dev/null 2>&1
    started=$SECONDS
    eval "$1"
    elapsed=$((SECONDS - started > 0 ? SECONDS - started : 1))
    callgrind_control -i off "$TRACED_PID" >/dev/null 2>&1
    callgrind_control -d "$TRACED_PID" >/dev/null 2>&1
    total=$(awk '/^(summary|totals):/ { s += $2 } END { print s + 0 }' "$TMP/$label"/callgrind.out.*.[0-9]*)
}

# under_valgrind LABEL PRELOAD BINARY ARGS...: starts BINARY under callgrind with counting off, or under
# dhat when DHAT=1 (output in $TMP/LABEL/process.log, dumps in $TMP/LABEL); sets TRACED_PID. PRELOAD: a
# library to preload, or "".
under_valgrind() {
    local label=$1 preload=$2 bin=$TMP/$1-$(basename "$3")
    mkdir -p "$TMP/$label"
    # valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes: count a copy without it.
    objcopy --strip-debug "$3" "$bin"
    shift 3
    local tool=(--tool=callgrind --instr-atstart=no --callgrind-out-file="$TMP/$label/callgrind.out.%p")
    # Stacks deep enough to reach the event loop's run (the request path's root), under every handler.
    [[ "$DHAT" == 1 ]] && tool=(--tool=dhat --num-callers=200 --dhat-out-file="$TMP/$label/dhat.out.%p")
    LD_PRELOAD=$preload valgrind "${tool[@]}" "$bin" "$@" >"$TMP/$label/process.log" 2>&1 &
    TRACED_PID=$!
}

stop_traced() {
    kill -TERM "$TRACED_PID" 2>/dev/null || true
    wait "$TRACED_PID" 2>/dev/null || true
    TRACED_PID=""
}

# request_path DUMP: the instructions of a request window's dump that its call tree puts on the request
# path: the event loops' work (SelectableEventLoop.run) less the Swift tasks they ran (swift_job_run:
# management's polling, the log writer's timer), plus the invocation log's writes on the store's thread
# (SQLiteStore.writeInvocations). Unlike (requests - idle) it does not assume that background work runs
# as often while requests are served as it does idle; under valgrind on a loaded machine it runs less
# (the process is busy and valgrind runs one thread at a time), and the difference can even come out
# below zero. It still counts the loops' own cost of running background tasks (a few hundred
# instructions per task). Callgrind names a function met again deeper in a cycle NAME'2: those count too.
request_path() {
    callgrind_annotate --inclusive=yes --tree=calling --threshold=100 "$1" 2>/dev/null | awk '
        function cost(line) { gsub(/,/, "", line); split(line, f, " "); return f[1] + 0 }
        /^ *[0-9,]+ \([ 0-9.]+%\)  \*  / {
            tick = ($0 ~ /SelectableEventLoopC06runOneD4Tick[^ ]*SO_tF(.[0-9]+)? \[/)
            if ($0 ~ /SelectableEventLoopC3runyyKF(.[0-9]+)? \[/) loop += cost($0)
            if ($0 ~ /writeInvocations[^ ]*KFyyYbKcfU_(.[0-9]+)? \[/) store += cost($0)
            next
        }
        tick && /^ *[0-9,]+ \([ 0-9.]+%\)  >   \?\?\?:swift_job_run(.[0-9]+)? / { jobs += cost($0) }
        END { printf "%.0f\n", loop - jobs + store }'
}

# dhat_report DUMP SERVED LABEL APP: the heap allocations of a dhat dump (a whole process's life) that
# its stacks put on the request path, as request_path does for instructions: allocated under an event
# loop's run (SelectableEventLoop.run) but not in a Swift task it ran (swift_job_run called by
# runOneTick: management's polling, the log writer's timer), or in the invocation log's writes on the
# store's thread (writeInvocations). Dhat cannot be switched on for a window, so the counts cover every
# request the process served (SERVED: warm-up and counted ones) and include the first, cold requests'
# allocations (connection, first invocation): a large REQUESTS makes those small. Prints "LABEL APP
# allocations/request bytes/request" and, to stderr, the top sites by allocations (the first frame that
# is not an allocator, and its two callers).
dhat_report() {
    python3 - "$@" <<'PY'
import json, re, subprocess, sys
dump, served, label, app = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
d = json.load(open(dump))
frames = d["ftbl"]
loop = re.compile(r"SelectableEventLoopC3runyyKF")
tick = re.compile(r"SelectableEventLoopC06runOneD4Tick")
job = re.compile(r"\bswift_job_run\b")
store = re.compile(r"writeInvocations")
# Allocators, and the growth of arrays and of SQLite's memory: the site is whoever called them.
allocator = re.compile(r"\b(malloc|calloc|realloc|memalign|posix_memalign|aligned_alloc|operator new|swift_slowAlloc|swift_allocObject|"
    r"swift_allocBox|swift_allocEmptyBox|swift_coroFrameAlloc|sqlite3Malloc|sqlite3MallocZero|sqlite3Realloc|sqlite3DbMallocRawNN|"
    r"sqlite3DbMallocRaw|sqlite3DbMallocZero|sqlite3DbRealloc|sqlite3VdbeMemGrow)\b|vg_replace_malloc|_ContiguousArrayBuffer|"
    r"_createNewBuffer|_consumeAndCreateNew|_allocateUninitialized|_allocateBufferUninitialized|reallocated15minimumCapacity")
def name(f):
    m = re.match(r"0x[0-9A-Fa-f]+: (.*?)(?: \(|$)", f)
    return m.group(1) if m else f
blocks = nbytes = 0
sites = {}
for pp in d["pps"]:
    stack = [frames[i] for i in pp["fs"]]
    on_path = any(store.search(f) for f in stack)
    if not on_path and any(loop.search(f) for f in stack):
        on_path = not any(job.search(f) and i + 1 < len(stack) and tick.search(stack[i + 1]) for i, f in enumerate(stack))
    if not on_path:
        continue
    blocks += pp["tbk"]
    nbytes += pp["tb"]
    names = [name(f) for f in stack]
    first = next((i for i, n in enumerate(names) if not allocator.search(n) and n != "???"), 0)
    key = tuple(names[first:first + 3])
    b, k = sites.get(key, (0, 0))
    sites[key] = (b + pp["tbk"], k + pp["tb"])
print(f"{label} {app} {blocks / served:.1f} {nbytes / served:.0f}")
def demangle(names):
    try:
        out = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True).stdout
        return [line[:110] for line in out.splitlines()]
    except OSError:
        return names
top = sorted(sites.items(), key=lambda kv: -kv[1][0])[:15]
print(f"\n{label} {app}: top allocation sites on the request path (per request: allocations, bytes; site <- callers)", file=sys.stderr)
for key, (b, k) in top:
    readable = demangle(list(key))
    print(f"  {b / served:7.1f} {k / served:8.0f}  " + "\n                    <- ".join(readable), file=sys.stderr)
PY
}

# measure LABEL APP URL: warms URL with WARM requests, then counts REQUESTS requests over one keep-alive
# connection and an idle window as long; prints "LABEL APP (requests - idle) / REQUESTS, request path /
# REQUESTS, idle instructions per second". Every request must answer "hello"; LABEL/APP.requests.callgrind
# and LABEL/APP.idle.callgrind keep the windows' dumps.
measure() {
    local label=$1 app=$2 url=$3 out busy seconds total elapsed path
    out=$(curl -s "$url?warm=[1-$WARM]" | wc -c)
    ((out == 5 * WARM)) || fail "$label $app: warm-up answered $out bytes, expected $((5 * WARM))"
    if [[ "$DHAT" == 1 ]]; then # counted by dhat over the process's life: count() reports at its end
        curl -s "$url?n=[1-$REQUESTS]" >"$TMP/$label/out"
        out=$(wc -c <"$TMP/$label/out")
        ((out == 5 * REQUESTS)) || fail "$label $app: answered $out bytes, expected $((5 * REQUESTS))"
        return
    fi
    window "curl -s '$url?n=[1-$REQUESTS]' >'$TMP/$label/out'"
    busy=$total seconds=$elapsed
    cat "$TMP/$label"/callgrind.out.*.[0-9]* >"$TMP/$label/$app.requests.callgrind"
    out=$(wc -c <"$TMP/$label/out")
    ((out == 5 * REQUESTS)) || fail "$label $app: answered $out bytes, expected $((5 * REQUESTS))"
    # What the process does with no request in the same time (polling, timers) is not the requests'.
    path=$(request_path "$TMP/$label/$app.requests.callgrind")
    window "sleep $seconds"
    cat "$TMP/$label"/callgrind.out.*.[0-9]* >"$TMP/$label/$app.idle.callgrind"
    echo "$label $app $(((busy - total) / REQUESTS)) $((path / REQUESTS)) $((total / seconds))"
}

# count BINARY LABEL [APPS...]: Hearth under callgrind; measures the bench apps (default: both).
count() {
    local label=$2 app apps=("${@:3}")
    ((${#apps[@]})) || apps=(bench-fwd bench-json)
    free_port MGMT_PORT
    free_port HTTP_PORT
    log "$label: $1 serve under $([[ "$DHAT" == 1 ]] && echo dhat || echo callgrind) (management :$MGMT_PORT, http :$HTTP_PORT)"
    under_valgrind "$label" "$TMP/dispatch-main.so" "$1" serve --data-dir "$TMP/$label/data" \
        --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" --log-level warning ${HEARTH_SERVE_ARGS:-}
    TOKEN=""
    for _ in $(seq 1 1200); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label/process.log" 2>/dev/null | head -n1 || true)
        [[ -n "$TOKEN" ]] && break
        kill -0 "$TRACED_PID" 2>/dev/null || fail "hearth exited: $(cat "$TMP/$label/process.log")"
        sleep 0.1
    done
    [[ -n "$TOKEN" ]] || fail "no admin token in the log after 120 s: $(cat "$TMP/$label/process.log")"
    wait_http "http://127.0.0.1:$MGMT_PORT/api/health" 120 200 || fail "management API not up"
    api POST /api/tenants -H 'Content-Type: application/json' -d '{"name":"bench"}' >/dev/null
    for app in "${apps[@]}"; do
        api POST /api/apps -H 'Content-Type: application/json' -d "{\"name\":\"$app\",\"tenant\":\"bench\"}" >/dev/null
        api POST "/api/apps/$app/deployments" -H 'Content-Type: application/zip' --data-binary "@$TMP/apps/$app.zip" >/dev/null
        wait_http "http://127.0.0.1:$HTTP_PORT/_app/$app/api/hello" 120 200 || fail "$app never answered 200"
        measure "$label" "$app" "http://127.0.0.1:$HTTP_PORT/_app/$app/api/hello"
    done
    stop_traced
    if [[ "$DHAT" == 1 ]]; then
        mv "$(ls "$TMP/$label"/dhat.out.* | head -n1)" "$TMP/$label/${apps[0]}.dhat"
        dhat_report "$TMP/$label/${apps[0]}.dhat" $((WARM + REQUESTS)) "$label" "${apps[0]}"
        rm -rf "$TMP/$label/data" # the next app's process starts on an empty data directory
    fi
}

# count_dhat BINARY LABEL: one Hearth process under dhat per bench app, so each row's counts are its own.
count_dhat() {
    count "$1" "$2" bench-fwd
    count "$1" "$2" bench-json
}

# count_nio: bench/nio-proxy under callgrind in front of the same C handler (started by the caller at
# HANDLER_PORT, run directly, untraced).
count_nio() {
    free_port NIO_PORT
    log "swift-nio: $NIO_PROXY_BIN under $([[ "$DHAT" == 1 ]] && echo dhat || echo callgrind) (:$NIO_PORT -> handler :$HANDLER_PORT)"
    under_valgrind swift-nio "" "$NIO_PROXY_BIN" "$HANDLER_PORT" "$NIO_PORT"
    wait_http "http://127.0.0.1:$NIO_PORT/api/hello" 120 200 || fail "nio-proxy did not start: $(cat "$TMP/swift-nio/process.log")"
    measure swift-nio proxy "http://127.0.0.1:$NIO_PORT/api/hello"
    stop_traced
    if [[ "$DHAT" == 1 ]]; then
        mv "$(ls "$TMP/swift-nio"/dhat.out.* | head -n1)" "$TMP/swift-nio/proxy.dhat"
        dhat_report "$TMP/swift-nio/proxy.dhat" $((WARM + REQUESTS)) swift-nio proxy
    fi
}

counter=count
[[ "$DHAT" == 1 ]] && counter=count_dhat
results=$($counter "$HEARTH_BIN" hearth)
[[ -n "${BASELINE_BIN:-}" ]] && results+=$'\n'$($counter "$BASELINE_BIN" baseline)
if [[ "$SKIP_NIO" != 1 ]]; then
    free_port HANDLER_PORT
    FUNCTIONS_CUSTOMHANDLER_PORT=$HANDLER_PORT "$TMP/handler" >"$TMP/handler.log" 2>&1 &
    HANDLER_PID=$!
    wait_http "http://127.0.0.1:$HANDLER_PORT/" 5 200 || fail "handler did not start: $(cat "$TMP/handler.log")"
    results+=$'\n'$(count_nio)
fi
echo
if [[ "$DHAT" == 1 ]]; then
    printf '%-10s %-11s %12s %12s %8s %12s\n' binary app "allocs/req" "bytes/req" ratio "÷ swift-nio"
    nio=$(awk '$1 == "swift-nio" { print $3 }' <<<"$results")
    while read -r label app n bytes; do
        base=$(awk -v a="$app" '$1 == "baseline" && $2 == a { print $3 }' <<<"$results")
        ratio="" versus=""
        [[ "$label" == hearth && -n "$base" ]] && ratio=$(awk -v a="$n" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
        [[ -n "$nio" && "$label" != swift-nio ]] && versus=$(awk -v a="$n" -v b="$nio" 'BEGIN { printf "%.2f", a / b }')
        printf '%-10s %-11s %12s %12s %8s %12s\n' "$label" "$app" "$n" "$bytes" "$ratio" "$versus"
    done <<<"$results"
    echo "(heap allocations and bytes per request on the request path, warm-up included; ratio: HEARTH_BIN / BASELINE_BIN)"
    exit 0
fi
printf '%-10s %-11s %15s %14s %8s %14s\n' binary app "process - idle" "request path" ratio "idle instr/s"
while read -r label app whole n idle; do
    base=$(awk -v a="$app" '$1 == "baseline" && $2 == a { print $4 }' <<<"$results")
    ratio=""
    [[ "$label" == hearth && -n "$base" ]] && ratio=$(awk -v a="$n" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
    printf '%-10s %-11s %15s %14s %8s %14s\n' "$label" "$app" "$whole" "$n" "$ratio" "$idle"
done <<<"$results"
echo "(instructions per request; ratio: request path, HEARTH_BIN / BASELINE_BIN)"

# Issue #16's check: Hearth's instructions per warm request (request path) against the bare SwiftNIO hop's.
nio=$(awk '$1 == "swift-nio" { print $4 }' <<<"$results")
if [[ -n "$nio" ]]; then
    echo
    printf '%-28s %8s %8s\n' check ratio target
    while read -r label app _ n _; do
        [[ "$label" == swift-nio ]] && continue
        printf '%-28s %8s %8s\n' "$label $app / swift-nio" "$(awk -v a="$n" -v b="$nio" 'BEGIN { printf "%.3f", a / b }')" "<= 1.3"
    done <<<"$results"
fi
