"""A custom handler in Python's standard library, speaking the Azure Functions custom-handler protocol."""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE_DIR = os.environ.get("HELLO_STATE_DIR")  # set by tests that want to observe timer runs


def http_response(status, body, headers=None, logs=None):
    return {"Outputs": {"res": {"statusCode": status, "body": body, "headers": headers or {}}}, "Logs": logs or [], "ReturnValue": None}


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
        if function == "Hello":
            req = data["req"]
            name = req["Params"].get("name") or req["Query"].get("name") or "world"
            self.reply(200, http_response(200, f"Hello, {name}!", {"X-Greeting": "yes"}, [f"greeted {name}"]))
        elif function == "Secure":
            self.reply(200, http_response(200, "secret area"))
        elif function == "Echo":
            req = data["req"]
            echo = {
                "method": req["Method"], "url": req["Url"], "query": req["Query"], "params": req["Params"],
                "body": req.get("Body"), "contentType": req["Headers"].get("Content-Type", [None])[0],
                "setting": os.environ.get("GREETING"), "hasHearthEnv": any(k.startswith("HEARTH_") for k in os.environ),
            }
            self.reply(200, http_response(201, echo, {"Content-Type": "application/json"}))
        elif function == "Tick":
            info = data.get("myTimer", {})
            if STATE_DIR:
                with open(os.path.join(STATE_DIR, "ticks.log"), "a") as f:
                    f.write(json.dumps(info) + "\n")
            self.reply(200, {"Outputs": {}, "Logs": [f"tick pastDue={info.get('IsPastDue')}"], "ReturnValue": None})
        elif function == "Crash":
            sys.stderr.write("crashing on purpose\n")
            sys.stderr.flush()
            os._exit(3)
        elif function == "Slow":
            time.sleep(30)
            self.reply(200, http_response(200, "too late"))
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
