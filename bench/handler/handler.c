/*
 * handler.c — a tiny, fast Azure Functions custom handler for benchmarks.
 *
 * HTTP/1.1 with keep-alive and pipelining; epoll; libc only.
 *
 *   listens on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT
 *   GET /                   -> 200 text/plain "hello"  (readiness probe)
 *   POST /<FunctionName>    -> 200 application/json custom-handler response
 *                              {"Outputs":{"res":{"statusCode":200,"body":"hello"}},"Logs":[],"ReturnValue":null}
 *   anything else           -> 200 text/plain "hello"  (forwarding mode, e.g. GET /api/hello)
 *
 * Request bodies: Content-Length and chunked Transfer-Encoding are read and
 * discarded. `Expect: 100-continue` is honoured. `Connection: close` and
 * HTTP/1.0 without keep-alive close the connection after the response.
 *
 * Threads: $HANDLER_THREADS (default: number of online CPUs, at most 64);
 * each thread has its own epoll instance and its own SO_REUSEPORT listener,
 * so connections are spread by the kernel and no state is shared.
 *
 * Build: cc -O2 -o handler handler.c -lpthread
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 256
#define INITIAL_BUF 16384
#define MAX_REQUEST (64u * 1024u * 1024u) /* headers + body kept in memory */
#define MAX_HEADER 65536u

static const char JSON_BODY[] =
    "{\"Outputs\":{\"res\":{\"statusCode\":200,\"body\":\"hello\"}},\"Logs\":[],\"ReturnValue\":null}";
static const char TEXT_BODY[] = "hello";

static char json_resp[512], json_resp_close[512], text_resp[256], text_resp_close[256];
static size_t json_len, json_close_len, text_len, text_close_len;
static const char CONTINUE_100[] = "HTTP/1.1 100 Continue\r\n\r\n";
static const char RESP_400[] =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nbad request";
static const char RESP_413[] =
    "HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large";

typedef struct {
    int fd;
    int closing;        /* close once the output buffer is flushed */
    int sent_continue;  /* 100 Continue already sent for the request at the head of `in` */
    char *in;
    size_t in_len, in_cap;
    char *out;
    size_t out_len, out_off, out_cap;
    int want_out;       /* EPOLLOUT registered */
} conn_t;

static int listen_port;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void build_responses(void) {
    json_len = (size_t)snprintf(json_resp, sizeof json_resp,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
        sizeof JSON_BODY - 1, JSON_BODY);
    json_close_len = (size_t)snprintf(json_resp_close, sizeof json_resp_close,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
        sizeof JSON_BODY - 1, JSON_BODY);
    text_len = (size_t)snprintf(text_resp, sizeof text_resp,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
        sizeof TEXT_BODY - 1, TEXT_BODY);
    text_close_len = (size_t)snprintf(text_resp_close, sizeof text_resp_close,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
        sizeof TEXT_BODY - 1, TEXT_BODY);
}

static int out_append(conn_t *c, const char *p, size_t n) {
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap ? c->out_cap : 4096;
        while (cap < c->out_len + n) cap *= 2;
        char *q = realloc(c->out, cap);
        if (!q) return -1;
        c->out = q;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, p, n);
    c->out_len += n;
    return 0;
}

/* Case-insensitive search for `needle` inside [p, p+n). */
static int contains_ci(const char *p, size_t n, const char *needle) {
    size_t m = strlen(needle);
    if (m > n) return 0;
    for (size_t i = 0; i + m <= n; i++)
        if (strncasecmp(p + i, needle, m) == 0) return 1;
    return 0;
}

static const char *find_crlfcrlf(const char *p, size_t n) {
    if (n < 4) return NULL;
    const char *end = p + n - 3;
    for (const char *q = p; q < end; ) {
        q = memchr(q, '\r', (size_t)(end - q));
        if (!q) return NULL;
        if (q[1] == '\n' && q[2] == '\r' && q[3] == '\n') return q;
        q++;
    }
    return NULL;
}

/*
 * Length of a complete chunked body starting at p (including trailers and the
 * final CRLF), 0 if incomplete, (size_t)-1 if malformed.
 */
static size_t chunked_length(const char *p, size_t n) {
    size_t i = 0;
    for (;;) {
        /* chunk-size [; ext] CRLF */
        size_t size = 0;
        int digits = 0;
        while (i < n) {
            char ch = p[i];
            int v;
            if (ch >= '0' && ch <= '9') v = ch - '0';
            else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
            else if (ch >= 'A' && ch <= 'F') v = ch - 'A' + 10;
            else break;
            if (size > (MAX_REQUEST >> 4)) return (size_t)-1;
            size = size * 16 + (size_t)v;
            digits++;
            i++;
        }
        if (i >= n) return 0;
        if (!digits) return (size_t)-1;
        const char *lf = memchr(p + i, '\n', n - i);
        if (!lf) return n - i > 1024 ? (size_t)-1 : 0;
        i = (size_t)(lf - p) + 1;
        if (size == 0) {
            /* trailers until an empty line */
            for (;;) {
                const char *e = memchr(p + i, '\n', n - i);
                if (!e) return 0;
                size_t line = (size_t)(e - (p + i));
                i = (size_t)(e - p) + 1;
                if (line == 0 || (line == 1 && p[i - 2] == '\r')) return i;
            }
        }
        if (n - i < size + 2) return 0;
        i += size;
        if (p[i] == '\r') i++;
        if (i >= n) return 0;
        if (p[i] != '\n') return (size_t)-1;
        i++;
    }
}

