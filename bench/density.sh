#!/usr/bin/env bash
# bench/density.sh — how many idle apps of each runtime one worker holds, and many different apps
# cold-started at once (issue #16).
#
# density  for each runtime (custom = the compiled C handler of bench/handler, python = the official
#          Python worker over FunctionRpc, node = Hearth's Node worker), a fresh `hearth serve`
#          (apps sandboxed, no Python pool) with N apps deployed, each called until it answers 200
#          (and loaded with wrk for WARM_SECONDS when set), then left idle IDLE_WAIT seconds. Per app:
#            rss     RSS of the app's process tree (bubblewrap included): counts shared pages (the
#                    node binary, libpython) once per app, so it overstates what one more app costs
#            pss     PSS of the same tree, summed over all apps / N: shared pages divided among
#                    the processes that map them
#            cg      the app's memory cgroup: usage (memory.usage_in_bytes, which includes the page
#                    cache first charged to it) and its anonymous memory (memory.stat rss)
#            slirp   PSS of the slirp4netns processes (children of Hearth, one per app with outbound
#                    network) / N
#            hearth  growth of Hearth's own RSS from before the first deployment to the end / N
#          per-app total = pss + slirp + hearth, and the count of such apps that fits BUDGET_GIB.
# burst    a fresh `hearth serve`, BURST custom-handler apps deployed (no worker running), then the
#          first request to all of them at once (one thread each): time until each one's first 200,
#          p50 / p99 (nearest rank: of 50 samples the 50th, the max) / max. The same with
#          BURST_LANG python and node apps (0 skips them). Target (issue #16): custom p99 <= 1 s.
#
#   HEARTH_BIN=path   the hearth binary (default: swift build -c release --product hearth)
#   PYTHON_RUNTIME=d  the Python worker environment (default .build/python-runtime; installed if missing)
#   RUNTIMES="custom python node"  N=10  WARM_SECONDS=0  IDLE_WAIT=10  BUDGET_GIB=24
#   BURST=50  BURST_LANG=10  SKIP_DENSITY=1  SKIP_BURST=1  KEEP_TMP=1 (keep logs)
#   HEARTH_SERVE_ARGS="--shared-network"   more `hearth serve` options
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
RUNTIMES=${RUNTIMES:-custom python node}
N=${N:-10}
WARM_SECONDS=${WARM_SECONDS:-0}
IDLE_WAIT=${IDLE_WAIT:-10}
BUDGET_GIB=${BUDGET_GIB:-24}
BURST=${BURST:-50}
BURST_LANG=${BURST_LANG:-10}
PYTHON_RUNTIME=${PYTHON_RUNTIME:-$REPO/.build/python-runtime}
need_tools wrk=wrk cc=gcc zip=zip curl=curl python3=python3

hearth_and_python

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-density.XXXXXX")
trap 'serve_stop; [[ "${KEEP_TMP:-0}" == 1 ]] && log "kept $TMP" || rm -rf "$TMP"' EXIT
lang_app_serve() { serve_start "$1" --python-runtime "$PYTHON_RUNTIME" --python-pool 0 ${HEARTH_SERVE_ARGS:-}; }
ping_url() { echo "http://127.0.0.1:$HTTP_PORT/_app/$1/api/ping"; }
lang_apps

# ---------------------------------------------------------------- density
# density LANG: writes "rss pss cg_usage cg_rss slirp hearth total fits" (MiB per app, count) to
# $TMP/density-LANG.txt (not a subshell's output: the trap must see HEARTH_PID to stop the server)
density() {
    local lang=$1 i name pid before after rss=0 pss=0 cgu=0 cgr=0 slirp=0 r p u a c
    lang_app_serve "density-$lang"
    sleep 2
    before=$(awk '/^VmRSS:/ {print $2}' "/proc/$HEARTH_PID/status")
    for i in $(seq 1 "$N"); do
        name=d-$lang-$i
        lang_app "$name" "$lang"
        wait_http "$(ping_url "$name")" 120 200 || fail "$name never answered 200: $(app_status "$name")"
        if ((WARM_SECONDS > 0)); then wrk -t1 -c8 -d"${WARM_SECONDS}s" "$(ping_url "$name")" >/dev/null; fi
    done
    log "$lang: $N apps running; idle for $IDLE_WAIT s"
    sleep "$IDLE_WAIT"
    for i in $(seq 1 "$N"); do
        name=d-$lang-$i
        pid=$(app_pid "$name")
        [[ -n "$pid" ]] || fail "$name has no running worker: $(app_status "$name")"
        read -r r p < <(tree_memory "$pid")
        read -r u a c < <(cgroup_memory "$pid")
        log "$name: pid $pid rss ${r} KiB pss ${p} KiB cgroup usage ${u} KiB (rss ${a}, cache ${c})"
        rss=$((rss + r)) pss=$((pss + p)) cgu=$((cgu + u)) cgr=$((cgr + a))
    done
    for pid in $(pgrep -P "$HEARTH_PID" -x slirp4netns || true); do
        read -r r p < <(tree_memory "$pid")
        slirp=$((slirp + p))
    done
    after=$(awk '/^VmRSS:/ {print $2}' "/proc/$HEARTH_PID/status")
    log "$lang: hearth RSS $before -> $after KiB; slirp4netns PSS $slirp KiB in all"
    serve_stop
    awk -v n="$N" -v rss="$rss" -v pss="$pss" -v cgu="$cgu" -v cgr="$cgr" -v slirp="$slirp" -v grow="$((after - before))" -v gib="$BUDGET_GIB" 'BEGIN {
        m = 1024 * n; total = (pss + slirp + grow) / m
        printf "%.1f %.1f %.1f %.1f %.1f %.1f %.1f %d\n", rss / m, pss / m, cgu / m, cgr / m, slirp / m, grow / m, total, gib * 1024 / total
    }' >"$TMP/density-$lang.txt"
}

