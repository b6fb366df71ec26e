import time

import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    time.sleep(60)
    return func.HttpResponse("too late")
