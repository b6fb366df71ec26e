"""A custom handler with queue-triggered functions and queue outputs, in Python's standard library."""
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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
        data = payload.get("Data", {})
        metadata = {k: v for k, v in payload.get("Metadata", {}).items() if k != "sys"}
        if function == "Process":
            item = data["item"]
            if isinstance(item, str) and item.startswith("sleep "):
                time.sleep(float(item.split()[1]))
            result = {"item": item, "metadata": metadata}
            self.reply(200, {"Outputs": {}, "Logs": [f"processing {item}"], "ReturnValue": json.dumps(result)})
        elif function == "Flaky":
            self.reply(500, {"error": f"cannot handle {data.get('item')}"})
        elif function == "Tick":
            past_due = data["timer"]["IsPastDue"]
            self.reply(200, {"Outputs": {}, "Logs": [], "ReturnValue": f"tick past due: {past_due}"})
        elif function == "Submit":
            body = data["req"].get("Body") or ""
            if body == "fail":
                self.reply(500, {"error": "refused"})
                return
            outputs = {"res": {"statusCode": 201, "body": "queued"}, "extra": ["extra-1", {"n": 2}]}
            self.reply(200, {"Outputs": outputs, "Logs": [], "ReturnValue": f"submitted {body}"})
        else:
            self.reply(404, {"error": f"unknown function {function}"})

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
