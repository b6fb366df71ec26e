import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    """Tries to read (?read=PATH) or write (?write=PATH) a file; answers what happened."""
    path = req.params.get("read") or req.params.get("write")
    try:
        if req.params.get("read"):
            with open(path, "rb") as f:
                return func.HttpResponse(f"read {len(f.read())} bytes")
        with open(path, "w") as f:
            f.write("x")
        return func.HttpResponse("wrote")
    except OSError as error:
        return func.HttpResponse(f"denied: {type(error).__name__}", status_code=403)
