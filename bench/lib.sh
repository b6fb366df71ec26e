# bench/lib.sh — what the benchmark scripts share: logging, free ports, waiting for HTTP, the
# management API, medians, installing missing tools, and the bench apps (bench/handler/handler.c as
# a custom handler). Sourced, not run.
# Expects TMP (scratch directory) and, for api/deploy/check_app, MGMT_PORT, HTTP_PORT and TOKEN.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# free_port VAR: sets VAR to a free loopback port (connecting fails, so nobody listens
# there) not handed out before in this run, below the kernel's range of ephemeral ports (the
# local ports of the many connections wrk, nginx and Hearth open; one of those would make
# a later bind fail).
USED_PORTS=" "
EPHEMERAL_LOW=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
        [[ "$USED_PORTS" == *" $p "* ]] && continue
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            USED_PORTS+="$p "
            printf -v "$1" '%s' "$p"
            return
        fi
    done
    fail "no free port found"
}

# wait_http URL TIMEOUT_S [EXPECT_CODE]: poll until URL answers (any HTTP reply, or EXPECT_CODE).
wait_http() {
    local url=$1 timeout=$2 want=${3:-} code end
    end=$((SECONDS + timeout))
    while ((SECONDS < end)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
        if [[ -n "$want" && "$code" == "$want" ]] || [[ -z "$want" && "$code" != "000" ]]; then return 0; fi
        sleep 0.05
    done
    return 1
}

api() { # api METHOD PATH [curl args...]: management API call; prints the body, fails on non-2xx
    local method=$1 path=$2
    shift 2
    local body code
    body=$(curl -sS -X "$method" -H "Authorization: Bearer $TOKEN" -w '\n%{http_code}' "$@" "http://127.0.0.1:$MGMT_PORT$path") \
        || fail "curl $method $path failed"
    code=${body##*$'\n'}
    body=${body%$'\n'*}
    [[ "$code" == 2* ]] || fail "$method $path -> HTTP $code: $body"
    printf '%s' "$body"
}

make_app() { # make_app DIR FORWARDING(true|false)
    local dir=$1 fwd=$2
    mkdir -p "$dir/hello"
    printf '{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"handler"},"enableForwardingHttpRequest":%s}}\n' "$fwd" >"$dir/host.json"
    cat >"$dir/hello/function.json" <<'EOF'
{
  "bindings": [
    { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous", "methods": ["get"], "route": "hello" },
    { "type": "http", "direction": "out", "name": "res" }
  ]
}
EOF
    cp "$TMP/handler" "$dir/handler"
    chmod 755 "$dir/handler"
    (cd "$dir" && rm -f ../"$(basename "$dir")".zip && zip -qr ../"$(basename "$dir")".zip .)
}

deploy() { # deploy APP ZIP -> prints response body
    api POST "/api/apps/$1/deployments" -H 'Content-Type: application/zip' --data-binary "@$2"
}

# check_app APP: the app answers 200 "hello" through the worker.
check_app() {
    local app=$1 url="http://127.0.0.1:$HTTP_PORT/_app/$1/api/hello" body
    wait_http "$url" 30 200 || fail "$app never answered 200 at $url; last reply: $(curl -s -i "$url" | head -c 600)"
    body=$(curl -s "$url")
    [[ "$body" == "hello" ]] || fail "$app answered 200 but the body is '$body', expected 'hello'"
}

# stats NUMBERS...: "median min max" of the numbers (the median of an even count is the mean of
# the middle two).
stats() {
    printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 }
        END { printf "%.3f %.3f %.3f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2, a[1], a[NR] }'
}
median() { local m _; read -r m _ < <(stats "$@"); printf '%s\n' "$m"; }

# need_tools TOOL=PACKAGE...: installs the Debian packages of the tools that are missing (apt-get,
# as root), or fails naming the command that would.
need_tools() {
    local pair packages=()
    for pair in "$@"; do
        command -v "${pair%%=*}" >/dev/null 2>&1 || packages+=("${pair#*=}")
    done
    ((${#packages[@]})) || return 0
    if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
        log "installing missing tools: apt-get install -y ${packages[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >&2 \
            || fail "apt-get install ${packages[*]} failed (try apt-get update first)"
    else
        fail "missing tools; install them with: apt-get install ${packages[*]}"
    fi
}

# parse_wrk FILE -> "rps p50_ms p99_ms non2xx socket_errors" of a `wrk --latency` output.
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

# ---------------------------------------------------------------- language apps, serve, process trees
# (bench/density.sh; the same apps as bench/languages.sh)

# hearth_and_python: HEARTH_BIN (default: a release build of this checkout) and PYTHON_RUNTIME
# (the Python worker environment, installed there when missing).
hearth_and_python() {
    if [[ -z "${HEARTH_BIN:-}" ]]; then
        log "building hearth (release)"
        (cd "$REPO" && swift build -c release --product hearth >&2)
        HEARTH_BIN=$REPO/.build/release/hearth
    fi
    [[ -x "$PYTHON_RUNTIME/bin/python" ]] || "$HEARTH_BIN" runtimes install python --directory "$PYTHON_RUNTIME" >&2
}

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# lang_apps: $TMP/custom.zip, $TMP/python.zip and $TMP/node.zip, one HTTP function `Ping`
# (GET /api/ping answers "pong"): the compiled C handler of bench/handler (forwarding), a Python
# function for the official worker, a classic Node function for Hearth's Node worker.
lang_apps() {
    local bench_dir lang
    bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    mkdir -p "$TMP/apps/custom/Ping" "$TMP/apps/python/Ping" "$TMP/apps/node/Ping"
    cc -O2 -o "$TMP/apps/custom/handler" "$bench_dir/handler/handler.c" -lpthread
    echo '{"version":"2.0","customHandler":{"description":{"defaultExecutablePath":"handler"},"enableForwardingHttpRequest":true}}' >"$TMP/apps/custom/host.json"
    echo '{"version":"2.0"}' | tee "$TMP/apps/python/host.json" >"$TMP/apps/node/host.json"
    for lang in custom python node; do
        echo '{"bindings":[{"type":"httpTrigger","direction":"in","name":"req","authLevel":"anonymous","methods":["get"],"route":"ping"},{"type":"http","direction":"out","name":"$return"}]}' >"$TMP/apps/$lang/Ping/function.json"
    done
    printf 'import azure.functions as func\n\n\ndef main(req: func.HttpRequest) -> func.HttpResponse:\n    return func.HttpResponse("pong")\n' >"$TMP/apps/python/Ping/__init__.py"
    echo "module.exports = async function (context, req) { return { status: 200, body: 'pong' }; };" >"$TMP/apps/node/Ping/index.js"
    for lang in custom python node; do (cd "$TMP/apps/$lang" && rm -f "$TMP/$lang.zip" && zip -qr "$TMP/$lang.zip" .); done
}

# serve_start LABEL [serve args...]: `$HEARTH_BIN serve` on fresh ports and data directory
# ($TMP/LABEL), log $TMP/LABEL.log; sets HEARTH_PID, MGMT_PORT, HTTP_PORT, TOKEN and creates the
# tenant "bench". serve_stop stops it (SIGINT, then SIGKILL after 30 s).
HEARTH_PID=""
serve_start() {
    local label=$1
    shift
    free_port MGMT_PORT
    free_port HTTP_PORT
    "$HEARTH_BIN" serve --data-dir "$TMP/$label" --management-port "$MGMT_PORT" --http-port "$HTTP_PORT" \
        --log-level warning "$@" >"$TMP/$label.log" 2>&1 &
    HEARTH_PID=$!
    TOKEN=""
    for _ in $(seq 1 300); do
        TOKEN=$(grep -o 'hth_[A-Za-z0-9_-]*' "$TMP/$label.log" | head -1 || true)
        [[ -n "$TOKEN" ]] && break
        sleep 0.1
    done
    [[ -n "$TOKEN" ]] || fail "hearth serve did not start: $(cat "$TMP/$label.log")"
    wait_http "http://127.0.0.1:$HTTP_PORT/_hearth/health" 30 200 || fail "hearth serve is not healthy: $(tail -20 "$TMP/$label.log")"
    api POST /api/tenants -d '{"name":"bench"}' >/dev/null
}
serve_stop() {
    [[ -n "$HEARTH_PID" ]] || return 0
    kill -INT "$HEARTH_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$HEARTH_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HEARTH_PID" 2>/dev/null || true
    HEARTH_PID=""
}

# lang_app NAME LANG [IDLE_TIMEOUT_S]: creates app NAME of tenant bench running $TMP/LANG.zip
# (FUNCTIONS_WORKER_RUNTIME set for python and node; idle timeout 0 = never stopped by default) and
# waits until its deployment is ready (the worker is started by the first request).
lang_app() {
    local name=$1 lang=$2
    api POST /api/apps -d "{\"name\":\"$name\",\"tenant\":\"bench\"}" >/dev/null
    [[ "$lang" == custom ]] || api PUT "/api/apps/$name/settings/FUNCTIONS_WORKER_RUNTIME" -d "{\"value\":\"$lang\"}" >/dev/null
    api PUT "/api/apps/$name/settings/HEARTH_IDLE_TIMEOUT_SECONDS" -d "{\"value\":\"${3:-0}\"}" >/dev/null
    api POST "/api/apps/$name/deployments" -H 'Content-Type: application/zip' --data-binary "@$TMP/$lang.zip" >/dev/null
    for _ in $(seq 1 300); do [[ "$(app_status "$name")" == ready* ]] && return 0; sleep 0.1; done
    fail "$name ($lang) did not become ready: $(app_status "$name")"
}

# app_status NAME: "state | reason" of the app's status; app_pid NAME: the pid of its worker process
# (as the reason names it), empty when none runs.
app_status() {
    api GET "/api/apps/$1" | python3 -c 'import json,sys; s=json.load(sys.stdin).get("status") or {}; print(s.get("state",""), "|", s.get("reason",""))'
}
app_pid() { app_status "$1" | grep -o 'pid [0-9]*' | head -1 | awk '{print $2}'; }

# tree_memory PID: "RSS PSS" in KiB of PID and all its descendants (PSS from smaps_rollup: shared
# pages divided among the processes that map them, so a sum over many processes counts them once).
tree_memory() {
    python3 - "$1" <<'PY'
import os, sys
root = int(sys.argv[1]); children = {}
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        children.setdefault(int(fields[1]), []).append(int(pid))
    except OSError: pass
rss = pss = 0; todo = [root]
while todo:
    p = todo.pop(); todo += children.get(p, [])
    try:
        for line in open(f'/proc/{p}/smaps_rollup'):
            if line.startswith('Rss:'): rss += int(line.split()[1])
            elif line.startswith('Pss:'): pss += int(line.split()[1])
    except OSError: pass
print(rss, pss)
PY
}

# cgroup_memory PID: "USAGE RSS CACHE" in KiB of the memory cgroup PID is in (cgroup v1:
# memory.usage_in_bytes and memory.stat's rss and cache; v2: memory.current, anon, file).
cgroup_memory() {
    local line dir
    if line=$(grep -E '^[0-9]+:([^:]*,)?memory(,[^:]*)?:' "/proc/$1/cgroup" 2>/dev/null); then
        dir=/sys/fs/cgroup/memory${line##*:}
        awk -v u="$(cat "$dir/memory.usage_in_bytes")" '$1=="rss"{r=$2} $1=="cache"{c=$2} END {printf "%d %d %d\n", u/1024, r/1024, c/1024}' "$dir/memory.stat"
    else
        line=$(grep '^0::' "/proc/$1/cgroup")
        dir=/sys/fs/cgroup${line#0::}
        awk -v u="$(cat "$dir/memory.current")" '$1=="anon"{r=$2} $1=="file"{c=$2} END {printf "%d %d %d\n", u/1024, r/1024, c/1024}' "$dir/memory.stat"
    fi
}
