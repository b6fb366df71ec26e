import hashlib
import json

import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    body = req.get_body()
    content_type = req.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        data = req.get_json()
        return func.HttpResponse(json.dumps({"sum": data["a"] + data["b"]}), mimetype="application/json")
    if content_type.startswith("text/"):
        return func.HttpResponse(body.decode("utf-8").upper(), mimetype="text/plain")
    # Binary: the bytes reversed, and their digest in a header.
    return func.HttpResponse(body[::-1], mimetype="application/octet-stream", headers={"X-SHA256": hashlib.sha256(body).hexdigest()})
