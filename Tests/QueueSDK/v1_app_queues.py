"""A producer and a reader written for Azure Storage queues, against a v1 app deployed on Hearth.

Run by Tests/EndToEndTests/DeployUpgradeQueueTests.swift with the venv of scripts/queue-sdk-venv.sh.
Environment: HEARTH_QUEUE_CONNECTION_STRING (the app's queue account). Sends two messages to
v1-orders with PyPI azure-storage-queue: one base64-encoded (TextBase64EncodePolicy, what v1's
storage client sent and what the queue trigger expects by default), one as the SDK sends by default
(the text itself, no encoding policy). Then waits (up to HEARTH_QUEUE_WAIT_SECONDS) for one message on
v1-processed, read with TextBase64DecodePolicy, and one on v1-orders-poison, read as it is, and prints
{"sent": …, "processed": […], "poison": […]} as JSON. Exits non-zero when they did not arrive in time.
"""

import json
import os
import sys
import time

from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError
from azure.storage.queue import QueueClient, TextBase64DecodePolicy, TextBase64EncodePolicy


def peek(client):
    try:
        return [message.content for message in client.peek_messages(max_messages=32)]
    except ResourceNotFoundError:
        return []


def main():
    connection = os.environ["HEARTH_QUEUE_CONNECTION_STRING"]
    wait = float(os.environ.get("HEARTH_QUEUE_WAIT_SECONDS", "60"))
    encoded = QueueClient.from_connection_string(connection, "v1-orders", message_encode_policy=TextBase64EncodePolicy())
    plain = QueueClient.from_connection_string(connection, "v1-orders")
    try:
        plain.create_queue()
    except ResourceExistsError:
        pass
    sent = {
        "base64": encoded.send_message('{"order": 7}').id,
        "plain": plain.send_message("plain text, as the SDK sends it").id,
    }

    processed = QueueClient.from_connection_string(connection, "v1-processed", message_decode_policy=TextBase64DecodePolicy())
    poison = QueueClient.from_connection_string(connection, "v1-orders-poison")
    deadline = time.monotonic() + wait
    result = {"sent": sent, "processed": [], "poison": []}
    while time.monotonic() < deadline:
        result["processed"] = peek(processed)
        result["poison"] = peek(poison)
        if result["processed"] and result["poison"]:
            break
        time.sleep(0.1)
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["processed"] and result["poison"] else 1)


if __name__ == "__main__":
    main()