/*
 * Handle every complete request in c->in. Returns 0 to keep going, -1 when the
 * connection must be dropped immediately.
 */
static int process(conn_t *c) {
    size_t off = 0;
    while (off < c->in_len && !c->closing) {
        const char *p = c->in + off;
        size_t avail = c->in_len - off;
        /* tolerate stray CRLFs between requests (RFC 9112 §2.2) */
        if (p[0] == '\r' || p[0] == '\n') { off++; continue; }
        const char *hend = find_crlfcrlf(p, avail);
        if (!hend) {
            if (avail > MAX_HEADER) { out_append(c, RESP_400, sizeof RESP_400 - 1); c->closing = 1; }
            break;
        }
        size_t hlen = (size_t)(hend - p) + 4;

        /* request line: METHOD SP target SP version */
        const char *line_end = memchr(p, '\r', hlen);
        const char *sp1 = memchr(p, ' ', (size_t)(line_end - p));
        if (!sp1) { out_append(c, RESP_400, sizeof RESP_400 - 1); c->closing = 1; break; }
        const char *target = sp1 + 1;
        const char *sp2 = memchr(target, ' ', (size_t)(line_end - target));
        if (!sp2) { out_append(c, RESP_400, sizeof RESP_400 - 1); c->closing = 1; break; }
        size_t mlen = (size_t)(sp1 - p), tlen = (size_t)(sp2 - target);
        int http10 = (line_end - sp2 - 1 == 8) && memcmp(sp2 + 1, "HTTP/1.0", 8) == 0;

        /* headers */
        long long content_length = 0;
        int chunked = 0, conn_close = http10, expect_continue = 0;
        const char *h = line_end + 2;
        while (h < hend) {
            const char *e = memchr(h, '\r', (size_t)(hend + 2 - h));
            if (!e) break;
            const char *colon = memchr(h, ':', (size_t)(e - h));
            if (colon) {
                size_t nlen = (size_t)(colon - h);
                const char *v = colon + 1;
                while (v < e && (*v == ' ' || *v == '\t')) v++;
                size_t vlen = (size_t)(e - v);
                if (nlen == 14 && strncasecmp(h, "Content-Length", 14) == 0) {
                    char *endp;
                    char tmp[32];
                    size_t k = vlen < sizeof tmp - 1 ? vlen : sizeof tmp - 1;
                    memcpy(tmp, v, k);
                    tmp[k] = 0;
                    content_length = strtoll(tmp, &endp, 10);
                    if (endp == tmp || content_length < 0) {
                        out_append(c, RESP_400, sizeof RESP_400 - 1); c->closing = 1; goto done;
                    }
                } else if (nlen == 17 && strncasecmp(h, "Transfer-Encoding", 17) == 0) {
                    if (contains_ci(v, vlen, "chunked")) chunked = 1;
                } else if (nlen == 10 && strncasecmp(h, "Connection", 10) == 0) {
                    if (contains_ci(v, vlen, "close")) conn_close = 1;
                    else if (contains_ci(v, vlen, "keep-alive")) conn_close = 0;
                } else if (nlen == 6 && strncasecmp(h, "Expect", 6) == 0) {
                    if (contains_ci(v, vlen, "100-continue")) expect_continue = 1;
                }
            }
            h = e + 2;
        }

        /* body */
        size_t blen;
        if (chunked) {
            blen = chunked_length(p + hlen, avail - hlen);
            if (blen == (size_t)-1) { out_append(c, RESP_400, sizeof RESP_400 - 1); c->closing = 1; break; }
            if (blen == 0) {
                if (avail > MAX_REQUEST) { out_append(c, RESP_413, sizeof RESP_413 - 1); c->closing = 1; break; }
                if (expect_continue && !c->sent_continue) {
                    out_append(c, CONTINUE_100, sizeof CONTINUE_100 - 1);
                    c->sent_continue = 1;
                }
                break;
            }
        } else {
            if ((unsigned long long)content_length > MAX_REQUEST) {
                out_append(c, RESP_413, sizeof RESP_413 - 1); c->closing = 1; break;
            }
            blen = (size_t)content_length;
            if (avail - hlen < blen) {
                if (expect_continue && !c->sent_continue) {
                    out_append(c, CONTINUE_100, sizeof CONTINUE_100 - 1);
                    c->sent_continue = 1;
                }
                break;
            }
        }
        c->sent_continue = 0;

        /* route: POST /<FunctionName> (one path segment) -> JSON payload reply */
        int json = 0;
        if (mlen == 4 && memcmp(p, "POST", 4) == 0 && tlen > 1 && target[0] == '/') {
            json = 1;
            for (size_t i = 1; i < tlen; i++)
                if (target[i] == '/' || target[i] == '?') { json = 0; break; }
        }
        if (json) {
            if (conn_close) out_append(c, json_resp_close, json_close_len);
            else out_append(c, json_resp, json_len);
        } else {
            if (conn_close) out_append(c, text_resp_close, text_close_len);
            else out_append(c, text_resp, text_len);
        }
        if (conn_close) c->closing = 1;
        off += hlen + blen;
    }
done:
    if (off > 0) {
        if (off >= c->in_len) c->in_len = 0;
        else {
            memmove(c->in, c->in + off, c->in_len - off);
            c->in_len -= off;
        }
    }
    return 0;
}

