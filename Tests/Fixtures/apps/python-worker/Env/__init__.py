import os

import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(f"{os.environ.get('GREETING', '')}|{os.getcwd()}|{os.environ.get('HEARTH_SECRET_OF_HOST', '')}", mimetype="text/plain")
