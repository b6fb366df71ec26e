"""A custom handler that tries to break out of Hearth's sandbox, and reports what happened.

GET /api/Probe?action=…: read (path), write (path), fill-tmp, signal (pid), connect (host, port), env, identity.
ForkBomb, MemoryBomb and Spin hit the process, memory and time limits on purpose.
"""
import json
import os
import signal
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def attempt(action):
    try:
        return {"ok": True, "result": action()}
    except Exception as error:  # the point is to report every failure
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}


def read(path):
    if os.path.isdir(path):
        return os.listdir(path)
    with open(path, "rb") as f:
        return len(f.read())


def write(path):
    with open(path, "w") as f:
        f.write("escaped")
    return path


def fill_tmp():
    written = 0
    chunk = b"x" * (1 << 20)
    try:
        with open("/tmp/fill", "wb") as f:
            while written < (1 << 30):
                f.write(chunk)
                f.flush()
                written += len(chunk)
    except OSError as error:
        return {"written": written, "error": str(error)}
    finally:
        try:
            os.remove("/tmp/fill")
        except OSError:
            pass
    return {"written": written, "error": None}


def identity():
    return {"uid": os.getuid(), "pid": os.getpid(), "hostname": socket.gethostname(), "root": sorted(os.listdir("/")),
            "cwd": os.getcwd(), "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}


def connect(host, port):
    with socket.create_connection((host, int(port)), timeout=3) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\nHost: probe\r\n\r\n")
        return conn.recv(200).decode("latin-1")


def fork_bomb():
    # A child that forks until the kernel refuses; every process then sleeps.
    if os.fork() == 0:
        while True:
            try:
                os.fork()
            except OSError:
                time.sleep(60)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.reply(200, {"ready": True})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        function = self.path.strip("/")
        query = payload.get("Data", {}).get("req", {}).get("Query", {})
        if function == "Probe":
            action = query.get("action")
            if action == "read":
                result = attempt(lambda: read(query["path"]))
            elif action == "write":
                result = attempt(lambda: write(query["path"]))
            elif action == "fill-tmp":
                result = attempt(fill_tmp)
            elif action == "signal":
                result = attempt(lambda: os.kill(int(query["pid"]), signal.SIGTERM))
            elif action == "connect":
                result = attempt(lambda: connect(query["host"], query["port"]))
            elif action == "env":
                result = attempt(lambda: dict(os.environ))
            else:
                result = attempt(identity)
            self.respond(200, result)
        elif function == "Hello":
            self.respond(200, "hello from the sandbox")
        elif function == "ForkBomb":
            fork_bomb()
            self.respond(200, "bomb started")
        elif function == "MemoryBomb":
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
        elif function == "Spin":
            while True:
                pass
        else:
            self.reply(404, {"error": f"unknown function {function}"})

    def respond(self, status, body):
        self.reply(200, {"Outputs": {"res": {"statusCode": status, "body": body, "headers": {"Content-Type": "application/json"}}}, "Logs": [], "ReturnValue": None})

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])), Handler).serve_forever()
