"""A custom handler whose queue-triggered function takes ~300 ms per message and reports each run.

Each run's record goes to the output queue: the message, the worker that ran it
(FUNCTIONS_CUSTOMHANDLER_WORKER_ID), this handler process, the dequeue count, start and end (Unix seconds).
"""
import json
import os
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANDLER = uuid.uuid4().hex


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.reply(200, {"ready": True})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self.path.strip("/") != "Work":
            self.reply(404, {"error": "unknown function"})
            return
        started = time.time()
        time.sleep(0.3)
        record = {
            "body": payload["Data"]["item"],
            "worker": os.environ.get("FUNCTIONS_CUSTOMHANDLER_WORKER_ID", ""),
            "handler": HANDLER,
            "dequeueCount": int(payload["Metadata"]["DequeueCount"]),
            "start": started,
            "end": time.time(),
        }
        self.reply(200, {"Outputs": {}, "Logs": [f"handler {HANDLER}"], "ReturnValue": json.dumps(record)})

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    port = int(os.environ["FUNCTIONS_CUSTOMHANDLER_PORT"])
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