# ---------------------------------------------------------------- burst
# burst LANG COUNT: deploys COUNT apps (no worker running), requests all at once; writes
# "p50 p99 max" in ms (nearest rank) to $TMP/burst-LANG.txt.
burst() {
    local lang=$1 count=$2 i urls=()
    lang_app_serve "burst-$lang"
    for i in $(seq 1 "$count"); do
        lang_app "b-$lang-$i" "$lang"
        urls+=("$(ping_url "b-$lang-$i")")
    done
    for i in $(seq 1 "$count"); do
        [[ -z "$(app_pid "b-$lang-$i")" ]] || fail "b-$lang-$i already has a worker before its first request"
    done
    sleep 2
    python3 - "${urls[@]}" <<'PY' >"$TMP/burst-$lang.txt"
import sys, threading, time, urllib.error, urllib.request

urls = sys.argv[1:]
gate = threading.Barrier(len(urls) + 1)
times = [None] * len(urls)
errors = []


def first_200(i, url):
    gate.wait()
    t0 = time.monotonic()
    last = None
    while time.monotonic() - t0 < 120:
        try:
            with urllib.request.urlopen(url, timeout=120) as reply:
                # the C handler answers "hello", the Python and Node functions "pong"
                body = reply.read()
                if reply.status == 200 and body in (b"hello", b"pong"):
                    times[i] = (time.monotonic() - t0) * 1000
                    return
                last = f"HTTP {reply.status} {body[:80]!r}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except OSError as error:
            last = str(error)
        time.sleep(0.005)
    errors.append(f"{url}: no 200 within 120 s (last: {last})")


threads = [threading.Thread(target=first_200, args=(i, u)) for i, u in enumerate(urls)]
for t in threads:
    t.start()
gate.wait()
for t in threads:
    t.join()
if errors:
    sys.exit("\n".join(errors))
ordered = sorted(times)
rank = lambda q: ordered[max(0, -(-len(ordered) * q // 100) - 1)]
print(" ".join(f"{t:.0f}" for t in ordered), file=sys.stderr)
print(f"{rank(50):.0f} {rank(99):.0f} {ordered[-1]:.0f}")
PY
    serve_stop
}

log "$(uptime)"
declare -A DENSITY BURSTS
if [[ "${SKIP_DENSITY:-0}" != 1 ]]; then
    for lang in $RUNTIMES; do
        density "$lang"
        DENSITY[$lang]=$(cat "$TMP/density-$lang.txt")
        log "$lang density: ${DENSITY[$lang]}"
    done
fi
if [[ "${SKIP_BURST:-0}" != 1 ]]; then
    burst custom "$BURST"
    BURSTS[custom]=$(cat "$TMP/burst-custom.txt")
    log "custom burst of $BURST: ${BURSTS[custom]}"
    if ((BURST_LANG > 0)); then
        for lang in python node; do
            [[ " $RUNTIMES " == *" $lang "* ]] || continue
            burst "$lang" "$BURST_LANG"
            BURSTS[$lang]=$(cat "$TMP/burst-$lang.txt")
            log "$lang burst of $BURST_LANG: ${BURSTS[$lang]}"
        done
    fi
fi
log "$(uptime)"

if [[ "${SKIP_DENSITY:-0}" != 1 ]]; then
    printf '\nidle apps: N=%s per runtime, WARM_SECONDS=%s, IDLE_WAIT=%s s; MiB per app\n' "$N" "$WARM_SECONDS" "$IDLE_WAIT"
    printf '%-8s %8s %8s %10s %8s %8s %8s %10s %12s\n' runtime rss pss "cg usage" "cg rss" slirp hearth "total" "fit ${BUDGET_GIB} GiB"
    for lang in $RUNTIMES; do
        # shellcheck disable=SC2086
        printf '%-8s %8s %8s %10s %8s %8s %8s %10s %12s\n' "$lang" ${DENSITY[$lang]}
    done
    printf 'total = pss + slirp + hearth; fit = %s GiB / total\n' "$BUDGET_GIB"
fi
if [[ "${SKIP_BURST:-0}" != 1 ]]; then
    printf '\nfirst request to many stopped apps at once (time to first 200, ms)\n%-8s %6s %8s %8s %8s\n' runtime apps p50 p99 max
    for lang in custom python node; do
        [[ -n "${BURSTS[$lang]:-}" ]] || continue
        count=$BURST_LANG
        [[ "$lang" == custom ]] && count=$BURST
        # shellcheck disable=SC2086
        printf '%-8s %6s %8s %8s %8s\n' "$lang" "$count" ${BURSTS[$lang]}
    done
    read -r _ p99 _ <<<"${BURSTS[custom]}"
    printf 'target: custom p99 <= 1000 ms: %s\n' "$(awk -v v="$p99" 'BEGIN {print (v <= 1000 ? "PASS" : "FAIL")}')"
fi
