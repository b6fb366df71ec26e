import threading

import azure.functions as func

# Two calls pass only when they run at the same time: one worker runs invocations concurrently.
barrier = threading.Barrier(2, timeout=4)


def main(req: func.HttpRequest) -> func.HttpResponse:
    barrier.wait()
    return func.HttpResponse("together")
