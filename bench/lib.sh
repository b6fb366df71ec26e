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
