import azure.functions as func
import greetlib  # installed from requirements.txt at deploy time


def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(greetlib.greet(req.params.get("name")))
