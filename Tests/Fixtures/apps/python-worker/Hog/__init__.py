import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    """Allocates and touches ?mb= MiB."""
    size = int(req.params.get("mb", "1")) * 1024 * 1024
    block = bytearray(size)
    for i in range(0, size, 4096):
        block[i] = 1
    return func.HttpResponse(f"allocated {len(block) >> 20} MiB")
