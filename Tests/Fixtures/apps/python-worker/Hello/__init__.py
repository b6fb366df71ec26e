import json
import logging

import azure.functions as func

from ..Shared.greeting import greet


def main(req: func.HttpRequest) -> func.HttpResponse:
    name = req.route_params.get("name")
    logging.info("greeting %s", name)
    body = {
        "greeting": greet(name),
        "method": req.method,
        "query": req.params.get("q"),
        "header": req.headers.get("x-test"),
        "url": req.url,
    }
    return func.HttpResponse(json.dumps(body), status_code=200, mimetype="application/json", headers={"X-Python": "yes", "Set-Cookie": "seen=1; Path=/"})
