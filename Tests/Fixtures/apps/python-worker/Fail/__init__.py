import logging

import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    logging.warning("about to fail")
    raise ValueError("boom from python")