static void conn_free(int ep, conn_t *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

/* Returns -1 when the connection is finished. */
static int flush_out(int ep, conn_t *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
        if (w > 0) { c->out_off += (size_t)w; continue; }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->want_out) {
                struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP, .data.ptr = c };
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                c->want_out = 1;
            }
            return 0;
        }
        return -1;
    }
    c->out_off = c->out_len = 0;
    if (c->want_out) {
        struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = c };
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        c->want_out = 0;
    }
    if (c->closing) return -1;
    return 0;
}

static int make_listener(void) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) die("SO_REUSEPORT");
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)listen_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    if (listen(fd, 4096) < 0) die("listen");
    return fd;
}

static void *worker(void *arg) {
    int lfd = (int)(intptr_t)arg;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll_ctl listener");
    struct epoll_event evs[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    int one = 1;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn_t *nc = calloc(1, sizeof *nc);
                    if (!nc) { close(fd); continue; }
                    nc->fd = fd;
                    nc->in_cap = INITIAL_BUF;
                    nc->in = malloc(nc->in_cap);
                    if (!nc->in) { close(fd); free(nc); continue; }
                    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.ptr = nc };
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { close(fd); free(nc->in); free(nc); }
                }
                continue;
            }
            uint32_t e = evs[i].events;
            if (e & EPOLLERR) { conn_free(ep, c); continue; }
            if ((e & EPOLLOUT) && flush_out(ep, c) < 0) { conn_free(ep, c); continue; }
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
                int eof = 0;
                for (;;) {
                    if (c->in_len == c->in_cap) {
                        if (c->in_cap >= MAX_REQUEST + MAX_HEADER) break;
                        size_t cap = c->in_cap * 2;
                        char *q = realloc(c->in, cap);
                        if (!q) { eof = 1; break; }
                        c->in = q;
                        c->in_cap = cap;
                    }
                    ssize_t r = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
                    if (r > 0) {
                        c->in_len += (size_t)r;
                        if (c->in_len < c->in_cap) break; /* drained for now (level-triggered) */
                        continue;
                    }
                    if (r == 0) { eof = 1; break; }
                    if (errno == EINTR) continue;
                    if (errno != EAGAIN && errno != EWOULDBLOCK) eof = 1;
                    break;
                }
                if (!c->closing) process(c);
                if (flush_out(ep, c) < 0 || (eof && c->out_off == c->out_len)) { conn_free(ep, c); continue; }
                if (eof) {
                    /* peer finished sending: flush what is left, then close */
                    c->closing = 1;
                    struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                    c->want_out = 1;
                }
            }
        }
    }
    return NULL;
}

int main(void) {
    const char *ps = getenv("FUNCTIONS_CUSTOMHANDLER_PORT");
    if (!ps || !*ps) ps = getenv("FUNCTIONS_HTTPWORKER_PORT");
    if (!ps || !*ps) {
        fprintf(stderr, "handler: FUNCTIONS_CUSTOMHANDLER_PORT is not set\n");
        return 2;
    }
    listen_port = atoi(ps);
    if (listen_port <= 0 || listen_port > 65535) {
        fprintf(stderr, "handler: bad port '%s'\n", ps);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    build_responses();

    long threads = 0;
    const char *ts = getenv("HANDLER_THREADS");
    if (ts && *ts) threads = strtol(ts, NULL, 10);
    if (threads <= 0) threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads <= 0) threads = 1;
    if (threads > 64) threads = 64;

    /* All listeners are bound before any thread runs, so the port answers as
     * soon as the first one listens and no connection is refused later. */
    /* SO_REUSEPORT would let a second handler share a port that is already in
     * use by another one of ours; refuse a busy port first. */
    {
        int t = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((uint16_t)listen_port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (t < 0 || bind(t, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
        close(t);
    }
    int lfds[64];
    for (long i = 0; i < threads; i++) lfds[i] = make_listener();
    for (long i = 1; i < threads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, (void *)(intptr_t)lfds[i]) != 0) die("pthread_create");
        pthread_detach(t);
    }
    worker((void *)(intptr_t)lfds[0]);
    return 0;
}
